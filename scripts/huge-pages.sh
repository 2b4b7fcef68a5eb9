#!/usr/bin/env bash
# Sets this machine up for the huge page tests and benchmarks: a pool of huge pages, a hugetlbfs
# directory, a tmpfs mounted huge=never (where asking for huge pages must be refused), and
# /dev/shm mounted huge=advise (so a ring that asks gets transparent huge pages). Needs root.
#
#   eval "$(scripts/huge-pages.sh)"
#
# prints the environment the tests and `dmp-bench` read (DMP_TEST_*, DMP_BENCH_HUGETLBFS_DIR),
# including DMP_TEST_HUGE_PAGES_REQUIRED=1: from then on a missing piece fails the tests rather
# than skipping them. Where the machine cannot be set up (not root, a container that forbids
# mounts), it says why on stderr and prints nothing, and the tests skip with that reason.
# Running it again changes nothing.
set -euo pipefail

pages=${DMP_HUGE_PAGES:-128}
base=${DMP_HUGE_PAGES_DIR:-/tmp/disruptor-mp-pages}

skip() {
  echo "huge-pages.sh: $*; the huge page tests will skip" >&2
  exit 0
}

[ "$(id -u)" = 0 ] || skip "not root"
total=$(awk '/^HugePages_Total:/ {print $2}' /proc/meminfo)
if [ "${total:-0}" -lt "$pages" ]; then
  echo "$pages" >/proc/sys/vm/nr_hugepages 2>/dev/null || skip "cannot reserve $pages huge pages"
fi
free=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo)
[ "${free:-0}" -ge 16 ] || skip "only ${free:-0} huge pages are free"
mkdir -p "$base/hugetlbfs" "$base/no-huge-tmpfs"
mountpoint -q "$base/hugetlbfs" ||
  mount -t hugetlbfs -o mode=1777 none "$base/hugetlbfs" 2>/dev/null || skip "cannot mount hugetlbfs"
mountpoint -q "$base/no-huge-tmpfs" ||
  mount -t tmpfs -o huge=never,size=64m,mode=1777 none "$base/no-huge-tmpfs" 2>/dev/null ||
  skip "cannot mount a tmpfs"
mount -o remount,huge=advise /dev/shm 2>/dev/null || skip "cannot remount /dev/shm with huge=advise"

echo "export DMP_TEST_HUGETLBFS_DIR=$base/hugetlbfs"
echo "export DMP_TEST_NO_HUGE_TMPFS_DIR=$base/no-huge-tmpfs"
echo "export DMP_TEST_HUGE_PAGES_REQUIRED=1"
echo "export DMP_BENCH_HUGETLBFS_DIR=$base/hugetlbfs"
