#!/usr/bin/python3
"""Times the tutorial's NumPy simulation loop, for scripting's benchmarks.

Usage: python3 bench_numpy.py STEPS REPS

Builds the tutorial network (800 RS + 200 LTS, seed 0, we 0.5, wi 1.0) and
runs its loop of STEPS ms, REPS times, each from the same initial state.
Prints one line: the spike count of a run and the mean wall time of the
loop in nanoseconds (network construction excluded, as in the Go runs).
"""
import sys
import time

import numpy as np


def run(steps):
    Ne, Ni = 800, 200
    N = Ne + Ni
    np.random.seed(0)
    re, ri = np.random.rand(Ne), np.random.rand(Ni)
    a = np.concatenate((0.02 * np.ones(Ne), 0.02 + 0.08 * ri))
    b = np.concatenate((0.2 * np.ones(Ne), 0.25 - 0.05 * ri))
    c = np.concatenate((-65 + 15 * re**2, -65 * np.ones(Ni)))
    d = np.concatenate((8 - 6 * re**2, 2 * np.ones(Ni)))
    S = np.concatenate((0.5 * np.random.rand(N, Ne), -1.0 * np.random.rand(N, Ni)), axis=1)
    v = -65 * np.ones(N)
    u = b * v
    firings = []
    fired = np.array([], dtype=int)
    start = time.perf_counter()
    for t in range(steps):
        I = np.concatenate((5 * np.random.randn(Ne), 2 * np.random.randn(Ni)))
        if t > 0:
            I += np.sum(S[:, fired], axis=1)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u += a * (b * v - u)
        fired = np.where(v >= 30)[0]
        firings.extend((t, i) for i in fired)
        v[fired] = c[fired]
        u[fired] += d[fired]
    return len(firings), time.perf_counter() - start


def main():
    steps, reps = int(sys.argv[1]), int(sys.argv[2])
    total = 0.0
    for _ in range(reps):
        n, dt = run(steps)
        total += dt
    print(n, int(total / reps * 1e9))


if __name__ == "__main__":
    main()
