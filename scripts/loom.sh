#!/usr/bin/env bash
# Runs the loom models of the sequencing core (disruptor-mp/src/ring/tests/loom.rs): one
# producer and two consumers on a ring of two slots, every interleaving within the preemption
# bound, checking that no event is lost, duplicated, reordered or read before it was written or
# after it was overwritten (see the module docs and ring/sync.rs for how the shared-memory
# atomics become loom's).
#
#   scripts/loom.sh                 the models at preemption bound 2 (about 4.5 minutes on 2 cores,
#                                   plus a one-off build); CI runs this
#   LOOM_MAX_PREEMPTIONS=3 scripts/loom.sh
#                                   a deeper search (much longer)
#   scripts/loom.sh <filter>        only the models whose name starts with <filter>
#
# The build goes to target/loom: `--cfg loom` changes every crate's flags, so it must not share
# the normal target directory (that would rebuild everything twice per CI run).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTFLAGS="--cfg loom ${RUSTFLAGS:-}"
export LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-2}"
filter="ring::tests::loom${1:+::$1}"
# `--features __loom` brings in the loom crate (an optional dependency, so users never resolve it).
exec cargo test -p disruptor-mp --lib --release --features __loom --target-dir target/loom -- "$filter" \
  --test-threads 2 --nocapture
