#!/usr/bin/python3
"""Reference implementation of the tutorial's Izhikevich network in NumPy.

This is the algorithm of the tutorial ("Simulating spiking neural networks
with Izhikevich neurons", after Izhikevich 2003), written from its
description, with the population sizes, neuron presets and weight scales as
parameters. gosnn's golden tests compare the Go simulator against what this
script writes; make_golden.py runs it for every golden case. It is also the
one module with the tutorial's loop that the other scripts import
(../numpy_loop.py times build's network in run).

Usage:
    python3 tutorial.py [--seed 0] [--T 1000] [--ne 800] [--ni 200]
                        [--exc RS] [--inh LTS] [--we 0.5] [--wi 1.0]
                        [--spikes FILE] [--traces i,j,... --traces-out FILE]

--spikes writes the spikes CSV exactly as the tutorial would save it:
    np.savetxt(f, firings, fmt="%d", delimiter=",", header="t,neuron", comments="")
(default: standard output). --traces writes v, u and I of the given neurons
at the end of every step (after reset) as CSV "t,neuron,v,u,I", one line per
step and neuron, the floats in Python's repr (shortest round-trip form).
Population sizes of 0 are allowed: rand(0) and randn(0) draw nothing.
"""
import argparse
import sys

import numpy as np

# (a, b, c, d) of the tutorial's neuron presets. CH uses c = -51 as the
# tutorial does (Izhikevich's paper: -50).
PRESETS = {
    "RS": (0.02, 0.2, -65.0, 8.0),
    "IB": (0.02, 0.2, -55.0, 4.0),
    "CH": (0.02, 0.2, -51.0, 2.0),
    "FS": (0.1, 0.2, -65.0, 2.0),
    "TC": (0.02, 0.25, -65.0, 0.05),
    "LTS": (0.02, 0.25, -65.0, 2.0),
    "RZ": (0.1, 0.26, -65.0, 2.0),
}


def build(seed=0, Ne=800, Ni=200, exc="RS", inh="LTS", we=0.5, wi=1.0):
    """Seeds NumPy's generator and draws the network as the tutorial does.

    Returns a dict with the population sizes Ne, Ni, the parameters a, b,
    c, d of every neuron and the weight matrix S (S[i, j]: from j to i).
    The generator is left where the loop continues drawing the noise.
    """
    ea, eb, ec, ed = PRESETS[exc.upper()]
    ia, ib, ic, id_ = PRESETS[inh.upper()]
    np.random.seed(seed)
    N = Ne + Ni
    re = np.random.rand(Ne)
    ri = np.random.rand(Ni)
    return {
        "Ne": Ne,
        "Ni": Ni,
        "a": np.concatenate((ea * np.ones(Ne), ia + 0.08 * ri)),
        "b": np.concatenate((eb * np.ones(Ne), ib - 0.05 * ri)),
        "c": np.concatenate((ec + 15 * re**2, ic * np.ones(Ni))),
        "d": np.concatenate((ed - 6 * re**2, id_ * np.ones(Ni))),
        "S": np.concatenate((we * np.random.rand(N, Ne), -wi * np.random.rand(N, Ni)), axis=1),
    }


def run(net, T=1000, record=False):
    """The tutorial's loop: T steps of 1 ms; returns (firings, vs, us, Is).

    firings is an (n, 2) int64 array of [t, neuron] rows ordered by t then
    neuron; vs, us, Is are (T, N) arrays of the state at the end of every
    step (after reset) when record is true, else None.
    """
    Ne, Ni, a, b, c, d, S = (net[k] for k in ("Ne", "Ni", "a", "b", "c", "d", "S"))
    N = Ne + Ni
    v = -65 * np.ones(N)
    u = b * v
    firings = [np.empty((0, 2), dtype=np.int64)]
    fired = np.array([], dtype=int)
    vs = us = Is = None
    if record:
        vs, us, Is = np.zeros((T, N)), np.zeros((T, N)), np.zeros((T, N))
    for t in range(T):
        I = np.concatenate((5 * np.random.randn(Ne), 2 * np.random.randn(Ni)))
        if t > 0:
            I += np.sum(S[:, fired], axis=1)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u += a * (b * v - u)
        fired = np.where(v >= 30)[0]
        firings.append(np.column_stack((np.full(len(fired), t), fired)).astype(np.int64))
        v[fired] = c[fired]
        u[fired] += d[fired]
        if record:
            vs[t], us[t], Is[t] = v, u, I
    return np.concatenate(firings), vs, us, Is


def simulate(seed=0, T=1000, Ne=800, Ni=200, exc="RS", inh="LTS", we=0.5, wi=1.0, record=False):
    """Builds and runs the network; returns run's (firings, vs, us, Is)."""
    return run(build(seed, Ne, Ni, exc, inh, we, wi), T, record)


def write_spikes(f, firings):
    """Writes the spikes CSV as the tutorial saves it."""
    np.savetxt(f, firings, fmt="%d", delimiter=",", header="t,neuron", comments="")


def write_traces(f, neurons, vs, us, Is):
    """Writes v, u, I of the given neurons as CSV with repr floats."""
    f.write("t,neuron,v,u,I\n")
    for t in range(vs.shape[0]):
        for i in neurons:
            f.write("%d,%d,%r,%r,%r\n" % (t, i, float(vs[t, i]), float(us[t, i]), float(Is[t, i])))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--T", type=int, default=1000)
    p.add_argument("--ne", type=int, default=800)
    p.add_argument("--ni", type=int, default=200)
    p.add_argument("--exc", default="RS", choices=sorted(PRESETS) + [k.lower() for k in sorted(PRESETS)])
    p.add_argument("--inh", default="LTS", choices=sorted(PRESETS) + [k.lower() for k in sorted(PRESETS)])
    p.add_argument("--we", type=float, default=0.5)
    p.add_argument("--wi", type=float, default=1.0)
    p.add_argument("--spikes", default="-", help="spikes CSV file (default: standard output)")
    p.add_argument("--traces", default="", help="comma-separated neuron indices to trace")
    p.add_argument("--traces-out", default="", help="traces CSV file")
    args = p.parse_args(argv)
    neurons = [int(x) for x in args.traces.split(",") if x.strip()]
    if neurons and not args.traces_out:
        p.error("--traces needs --traces-out")
    N = args.ne + args.ni
    for i in neurons:
        if not 0 <= i < N:
            p.error("trace neuron %d out of range 0..%d" % (i, N - 1))
    firings, vs, us, Is = simulate(args.seed, args.T, args.ne, args.ni, args.exc, args.inh,
                                   args.we, args.wi, record=bool(neurons))
    if args.spikes == "-":
        write_spikes(sys.stdout.buffer, firings)
    else:
        with open(args.spikes, "wb") as f:
            write_spikes(f, firings)
    if neurons:
        with open(args.traces_out, "w") as f:
            write_traces(f, neurons, vs, us, Is)


if __name__ == "__main__":
    main(sys.argv[1:])
