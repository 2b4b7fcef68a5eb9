#!/usr/bin/env bash
# The chaos run (issue 13, point 5; tests/tests/chaos.rs): one producer and three reserved
# gating consumers in four processes; consumers SIGKILLed and restarted under their ids at
# seeded random moments (CHAOS_CONSUMER_KILLS, default 60), the producer SIGKILLed and restarted
# twice; then every event of every producer incarnation is checked, per consumer id, for gaps,
# order, pattern and checksum, and every redelivery against what the killed process had
# released; and /dev/shm must be clean. See README.md, "Reliability".
#
#   scripts/chaos.sh                 10^8 events, seed 13 (release build)
#   scripts/chaos.sh 10000000 7      10^7 events, seed 7
#
# Other settings: CHAOS_CONSUMER_KILLS, CHAOS_CAPACITY (default 4096), CHAOS_DEADLINE_S (every
# wait's bound; default 60 s + 20 s per million events). The figures are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHAOS_EVENTS="${1:-100000000}"
export CHAOS_SEED="${2:-${CHAOS_SEED:-13}}"
echo "chaos: $CHAOS_EVENTS events, seed $CHAOS_SEED, on $(nproc) cores" >&2
exec cargo test --release -p disruptor-mp-tests --test chaos -- --ignored --exact chaos_run --nocapture
