#!/usr/bin/env bash
# Runs the loom models of the sequencing core (disruptor-mp/src/ring/tests/loom.rs): one
# producer and two consumers on a ring of two slots, every interleaving within the preemption
# bound, checking that no event is lost, duplicated, reordered or read before it was written or
# after it was overwritten (see the module docs and ring/sync.rs for how the shared-memory
# atomics become loom's); and the sleeper handshakes (ring/tests/loom_wakeup.rs), where a lost
# wake-up is a deadlock because the model's futex never times out.
#
#   scripts/loom.sh                 the models at preemption bound 2 (about 4.5 minutes on 2 cores,
#                                   plus a one-off build); CI runs this
#   scripts/loom.sh --seeded-bugs   builds the sleeper models twice more, once with the
#                                   sleeper's fence removed and once with the waker's check of the
#                                   sleeper count removed, and fails unless each build's models
#                                   fail (they must catch the lost wake-up); CI runs this too
#   LOOM_MAX_PREEMPTIONS=3 scripts/loom.sh
#                                   a deeper search (much longer)
#   scripts/loom.sh <filter>        only the models whose name starts with <filter>
#
# The builds go to target/loom and target/loom-seeded: `--cfg loom` changes every crate's flags,
# so they must not share the normal target directory (that would rebuild everything twice per CI
# run).
set -euo pipefail
cd "$(dirname "$0")/.."
base_flags="${RUSTFLAGS:-}"
export LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-2}"

# `--features __loom` brings in the loom crate (an optional dependency, so users never resolve it).
models() {
  local target="$1" filter="$2"
  shift 2
  cargo test -p disruptor-mp --lib --release --features __loom --target-dir "$target" -- \
    "$filter" --test-threads 2 "$@"
}

if [ "${1:-}" = "--seeded-bugs" ]; then
  for bug in no_heavy_fence no_sleeper_check; do
    export RUSTFLAGS="--cfg loom --cfg dmp_seeded_bug=\"$bug\" $base_flags"
    log="$(mktemp)"
    if models target/loom-seeded ring::tests::loom_wakeup >"$log" 2>&1; then
      cat "$log" >&2
      echo "loom.sh: seeded bug '$bug' went unnoticed: the sleeper models passed" >&2
      exit 1
    fi
    if ! grep -q "deadlock" "$log"; then
      cat "$log" >&2
      echo "loom.sh: with seeded bug '$bug' the models failed, but not with a deadlock" >&2
      exit 1
    fi
    echo "loom.sh: seeded bug '$bug' caught: $(grep -c '\.\.\. FAILED' "$log") model(s) deadlocked"
    rm -f "$log"
  done
  exit 0
fi

export RUSTFLAGS="--cfg loom $base_flags"
filter="ring::tests::loom${1:+::$1}"
models target/loom "$filter" --nocapture
