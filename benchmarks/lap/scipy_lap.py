"""Time scipy.optimize.linear_sum_assignment on a matrix written by lap.WriteNPY.

    /usr/bin/python3 scipy_lap.py MATRIX.npy [RUNS]

Loads the int64 matrix with numpy and converts it to float64 (the type
scipy's solver works in) before timing, so neither loading nor conversion
is timed; then times linear_sum_assignment alone with time.perf_counter,
best of RUNS, and prints one JSON object {"n", "m", "seconds",
"cpu_seconds", "runs", "total"}, total being the optimal cost as an
integer and cpu_seconds the best process CPU time (time.process_time),
which a loaded machine disturbs less than the wall time. Run it with Debian's
Python (python3-scipy, python3-numpy).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    ints = np.load(path)
    cost = np.ascontiguousarray(ints, dtype=np.float64)
    best = best_cpu = None
    rows = cols = None
    for _ in range(max(runs, 1)):
        c0, t0 = time.process_time(), time.perf_counter()
        rows, cols = linear_sum_assignment(cost)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        best = dt if best is None else min(best, dt)
        best_cpu = dc if best_cpu is None else min(best_cpu, dc)
    total = int(ints[rows, cols].sum())
    n, m = ints.shape
    print(json.dumps({"n": n, "m": m, "seconds": best, "cpu_seconds": best_cpu, "runs": runs, "total": total}))


if __name__ == "__main__":
    main()
