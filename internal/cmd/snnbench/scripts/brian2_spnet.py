"""Izhikevich's polychronization network (spnet, 2006) in Brian2 (2.5.1, Debian's python3-brian), for snnbench.

E. M. Izhikevich, "Polychronization: computation with spikes", Neural
Computation 18, 245-282 (2006), doi:10.1162/089976606775093882, and his
published C++ program poly_spnet.cpp, which gosnn's snn/spnet reproduces bit
for bit (snn/spnet/testdata/spnet_ref.c is gosnn's C reference of it).

Usage: python3 brian2_spnet.py [--target cpp_standalone|numpy] [--threads 1]
                               [--seconds 60] [--spikes FILE.npy] [--stats FILE.csv]
                               [--weights FILE.npz --weights-every S] [--workdir DIR]

The network is the original's, drawn with the same generator: the C
library's rand() after srand(0) (glibc, called through ctypes), rand01 =
0.9999999*rand()/RAND_MAX, in the original's order (targets, then v, then one
thalamic input per ms), so the synapses, delays, initial state and the
thalamic input are exactly the original's and gosnn's.

The schedule of each 1 ms step follows the original's:

  start       I = 0, then I[k] = 20 for the ms's thalamic neuron k (drawn
              beforehand, a TimedArray); at t = 1, 2, ... s first the
              original's end-of-second weight update: sd *= 0.9,
              w = clip(w + 0.01 + sd, 0, 10) (excitatory synapses)
  thresholds  v >= 30 on the v left by the previous step; the reset moved
              into this slot (v = -65, u += d, LTD trace = 0.12), so that it
              precedes delivery as in the original
  synapses    first the post pathway (every excitatory synapse onto a neuron
              that fired gains its presynaptic LTP trace at the time the
              spike would have left: 0.1*0.95**(t - 1 ms - last arrival));
              then the pre pathways: I_post += w, and for excitatory synapses
              sd -= LTD trace of the target; a synapse of delay d ms has
              Brian2 delay d - 1 ms (a 1 ms synapse acts in the ms its neuron
              fires, as in the original)
  end         v += 0.5*((0.04*v + 5)*v + 140 - u + I) twice, u += a*(0.2*v - u),
              LTD trace *= 0.95

With the numpy target (float64 NumPy arithmetic) the first seconds are the
original's spike for spike (snnbench's TestBrian2SpnetMatchesGosnn checks 2 s
against gosnn's snn/spnet); with cpp_standalone on one thread the spikes of
seed 0 were identical to gosnn's for the first 40.3 s here (6 Dec 2026), and
the per-second statistics then stay within about 1 % over 300 s
(BENCHMARKS.md).

What differs from the original (so the spikes agree only at first):
  - the order in which inputs arriving in one ms are summed (Brian2's spike
    queue, not newest-first by neuron index), and with two OpenMP threads
    the split of that work;
  - cpp_standalone compiles with -O3 -ffast-math (Brian2's default), which
    lets the compiler reassociate and fuse the float64 arithmetic;
  - the LTP trace is computed as 0.1*0.95**k from the last arrival instead of
    the original's chain of products (they differ in the last bits);
  - the last second's weight update, which the original applies after the
    run, is applied here in NumPy after the run;
  - the original drops a second's spikes above 100,000 (never reached).

Prints one JSON object (the fields snnbench reads). loop_s is the wall time
of the simulation loop: for cpp_standalone measured around the network's run
with std::chrono::steady_clock, inserted into main.cpp (Brian2's own
device._last_run_time is the CPU time, std::clock, when OpenMP is off), for
numpy Brian2's _last_run_time; compile_s is code
generation and compilation (device.build(compile=True, run=False)); build_s
is the Python construction plus the binary's time outside the loop.
loop_cpu_s (cpp_standalone) is the CPU time of all threads over the loop.
events counts every spike's 100 synapses.
--stats writes one line per second: second, excitatory rate, strong
percentage (exc->exc synapses above 0.9*C_max, divided by Ne*M as the
original does; only when weights are recorded every second, else empty),
inhibitory rate. --weights writes the recorded excitatory weights'
histograms (20 bins over [0, 10]) and their times, and the final weights.
"""
import argparse
import ctypes
import ctypes.util
import json
import os
import time

import numpy as np

from brian2_timing import timed_run, use_device  # the script beside this one

Ne, Ni, M, D, C_MAX = 800, 200, 100, 20, 10.0
N = Ne + Ni


