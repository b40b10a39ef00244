# An independent reference for snn.ImplicitEuler, written from PyNN's
# izhikevich.mod and NEURON's fixed step (nocmodl's nrn_cur takes the
# conductance as (i(v+0.001) - i(v))/0.001; nrn_state then integrates u by
# derivimplicit with the new v; WATCH (v > vthresh) resets; NET_RECEIVE adds
# the weight to v), on a small network with NumPy's legacy generator:
#
#   each step t:   if t % hold == 0: held = std * randn(n)   (noise per 1 ms)
#                  v += sum of S[:, j] over the neurons j fired last step,
#                       except for those neurons themselves (NEURON's reset
#                       follows the jump and discards it)
#                  v, u <- implicit Euler step under I = held + pulse
#                  fired = v > 30; v[fired] = c; u[fired] += d
#
# Reads n, steps, dt, hold, seed, std, pulse (current, from step, to step)
# from argv and a, b, c, d and S (row-major) from stdin as float64;
# writes the spikes (step, neuron) as int64 and then v and u as float64.
import sys

import numpy as np

n, steps = int(sys.argv[1]), int(sys.argv[2])
dt, hold, seed, std = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
pc, pfrom, pto = float(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
data = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64)
a, b, c, d = data[0:n], data[n:2 * n], data[2 * n:3 * n], data[3 * n:4 * n]
S = data[4 * n:].reshape(n, n)

np.random.seed(seed)
v = np.full(n, -65.0)
u = b * v
fired = np.array([], dtype=int)
spikes = []
held = np.zeros(n)
for t in range(steps):
    if t % hold == 0:
        held = std * np.random.randn(n)
    I = held.copy()
    if pfrom <= t < pto:
        I = I + pc
    syn = np.zeros(n)
    for j in fired:
        syn = syn + S[:, j]
    syn[fired] = 0.0  # delivered as the WATCH fires: lost at the reset
    v = v + syn  # NET_RECEIVE: v = v + weight
    f = 0.04 * v * v + 5 * v + 140 - u
    w = v + 0.001
    g = (0.04 * w * w + 5 * w + 140 - u - f) / 0.001
    v = v + dt * (f + I) / (1 - dt * g)
    u = (u + dt * a * b * v) / (1 + dt * a)
    fired = np.where(v > 30)[0]
    for i in fired:
        spikes.append((t, i))
    v[fired] = c[fired]
    u[fired] = u[fired] + d[fired]

out = sys.stdout.buffer
out.write(np.array([len(spikes)], dtype=np.int64).tobytes())
out.write(np.array(spikes, dtype=np.int64).reshape(-1).tobytes())
out.write(v.tobytes())
out.write(u.tobytes())
