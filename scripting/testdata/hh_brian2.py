"""The reference for examples/hodgkinhuxley's single-neuron check: the same
Hodgkin–Huxley equations and parameters in Brian2, exponential_euler at
dt = 0.05 ms, one neuron from rest under 10 µA/cm². Prints the spikes from
500 to 1000 ms (33 with Brian2 2.5.1: 66 Hz, as the example prints).

Run: /usr/bin/python3 scripting/testdata/hh_brian2.py
"""
import numpy as np
from brian2 import (NeuronGroup, SpikeMonitor, defaultclock, prefs, run,
                    ms, mV, uF, uA, cm, msiemens)

prefs.codegen.target = 'numpy'
defaultclock.dt = 0.05 * ms
eqs = '''
dv/dt = (gNa*m**3*h*(ENa-v) + gK*n**4*(EK-v) + gL*(EL-v) + I)/C : volt
dm/dt = am*(1-m) - bm*m : 1
dh/dt = ah*(1-h) - bh*h : 1
dn/dt = an*(1-n) - bn*n : 1
am = 0.1/mV*(10*mV)/exprel(-(v+40*mV)/(10*mV))/ms : Hz
bm = 4*exp(-(v+65*mV)/(18*mV))/ms : Hz
ah = 0.07*exp(-(v+65*mV)/(20*mV))/ms : Hz
bh = 1/(1+exp(-(v+35*mV)/(10*mV)))/ms : Hz
an = 0.01/mV*(10*mV)/exprel(-(v+55*mV)/(10*mV))/ms : Hz
bn = 0.125*exp(-(v+65*mV)/(80*mV))/ms : Hz
I : amp/meter**2
'''
C = 1 * uF / cm**2
gNa, gK, gL = 120 * msiemens / cm**2, 36 * msiemens / cm**2, 0.3 * msiemens / cm**2
ENa, EK, EL = 50 * mV, -77 * mV, -54.387 * mV
# Spikes are upward crossings of 0 mV, as vec.Crossings detects them.
G = NeuronGroup(1, eqs, method='exponential_euler', threshold='v > 0*mV', refractory='v > 0*mV')
G.v = -65 * mV
# The gates at their steady state at −65 mV.
am, bm = 0.1 * 10 / (np.expm1(2.5) / 2.5), 4.0
ah, bh = 0.07, 1 / (1 + np.exp(3))
an, bn = 0.01 * 10 / np.expm1(1), 0.125
G.m, G.h, G.n = am / (am + bm), ah / (ah + bh), an / (an + bn)
G.I = 10 * uA / cm**2
S = SpikeMonitor(G)
run(500 * ms)
before = S.num_spikes
run(500 * ms)
print(S.num_spikes - before)
