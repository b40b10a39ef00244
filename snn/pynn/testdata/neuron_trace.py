#!/usr/bin/env python3
"""Record how NEURON integrates PyNN's Izhikevich cell at 0.1 ms, for a test.

Four noisy Izhikevich neurons (two driving, two driven, with excitatory and
inhibitory synapses of delay 0.1 ms, one NEURON step) run 120 ms on NEURON
through PyNN, exactly as an exported run.py builds them. Writes, beside this
file:

  neuron_trace.json    dt, duration, each neuron's a, b, c, d, initial v
                       and u, its noise (nA, one value per 1 ms), the
                       synapses (pre, post, weight mV) and NEURON's spike
                       times (ms)
  neuron_trace_vu.npy  (8, steps + 1): rows v (mV) of neurons 0-3, then u
                       of neurons 0-3, at every step, as NEURON records
                       them: at the end of each step, before that
                       boundary's reset and jumps

Regenerate (after scripting/pynn-setup.sh): python3 neuron_trace.py
"""
import json
import os

import numpy as np
import pyNN.neuron as sim

HERE = os.path.dirname(os.path.abspath(__file__))
DT, T, DELAY = 0.1, 120.0, 0.1
A = [0.02, 0.02, 0.02, 0.1]
B = [0.2, 0.2, 0.2, 0.25]
C = [-65.0, -65.0, -65.0, -60.0]
D = [8.0, 8.0, 8.0, 2.0]
V0 = [-65.0, -70.0, -65.0, -62.0]
U0 = [-13.0, -14.0, -13.0, -15.5]
STD = [0.012, 0.012, 0.006, 0.006]  # nA
SYN = [(0, 2, 6.0), (0, 3, 3.0), (1, 2, -4.0), (2, 3, 10.0), (3, 2, -2.0)]

sim.setup(timestep=DT, min_delay=DELAY, max_delay=DELAY)
pop = sim.Population(4, sim.Izhikevich(a=A, b=B, c=C, d=D, i_offset=0.0),
                     initial_values={"v": V0, "u": U0})
pop.record(["spikes", "v", "u"])
sources = []
for i, cell in enumerate(pop):
    np.random.seed([7, i])
    src = sim.NoisyCurrentSource(mean=0.0, stdev=STD[i], dt=1.0, start=0.0, stop=T)
    src.inject_into([cell])
    sources.append(src)
for receptor, keep in (("excitatory", lambda w: w > 0), ("inhibitory", lambda w: w < 0)):
    conns = [(i, j, w, DELAY) for i, j, w in SYN if keep(w)]
    sim.Projection(pop, pop, sim.FromListConnector(conns, column_names=["weight", "delay"]),
                   sim.StaticSynapse(), receptor_type=receptor)
sim.run(T)
seg = pop.get_data().segments[0]
signals = {s.name: np.asarray(s.magnitude).T for s in seg.analogsignals}
steps = int(round(T / DT))
vu = np.concatenate([signals["v"], signals["u"]])[:, :steps + 1]
np.save(os.path.join(HERE, "neuron_trace_vu.npy"), vu.astype(np.float64))
noise = []
for src in sources:
    times, amps = np.asarray(src.times), np.asarray(src.amplitudes)
    assert np.allclose(times[:-1], np.arange(len(times) - 1)), times
    noise.append([float(x) for x in amps[:-1]])  # the last, at T, is 0
trains = [sorted(float(t) for t in st.magnitude) for st in
          sorted(seg.spiketrains, key=lambda st: st.annotations["source_index"])]
info = {"dt_ms": DT, "duration_ms": T, "a": A, "b": B, "c": C, "d": D, "v0": V0, "u0": U0,
        "noise_nA": noise, "synapses": [[i, j, w] for i, j, w in SYN], "spikes_ms": trains}
with open(os.path.join(HERE, "neuron_trace.json"), "w") as f:
    json.dump(info, f, indent=1)
    f.write("\n")
sim.end()
print("spikes:", trains)
