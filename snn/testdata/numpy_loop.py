"""Times the tutorial's NumPy network loop, for the benchmarks in bench_test.go.

Usage: python3 numpy_loop.py REPEATS [traces]

Builds the 800 RS + 200 LTS network (seed 0) and runs the 1000-step loop
REPEATS times, recording v, u and I of every neuron when "traces" is given,
and prints the best loop time in seconds and the spike count, as
"seconds spikes". Construction is excluded, as in the Go benchmarks.
"""
import sys
import time

import numpy as np


def run(record):
    np.random.seed(0)
    Ne, Ni = 800, 200
    N = Ne + Ni
    re, ri = np.random.rand(Ne), np.random.rand(Ni)
    a = np.concatenate((0.02 * np.ones(Ne), 0.02 + 0.08 * ri))
    b = np.concatenate((0.2 * np.ones(Ne), 0.25 - 0.05 * ri))
    c = np.concatenate((-65 + 15 * re**2, -65 * np.ones(Ni)))
    d = np.concatenate((8 - 6 * re**2, 2 * np.ones(Ni)))
    S = np.concatenate((0.5 * np.random.rand(N, Ne), -np.random.rand(N, Ni)), axis=1)
    v = -65 * np.ones(N)
    u = b * v
    T = 1000
    if record:
        vs, us, Is = np.zeros((T, N)), np.zeros((T, N)), np.zeros((T, N))
    firings = []
    fired = np.array([], dtype=int)
    start = time.perf_counter()
    for t in range(T):
        I = np.concatenate((5 * np.random.randn(Ne), 2 * np.random.randn(Ni)))
        if t > 0:
            I += np.sum(S[:, fired], axis=1)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u += a * (b * v - u)
        fired = np.where(v >= 30)[0]
        firings.append(np.column_stack((np.full(len(fired), t), fired)))
        v[fired] = c[fired]
        u[fired] += d[fired]
        if record:
            vs[t], us[t], Is[t] = v, u, I
    elapsed = time.perf_counter() - start
    return elapsed, sum(len(f) for f in firings)


def main():
    repeats = int(sys.argv[1])
    record = len(sys.argv) > 2 and sys.argv[2] == "traces"
    best, spikes = min(run(record) for _ in range(repeats))
    print(best, spikes)


if __name__ == "__main__":
    main()
