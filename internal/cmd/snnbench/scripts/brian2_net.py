"""The benchmark networks in Brian2 (2.5.1, Debian's python3-brian), for snnbench (internal/cmd/snnbench).

Usage: python3 brian2_net.py --net tutorial|10k|100k --target cython|cpp_standalone
                             [--threads 1] [--T 1000] [--seed 0] [--spikes FILE.npy] [--workdir DIR]

--threads N > 1 runs cpp_standalone with OpenMP on N threads
(prefs.devices.cpp_standalone.openmp_threads).

The tutorial's Izhikevich update is written as custom code that runs once per
1 ms step in the 'groups' slot: noise plus the synaptic input of the previous
step, two half-steps of v, one step of u; then Brian2's threshold (v >= 30),
the synapses (on_pre: Isyn_post += w, read in the next step) and the reset
(v = c; u += d). Heterogeneity and weights are drawn as in the tutorial:
excitatory U(0, 0.5), inhibitory -U(0, 1).

  tutorial  800 + 200, all-to-all (S.connect())
  10k       8000 + 2000, S.connect(p=0.1)
  100k      80000 + 20000, 1000 presynaptic partners per neuron, drawn with
            replacement in NumPy and passed sorted by presynaptic neuron:
            S.connect(i=pre, j=post)

Prints one JSON object. loop_s is the wall time of the simulation loop: for
cpp_standalone measured around the network's run with
std::chrono::steady_clock, inserted into main.cpp (Brian2's own
device._last_run_time is the CPU time, std::clock, when OpenMP is off: until
6 Dec 2026 the one-thread rows reported that), for cython Brian2's
_last_run_time. compile_s is code generation and compilation: for
cpp_standalone device.build(compile=True, run=False); for cython the run's time
outside the loop (Brian2 caches compiled Cython code on disk, so it is small
when the same code ran before). build_s is the rest of construction: for
cython the Python calls that create the network (connect() runs compiled
code too), for cpp_standalone the binary's run time outside the loop (it
creates the synapses itself). loop_cpu_s (cpp_standalone) is the CPU time of
all the binary's threads over the loop (std::clock around the network's run,
inserted into main.cpp). peak_rss_mb is this process's peak for cython
and the simulation binary's (GNU time) for cpp_standalone.
bytes_per_synapse is what each synaptic event reads from the synapse
storage: the synapse's index in the presynaptic neuron's list (int32), its
postsynaptic index and its weight (the queue's copy of the indices is not
counted).
"""
import argparse
import json
import os
import time

import numpy as np

from brian2_timing import timed_run, use_device  # the script beside this one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", required=True, choices=["tutorial", "10k", "100k"])
    ap.add_argument("--target", required=True, choices=["cython", "cpp_standalone"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--spikes", default="")
    ap.add_argument("--workdir", default="brian2_standalone")
    args = ap.parse_args()
    if args.threads < 1 or (args.threads > 1 and args.target != "cpp_standalone"):
        ap.error("--threads %d: give 1, or more with --target cpp_standalone (OpenMP)" % args.threads)

    import brian2 as b2
    b2.BrianLogger.log_level_error()
    standalone = args.target == "cpp_standalone"
    workdir = os.path.abspath(args.workdir)
    use_device(b2, args.target, "cython", workdir, args.threads)
    b2.defaultclock.dt = 1 * b2.ms
    b2.seed(args.seed)
    np.random.seed(args.seed)

    t0 = time.perf_counter()
    Ne, Ni = {"tutorial": (800, 200), "10k": (8000, 2000), "100k": (80000, 20000)}[args.net]
    N = Ne + Ni
    G = b2.NeuronGroup(N, """
        v : 1
        u : 1
        a : 1 (constant)
        b : 1 (constant)
        c : 1 (constant)
        d : 1 (constant)
        sigma : 1 (constant)
        Isyn : 1
        """, threshold="v >= 30", reset="v = c; u += d")
    G.run_regularly("""
        I = sigma*randn() + Isyn
        v += 0.5*(0.04*v**2 + 5*v + 140 - u + I)
        v += 0.5*(0.04*v**2 + 5*v + 140 - u + I)
        u += a*(b*v - u)
        Isyn = 0
        """, dt=1 * b2.ms, when="groups")
    re, ri = np.random.rand(Ne), np.random.rand(Ni)
    G.a = np.concatenate((0.02 * np.ones(Ne), 0.02 + 0.08 * ri))
    G.b = np.concatenate((0.2 * np.ones(Ne), 0.25 - 0.05 * ri))
    G.c = np.concatenate((-65 + 15 * re**2, -65 * np.ones(Ni)))
    G.d = np.concatenate((8 - 6 * re**2, 2 * np.ones(Ni)))
    G.sigma = np.concatenate((5 * np.ones(Ne), 2 * np.ones(Ni)))
    G.v = -65
    G.u = "b*v"
    S = b2.Synapses(G, G, "w : 1", on_pre="Isyn_post += w")
    if args.net == "tutorial":
        S.connect()
    elif args.net == "10k":
        S.connect(p=0.1)
    else:
        # 1000 presynaptic partners per neuron, drawn with replacement as in
        # numpy_net.py, and handed to Brian2 sorted by presynaptic neuron:
        # its fastest layout (the generator form
        # connect(i='k for k in sample(N_pre, size=1000)') creates the
        # synapses by postsynaptic neuron, and every spike then touches
        # scattered memory: its loop took 59 s instead of 9 s here).
        K = 1000
        pre = np.random.randint(0, N, size=N * K).astype(np.int32)
        order = np.argsort(pre, kind="stable")
        pre.sort()
        post = (order // K).astype(np.int32)
        del order
        S.connect(i=pre, j=post)
        del pre, post
    S.w["i < %d" % Ne] = "0.5*rand()"
    S.w["i >= %d" % Ne] = "-rand()"
    mon = b2.SpikeMonitor(G)
    net = b2.Network(G, S, mon)
    build = time.perf_counter() - t0

    build, compile_s, loop, loop_cpu, peak = timed_run(b2, lambda: net.run(args.T * b2.ms), standalone, workdir, build)

    i = np.asarray(mon.i[:], dtype=np.int64)
    t = np.rint(np.asarray(mon.t / b2.ms)).astype(np.int64)
    outdeg = np.bincount(np.asarray(S.i[:]), minlength=N)
    # Spikes of the last step are not delivered within the run.
    events = int(outdeg[i[t < args.T - 1]].sum())
    if args.spikes:
        np.save(args.spikes, np.column_stack((t, i)))
    per_synapse = 4 + np.dtype(S.variables["_synaptic_post"].dtype).itemsize + np.dtype(S.variables["w"].dtype).itemsize
    engine = "brian2-" + args.target + ("-%dthreads" % args.threads if args.threads > 1 else "")
    print(json.dumps({
        "engine": engine, "net": args.net, "neurons": N,
        "synapses": int(len(S)), "build_s": build, "compile_s": compile_s,
        "loop_s": loop, "loop_cpu_s": loop_cpu, "spikes": int(len(i)), "events": events,
        "peak_rss_mb": peak, "bytes_per_synapse": per_synapse,
    }))


if __name__ == "__main__":
    main()
