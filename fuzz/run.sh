#!/usr/bin/env bash
# Runs one fuzz target of disruptor-mp with cargo fuzz (libFuzzer), or turns what it found into
# the regression corpus that `cargo test --workspace` replays.
#
#   fuzz/run.sh <target> <seconds>   fuzz <target> for <seconds>; log in fuzz/logs/<target>.log
#   fuzz/run.sh minimize <target>    merge the working corpus into a minimal set that keeps its
#                                    coverage, and write it to disruptor-mp/tests/fuzz-corpus/
#                                    (keeping the crash-* inputs of bugs found there)
#   fuzz/run.sh list                 the targets
#
# Targets: header, consumer_table, field_table (see disruptor-mp/src/__fuzz/). Needs a nightly
# toolchain (`rustup toolchain install nightly`) and cargo-fuzz (`cargo install cargo-fuzz`).
# One fuzzer at a time: each keeps a core busy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
regressions="$here/../disruptor-mp/tests/fuzz-corpus"
targets=(header consumer_table field_table)

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

max_len() {
  case "$1" in
    header) echo 16384 ;;          # a whole small segment, or a compact one with zero padding
    consumer_table) echo 2048 ;;   # a config byte and up to 256 operations
    field_table) echo 12288 ;;     # an event description and 64 records of 160 bytes
    *) echo "unknown target $1" >&2; exit 2 ;;
  esac
}

check_tools() {
  if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzzing needs a nightly toolchain: rustup toolchain install nightly" >&2
    exit 1
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzzing needs cargo-fuzz: cargo install cargo-fuzz" >&2
    exit 1
  fi
}

# The working corpus starts from the regression corpus and the library's own seeds.
prepare_corpus() {
  local target="$1" seeds
  mkdir -p "$here/corpus/$target"
  cp -n "$regressions/$target"/* "$here/corpus/$target/" 2>/dev/null || true
  seeds="$(mktemp -d)"
  (cd "$here/.." && DMP_FUZZ_SEEDS="$seeds" cargo test -q -p disruptor-mp --lib \
    __fuzz::tests::export_seeds -- --ignored >/dev/null)
  cp -n "$seeds/$target"/* "$here/corpus/$target/"
  rm -rf "$seeds"
}

run() {
  local target="$1" seconds="$2"
  check_tools
  prepare_corpus "$target"
  mkdir -p "$here/logs" "$here/artifacts/$target"
  cd "$here"
  # -timeout: an input running 10 s counts as a hang; -rss_limit_mb: as an unbounded allocation.
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
    -rss_limit_mb=2048 -use_value_profile=1 -print_final_stats=1 -dict=dict/edges.dict \
    -artifact_prefix="artifacts/$target/" 2>&1 | tee "logs/$target.log"
}

minimize() {
  local target="$1" merged
  check_tools
  cd "$here"
  merged="$(mktemp -d)"
  cargo +nightly fuzz cmin "$target" "corpus/$target" -- -max_len="$(max_len "$target")"
  cp "corpus/$target"/* "$merged/"
  # Inputs that reproduced a bug (named crash-*) stay, whether or not they add coverage now.
  mkdir -p "$regressions/$target"
  find "$regressions/$target" -type f ! -name 'crash-*' -delete
  # Name files by content, so re-running keeps names stable.
  for file in "$merged"/*; do
    cp "$file" "$regressions/$target/$(sha1sum "$file" | cut -c1-16)"
  done
  rm -rf "$merged"
  echo "$(ls "$regressions/$target" | wc -l) inputs, $(du -sh "$regressions/$target" | cut -f1) in $regressions/$target"
}

case "${1:-}" in
  list) printf '%s\n' "${targets[@]}" ;;
  minimize) [ $# -eq 2 ] || usage; max_len "$2" >/dev/null; minimize "$2" ;;
  header | consumer_table | field_table) [ $# -eq 2 ] || usage; run "$1" "$2" ;;
  *) usage ;;
esac
