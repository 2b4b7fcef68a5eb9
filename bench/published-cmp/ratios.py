"""Ratios of medians from dmp-bench results.json files (see series.sh): per invocation, the
ratio of the two engines' medians and the median of the per-run ratios (the engines of one run
are measured back to back, so a slow phase of the VM hits both); then every run pooled."""
import json
import statistics
import sys

PAIRS = [("ours-packed", "floor-cursor"), ("ours-packed", "published"),
         ("ours", "floor-stamp"), ("ours", "published")]
CASES = [(case, payload) for case in ("1→1 single", "1→1 batch 64") for payload in (8, 64)]


def load(path):
    runs = {}
    for run in json.load(open(path))["runs"]:
        key = (run["case"], run["payload"], run["engine"])
        runs.setdefault(key, {})[run["run"]] = run["throughput"]["events_per_s"] / 1e6
    return runs


def ratios(runs, case, a, b):
    x, y = runs.get(case + (a,)), runs.get(case + (b,))
    if not x or not y:
        return None
    of_medians = statistics.median(x.values()) / statistics.median(y.values())
    paired = statistics.median(x[k] / y[k] for k in x if k in y)
    return of_medians, paired


files = sys.argv[1:]
pooled = {}
for path in files:
    runs = load(path)
    print(path)
    for case in CASES:
        cells = []
        for a, b in PAIRS:
            r = ratios(runs, case, a, b)
            if r:
                cells.append(f"{a}/{b} {r[0]:.2f} (paired {r[1]:.2f})")
        print(f"  {case[0]:>13} {case[1]:>2} B  " + "; ".join(cells))
    for key, by_run in runs.items():
        pooled.setdefault(key, []).extend(by_run.values())
print(f"pooled over {len(files)} invocation(s), M events/s medians")
for case in CASES:
    medians = {k[2]: statistics.median(v) for k, v in pooled.items() if k[:2] == case}
    line = "  ".join(f"{e} {m:.1f}" for e, m in medians.items())
    cells = [f"{a}/{b} {medians[a] / medians[b]:.2f}" for a, b in PAIRS
             if a in medians and b in medians]
    print(f"  {case[0]:>13} {case[1]:>2} B  {line}\n      " + "; ".join(cells))
