#!/usr/bin/env bash
# The issue-17 comparison: N invocations of 1→1 throughput (8 and 64 bytes, single and batches of
# 64) over ours (stamped and packed), both floors and the published crate, each invocation after
# a 60 s idle cool-down (this VM's vCPUs slow down after seconds of both cores spinning) and with
# the engine order reversed every other time. Pinned to cores 0 and 1, one process per core.
#
#   bench/published-cmp/series.sh [INVOCATIONS] [RUNS]      # defaults: 7 invocations of 7 runs
#   python3 bench/published-cmp/ratios.py target/series-*/results.json
set -euo pipefail
cd "$(dirname "$0")"
invocations=${1:-7}
runs=${2:-7}
cargo build --release -q
forward=ours,ours-packed,floor-cursor,floor-stamp,published
reverse=published,floor-stamp,floor-cursor,ours-packed,ours
stamp=$(date +%Y%m%dT%H%M%S)
for i in $(seq 1 "$invocations"); do
    if (( i % 2 )); then engines=$forward; else engines=$reverse; fi
    echo "# invocation $i of $invocations: waiting for a quiet machine, then 60 s idle" >&2
    while awk '{ exit !($1 >= 1.5) }' /proc/loadavg; do sleep 15; done
    sleep 60
    ./target/release/published-cmp throughput --payloads 8,64 --engines "$engines" \
        --consumers 1 --runs "$runs" --events 4000000 --cores 0,1 \
        --out "target/series-$stamp-$i"
done
echo "python3 $(pwd)/ratios.py $(pwd)/target/series-$stamp-*/results.json" >&2
