"""Times the tutorial's NumPy network loop, for the benchmarks in bench_test.go.

Usage: python3 numpy_loop.py REPEATS [traces]

Builds the 800 RS + 200 LTS network (seed 0) and runs the 1000-step loop
REPEATS times, recording v, u and I of every neuron when "traces" is given,
and prints the best loop time in seconds and the spike count, as
"seconds spikes". Construction is excluded, as in the Go benchmarks. The
network and the loop are reference/tutorial.py's build and run.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference"))
import tutorial  # noqa: E402


def timed(record):
    net = tutorial.build(seed=0)
    start = time.perf_counter()
    firings, _, _, _ = tutorial.run(net, 1000, record)
    return time.perf_counter() - start, len(firings)


def main():
    repeats = int(sys.argv[1])
    record = len(sys.argv) > 2 and sys.argv[2] == "traces"
    best, spikes = min(timed(record) for _ in range(repeats))
    print(best, spikes)


if __name__ == "__main__":
    main()
