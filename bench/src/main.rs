//! `dmp-bench`: see `dmp-bench help` and bench/README.md.

fn main() {
    disruptor_mp_bench::cli::main()
}
