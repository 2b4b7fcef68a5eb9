#!/usr/bin/env bash
# Instructions per event on the publish and consume paths, counted by valgrind's callgrind.
#
#   bench/callgrind.sh [EVENTS] [PAYLOADS] [ENGINES]
#   bench/callgrind.sh 200000 "8 64 1024" "ours floor-cursor floor-stamp"   # the defaults
#
# Each case runs `dmp-bench inproc`: one process creates a ring of 1024 slots, attaches one
# consumer, and moves EVENTS events through it in rounds of half a ring (publish 512, then consume
# 512), so neither side ever waits. The publish loop and the consume loop are separate functions
# that are never inlined (`publish_phase`, `consume_phase` in bench/src/roles/inproc.rs), so
# callgrind's inclusive count of each, divided by EVENTS, is the instructions per event of that
# path, setup excluded. Both include the benchmark's own payload work (filling every word,
# checksumming every word), which is identical for every engine: compare engines, not absolutes.
#
# Modes: `single` = try_publish + try_consume_next_leased per event (ours), the same calls on the
# floors; `batch` = batches of 64 published at once and drained with process_available.
#
# Output: a table on stdout and target/bench/callgrind/summary.csv; the raw callgrind files stay
# in target/bench/callgrind/ for `callgrind_annotate --auto=yes FILE`.
set -euo pipefail

events=${1:-200000}
payloads=${2:-"8 64 1024"}
engines=${3:-"ours floor-cursor floor-stamp"}

cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
cargo build --release -q -p disruptor-mp-bench
bin=target/release/dmp-bench
out=target/bench/callgrind
mkdir -p "$out"
csv="$out/summary.csv"
echo "mode,payload,engine,events,publish_ir_per_event,consume_ir_per_event,total_ir_per_event" > "$csv"

# Inclusive instruction count of the function whose name ends in $2, from callgrind file $1.
inclusive() {
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null \
        | grep -E "inproc::$2 \[" | head -1 | awk '{gsub(",", "", $1); print $1}'
}

printf '%-7s %7s  %-16s %12s %12s %12s\n' mode payload engine "publish Ir" "consume Ir" "total Ir"
for mode in single batch; do
    for payload in $payloads; do
        for engine in $engines; do
            file="$out/$engine-$payload-$mode.out"
            valgrind --tool=callgrind --callgrind-out-file="$file" \
                "$bin" inproc --engine "$engine" --payload "$payload" --events "$events" \
                --mode "$mode" >/dev/null 2>"$file.log"
            publish=$(inclusive "$file" publish_phase)
            consume=$(inclusive "$file" consume_phase)
            read -r p c t < <(awk -v p="$publish" -v c="$consume" -v n="$events" \
                'BEGIN { printf "%.1f %.1f %.1f\n", p / n, c / n, (p + c) / n }')
            printf '%-7s %5s B  %-16s %12s %12s %12s\n' "$mode" "$payload" "$engine" "$p" "$c" "$t"
            echo "$mode,$payload,$engine,$events,$p,$c,$t" >> "$csv"
        done
    done
done
echo "wrote $csv"