class Glibc:
    """The C library's rand() after srand(seed), as poly_spnet.cpp draws."""

    def __init__(self, seed):
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))
        self.libc.srand(ctypes.c_uint(seed))
        self.rand_max = 2147483647  # glibc's RAND_MAX

    def rand01(self):
        return 0.9999999 * self.libc.rand() / self.rand_max


def draw_network(seed, steps):
    """The original's network, initial state and thalamic input, in its draw order."""
    g = Glibc(seed)
    post = np.zeros((N, M), dtype=np.int32)
    for i in range(N):
        taken = set()
        for j in range(M):
            while True:
                if i < Ne:
                    r = int(np.floor(N * g.rand01()))
                    if r == i:
                        continue
                else:
                    r = int(np.floor(Ne * g.rand01()))
                if r not in taken:
                    break
            taken.add(r)
            post[i, j] = r
    v0 = np.array([-65.0 + 10.0 * g.rand01() for _ in range(N)])
    thalamic = np.array([int(np.floor(N * g.rand01())) for _ in range(steps)], dtype=np.int32)
    return post, v0, thalamic


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", default="cpp_standalone", choices=["cpp_standalone", "numpy"],
                    help="Brian2 code generation target (numpy: no compilation, slow; for checks)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads (cpp_standalone)")
    ap.add_argument("--seconds", type=float, default=60, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=0, help="srand(SEED) as the original")
    ap.add_argument("--spikes", default="", help="write the spikes as an .npy of [t ms, neuron] rows")
    ap.add_argument("--stats", default="", help="write the per-second statistics as CSV")
    ap.add_argument("--weights", default="", help="write weight histograms (.npz)")
    ap.add_argument("--weights-every", type=float, default=0, help="record the excitatory weights every S seconds (0: only at the end)")
    ap.add_argument("--workdir", default="brian2_spnet_standalone")
    args = ap.parse_args()
    steps = int(round(args.seconds * 1000))
    if steps < 1:
        ap.error("--seconds %g: simulate at least 1 ms" % args.seconds)
    if args.threads < 1 or (args.threads > 1 and args.target != "cpp_standalone"):
        ap.error("--threads %d: give 1, or more with --target cpp_standalone (OpenMP)" % args.threads)
    every_ms = int(round(args.weights_every * 1000))
    if every_ms < 0 or (every_ms > 0 and every_ms % 1000 != 0):
        ap.error("--weights-every %g: give whole seconds (or 0)" % args.weights_every)

    import brian2 as b2
    from brian2 import ms, second
    b2.BrianLogger.log_level_error()
    standalone = args.target == "cpp_standalone"
    workdir = os.path.abspath(args.workdir)
    use_device(b2, args.target, "numpy", workdir, args.threads)
    b2.defaultclock.dt = 1 * ms

    t0 = time.perf_counter()
    post, v0, thalamic = draw_network(args.seed, steps)
    thal = b2.TimedArray(thalamic.astype(np.float64), dt=1 * ms)

    G = b2.NeuronGroup(N, """
        v : 1
        u : 1
        a : 1 (constant)
        d : 1 (constant)
        I : 1
        ltd : 1
        """, threshold="v >= 30", reset="v = -65; u += d; ltd = 0.12")
    # The original resets (and sets the LTD trace) before delivering spikes.
    G.resetter["spike"].when = "thresholds"
    G.resetter["spike"].order = 1
    G.run_regularly("I = 20.0*int(i == thal(t))", dt=1 * ms, when="start", order=0)
    G.run_regularly("""
        v += 0.5*((0.04*v + 5)*v + 140 - u + I)
        v += 0.5*((0.04*v + 5)*v + 140 - u + I)
        u += a*(0.2*v - u)
        ltd *= 0.95
        """, dt=1 * ms, when="end")
    G.a = np.where(np.arange(N) < Ne, 0.02, 0.1)
    G.d = np.where(np.arange(N) < Ne, 8.0, 2.0)
    G.v = v0
    G.u = 0.2 * v0

    pre = np.repeat(np.arange(N, dtype=np.int32), M).reshape(N, M)
    exc = b2.Synapses(G, G, """
        w : 1
        sd : 1
        tarr : second
        """,
        on_pre="""
        I_post += w
        sd -= ltd_post
        tarr = t
        """,
        on_post="sd += 0.1*0.95**((t - tarr)/ms - 1)")
    # Potentiation reads the arrivals before this ms's: post pathway first.
    exc.post.order = -2
    exc.connect(i=pre[:Ne].ravel(), j=post[:Ne].ravel())
    exc.w = 6.0
    exc.sd = 0.0
    exc.tarr = -1e9 * ms
    exc.delay = (np.tile(np.arange(M) // (M // D), Ne)) * ms  # synapse j: j/5 + 1 ms, minus 1
    # The original's weight update after every second (not at t = 0).
    exc.run_regularly("""
        sd *= 0.9
        w = clip(w + int(t > 0*ms)*(0.01 + sd), 0, 10)
        """, dt=1 * second, when="start", order=-1)
    inh = b2.Synapses(G, G, "w : 1", on_pre="I_post += w")
    inh.connect(i=pre[Ne:].ravel(), j=post[Ne:].ravel())
    inh.w = -5.0
    inh.delay = 0 * ms
    mon = b2.SpikeMonitor(G)
    objects = [G, exc, inh, mon]
    wmon = None
    if every_ms > 0:
        # The excitatory weights at the end of each period, before its
        # update, as the original's statistics see them.
        wmon = b2.StateMonitor(exc, "w", record=True, dt=every_ms * ms, when="start", order=-2)
        objects.append(wmon)
    net = b2.Network(*objects)
    build = time.perf_counter() - t0

    build, compile_s, loop, loop_cpu, peak = timed_run(
        b2, lambda: net.run(steps * ms, namespace={"thal": thal}), standalone, workdir, build)

    i = np.asarray(mon.i[:], dtype=np.int64)
    t = np.rint(np.asarray(mon.t / ms)).astype(np.int64)
    if args.spikes:
        np.save(args.spikes, np.column_stack((t, i)))
    # The original's update after the last second.
    w = np.asarray(exc.w[:], dtype=np.float64)
    sd = np.asarray(exc.sd[:], dtype=np.float64)
    if steps % 1000 == 0:
        sd = 0.9 * sd
        w = np.clip(w + (0.01 + sd), 0, C_MAX)
    exc_to_exc = post[:Ne].ravel() < Ne
    if args.stats:
        secs = steps // 1000
        strong = {}
        if wmon is not None and every_ms == 1000:
            W = np.asarray(wmon.w[:], dtype=np.float64)  # (synapses, records at 0, 1, ... s)
            for k in range(1, W.shape[1]):
                strong[k - 1] = int(np.count_nonzero((W[:, k] > 0.9 * C_MAX) & exc_to_exc))
        ecount = np.bincount(t[i < Ne] // 1000, minlength=secs)
        icount = np.bincount(t[i >= Ne] // 1000, minlength=secs)
        with open(args.stats + ".tmp", "w") as f:
            f.write("second,exc_rate_hz,strong_pct,inh_rate_hz\n")
            for s in range(secs):
                if s == secs - 1 and s not in strong and wmon is not None and every_ms == 1000:
                    # the last second's weights before its update: the run's final ones
                    strong[s] = int(np.count_nonzero((np.asarray(exc.w[:]) > 0.9 * C_MAX) & exc_to_exc))
                pct = "%.6g" % (100.0 * strong[s] / Ne / M) if s in strong else ""
                f.write("%d,%.6g,%s,%.6g\n" % (s, ecount[s] / Ne, pct, icount[s] / Ni))
        os.replace(args.stats + ".tmp", args.stats)
    if args.weights:
        times, hists = [], []
        if wmon is not None:
            W = np.asarray(wmon.w[:], dtype=np.float64)
            times = list(np.rint(np.asarray(wmon.t / ms)).astype(np.int64))
            hists = [np.histogram(W[:, k], bins=20, range=(0, C_MAX))[0] for k in range(W.shape[1])]
        times.append(steps)
        hists.append(np.histogram(w, bins=20, range=(0, C_MAX))[0])
        tmp = args.weights + ".tmp.npz"
        np.savez(tmp, times_ms=np.array(times), histograms=np.array(hists), final=w)
        os.replace(tmp, args.weights)
    engine = "brian2-" + args.target + ("-%dthreads" % args.threads if args.threads > 1 else "")
    print(json.dumps({
        "engine": engine, "net": "spnet", "neurons": N,
        "synapses": int(len(exc) + len(inh)), "build_s": build, "compile_s": compile_s,
        "loop_s": loop, "loop_cpu_s": loop_cpu, "spikes": int(len(i)), "events": int(len(i)) * M,
        "peak_rss_mb": peak,
    }))


if __name__ == "__main__":
    main()
