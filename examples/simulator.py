#!/usr/bin/python3
"""A stand-in for a simulation, to optimize with `minima blackbox --command` (README, "worked example").

Protocol: reads the point (one line of numbers) on standard input, may log anything, prints the cost
as the last line of standard output. It takes SIM_SECONDS (default 0.01) like a run that waits, and
fails — exit status 1 and a message on standard error — where the "simulation" is unstable (x1 > 1.5),
which minima counts as a failed evaluation and ranks worst.
"""
import os
import sys
import time

x = [float(v) for v in sys.stdin.readline().split()]
time.sleep(float(os.environ.get("SIM_SECONDS", "0.01")))
print(f"simulating {len(x)} parameters", file=sys.stderr)
if x[0] > 1.5:
    print(f"unstable at x1 = {x[0]:.3f}", file=sys.stderr)
    sys.exit(1)
print("cost:")
print(sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1)))
