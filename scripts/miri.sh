#!/usr/bin/env bash
# Runs the runtime crate's in-process tests (disruptor-mp --lib: the sequencing core, the
# consumer table, header validation and the fuzz entry points on the heap backend) under Miri,
# which reports undefined behaviour: out-of-bounds or misaligned accesses, invalid values, data
# races, leaks.
#
#   scripts/miri.sh          run them; fails if Miri is not installed (says how to install it)
#   scripts/miri.sh --ci     CI's subset (about two minutes): everything but the sample of
#                            the fuzz regression corpus (about seven minutes under Miri; CI runs
#                            the whole corpus natively anyway). First tries to install Miri, and
#                            skips with a message (exit 0) when it cannot be had on this machine
#
# Miri needs a nightly toolchain with the miri and rust-src components:
#   rustup toolchain install nightly --profile minimal --component miri,rust-src
# MIRI_TOOLCHAIN picks another toolchain than `nightly`.
#
# Two passes, because the tests that scribble over consumer-table entries write 64-bit words
# over 32-bit atomics (as a lying peer would), and Miri's weak-memory emulation cannot model
# mixed-size atomic accesses (it stops with an internal error); those tests run in a second pass
# with weak-memory emulation off (data races are still detected).
#
# Flags: -Zmiri-disable-isolation, because header creation reads the real-time clock and the
# regression corpus is read from disk. Under Miri the library does not ask the OS about other
# processes (Miri can neither signal nor read /proc): only the current process counts as alive,
# which is exact for in-process tests. Loops run fewer rounds under cfg(miri).
#
# Not run under Miri: ring::tests::seqlock::a_racing_plain_reader_never_returns_a_torn_or_wrong_event.
# The copy a non-gating reader takes races the producer's write by design (a seqlock whose
# torn copies are discarded), and Miri reports that race; see docs/safety.md.
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain="${MIRI_TOOLCHAIN:-nightly}"
ci=false
[ "${1:-}" = "--ci" ] && ci=true

have_miri() { cargo +"$toolchain" miri --version >/dev/null 2>&1; }

if ! have_miri; then
  if ! $ci; then
    echo "miri.sh: no Miri on toolchain '$toolchain'; install it with" >&2
    echo "  rustup toolchain install $toolchain --profile minimal --component miri,rust-src" >&2
    exit 1
  fi
  echo "miri.sh: installing Miri on toolchain '$toolchain'"
  if ! timeout 900 rustup toolchain install "$toolchain" --profile minimal \
      --component miri,rust-src >/dev/null 2>&1 || ! have_miri; then
    echo "miri.sh: skipped: Miri cannot be installed on this machine (no '$toolchain' toolchain with miri from rustup)"
    exit 0
  fi
fi

# Tests whose scribbles mix 64-bit writes with 32-bit atomics (see above).
mixed=(ring::tests::hostile::a_garbage_consumer_table __fuzz::)
skips=()
for test in "${mixed[@]}"; do skips+=(--skip "$test"); done

# Feature `tokio` for the copies an async stream takes ahead (ring::tests::copy_ahead).
echo "miri.sh: pass 1: every in-process test but the mixed-size scribblers"
MIRIFLAGS="-Zmiri-disable-isolation ${MIRIFLAGS:-}" \
  cargo +"$toolchain" miri test -p disruptor-mp --lib --features tokio -- "${skips[@]}"
ci_skips=()
$ci && ci_skips=(--skip __fuzz::tests::every_regression_input_runs_cleanly)
echo "miri.sh: pass 2: the mixed-size scribblers, without weak-memory emulation"
MIRIFLAGS="-Zmiri-disable-isolation -Zmiri-disable-weak-memory-emulation ${MIRIFLAGS:-}" \
  cargo +"$toolchain" miri test -p disruptor-mp --lib -- "${mixed[@]}" "${ci_skips[@]}"
