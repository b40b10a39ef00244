# Runs PyNN's Izhikevich cells on NEURON (pyNN.neuron) for the test
# TestImplicitEulerMatchesNEURON: one cell per parameter row of argv[3:]
# (a,b,c,d,I with I in gosnn's current units, 1000 per nA), from v = -65,
# u = b*v, at timestep argv[1] ms for argv[2] ms. Prints, per cell, a line
# of spike times and a line of v at every step (NEURON's record of v at
# t = k*dt, k = 0, 1, ...).
import sys

import pyNN.neuron as sim

dt, ms = float(sys.argv[1]), float(sys.argv[2])
rows = [[float(x) for x in r.split(",")] for r in sys.argv[3:]]
sim.setup(timestep=dt, min_delay=dt)
cells = []
for a, b, c, d, I in rows:
    p = sim.Population(1, sim.Izhikevich(a=a, b=b, c=c, d=d, i_offset=I / 1000))
    p.initialize(v=-65.0, u=b * -65.0)
    p.record(["spikes", "v"])
    cells.append(p)
sim.run(ms)
for p in cells:
    seg = p.get_data().segments[0]
    print(" ".join("%.17g" % t for t in seg.spiketrains[0].magnitude))
    print(" ".join("%.17g" % x for x in seg.analogsignals[0].magnitude[:, 0]))
sim.end()
