"""The benchmark networks in NumPy, for snnbench (internal/cmd/snnbench).

Usage: python3 numpy_net.py --net tutorial|10k|100k [--T 1000] [--seed 0] [--spikes FILE.npy]

Prints one JSON object: build_s (drawing parameters and weights), loop_s (the
simulation loop only), loop_cpu_s (its CPU time), spikes, events (synaptic events delivered), synapses,
peak_rss_mb (this process, VmHWM from /proc/self/status), bytes_per_synapse (what
each synaptic event reads from the weight storage) and, with --spikes, writes the
(n, 2) int64 array of [t, neuron] rows.

  tutorial  800 RS + 200 LTS, dense, we 0.5, wi 1.0: the tutorial's code as
            written (np.random.seed(seed) gives its spikes: 7648 for seed 0).
  10k       8000 + 2000, the tutorial's algorithm on a dense matrix whose
            entries are kept with probability 0.1 (1e7 synapses, weights
            unscaled, so each neuron receives about 1000 as in the tutorial).
  100k      80000 + 20000, 1000 synapses into every neuron (1e8). A dense
            matrix would take 80 GB, so the weights are stored by presynaptic
            neuron (CSR) and each step gathers the fired rows and adds them
            with np.bincount: the tutorial's algorithm on sparse storage.
            Presynaptic partners are drawn with replacement (a few multiple
            synapses), which keeps the construction vectorised.
"""
import argparse
import json
import resource
import time

import numpy as np


def params(Ne, Ni):
    re, ri = np.random.rand(Ne), np.random.rand(Ni)
    a = np.concatenate((0.02 * np.ones(Ne), 0.02 + 0.08 * ri))
    b = np.concatenate((0.2 * np.ones(Ne), 0.25 - 0.05 * ri))
    c = np.concatenate((-65 + 15 * re**2, -65 * np.ones(Ni)))
    d = np.concatenate((8 - 6 * re**2, 2 * np.ones(Ni)))
    return a, b, c, d


def peak_rss_mb():
    """This process's peak resident set in MB: VmHWM from /proc/self/status.

    getrusage's ru_maxrss would start at the parent's peak: Linux carries the
    peak of the memory a process replaced with execve into it, and snnbench
    (Go) starts its children by vfork.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", required=True, choices=["tutorial", "10k", "100k"])
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--spikes", default="")
    args = ap.parse_args()

    np.random.seed(args.seed)
    Ne, Ni = {"tutorial": (800, 200), "10k": (8000, 2000), "100k": (80000, 20000)}[args.net]
    N = Ne + Ni
    start = time.perf_counter()
    a, b, c, d = params(Ne, Ni)
    sparse = args.net == "100k"
    if not sparse:
        S = np.concatenate((0.5 * np.random.rand(N, Ne), -np.random.rand(N, Ni)), axis=1)
        if args.net == "10k":
            S *= np.random.rand(N, N) < 0.1
        outdeg = np.count_nonzero(S, axis=0)
        # S[:, fired] reads whole columns, zeros too.
        per_synapse = S.nbytes / max(1, int(outdeg.sum()))
    else:
        K = 1000
        pre = np.random.randint(0, N, size=N * K).astype(np.int32)
        order = np.argsort(pre, kind="stable")
        post = (order // K).astype(np.int32)
        del order
        outdeg = np.bincount(pre, minlength=N)
        pre.sort()
        w = np.random.rand(N * K)
        w *= np.where(pre < Ne, 0.5, -1.0)
        del pre
        rowptr = np.concatenate(([0], np.cumsum(outdeg)))
        per_synapse = post.itemsize + w.itemsize
    synapses = int(outdeg.sum())
    v = -65 * np.ones(N)
    u = b * v
    build = time.perf_counter() - start

    T = args.T
    firings = []
    fired = np.array([], dtype=int)
    events = 0
    cpu0 = cpu_seconds()
    start = time.perf_counter()
    for t in range(T):
        I = np.concatenate((5 * np.random.randn(Ne), 2 * np.random.randn(Ni)))
        if t > 0 and len(fired):
            events += int(outdeg[fired].sum())
            if not sparse:
                I += np.sum(S[:, fired], axis=1)
            else:
                lens = outdeg[fired]
                starts = rowptr[fired]
                # Positions of every synapse of the fired rows.
                idx = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(lens.sum())
                I += np.bincount(post[idx], weights=w[idx], minlength=N)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u += a * (b * v - u)
        fired = np.where(v >= 30)[0]
        firings.append(np.column_stack((np.full(len(fired), t), fired)))
        v[fired] = c[fired]
        u[fired] += d[fired]
    loop = time.perf_counter() - start
    loop_cpu = cpu_seconds() - cpu0
    spikes = np.concatenate(firings).astype(np.int64)
    if args.spikes:
        np.save(args.spikes, spikes)
    print(json.dumps({
        "engine": "numpy", "net": args.net, "neurons": N, "synapses": synapses,
        "build_s": build, "compile_s": 0.0, "loop_s": loop, "loop_cpu_s": loop_cpu,
        "spikes": len(spikes), "events": events,
        "peak_rss_mb": peak_rss_mb(), "bytes_per_synapse": per_synapse,
    }))


if __name__ == "__main__":
    main()
