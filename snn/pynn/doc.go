// Package pynn hands a gosnn network over to PyNN 0.10, the
// simulator-independent Python description of spiking networks, so that a
// model that outgrows one machine runs on NEURON with MPI (and, with small
// changes to the script, on NEST or SpiNNaker).
//
// [Write] builds the network a [snn.Config] describes and writes, into one
// directory, run.py (a self-contained PyNN script: `mpirun -np 2 python3
// run.py`), the .npy arrays it loads (per-neuron parameters and initial
// state, dense weight blocks or sparse connection lists, noise settings,
// deterministic currents) and network.json (the populations, for reading
// the spikes back). The script writes spikes.csv (header t_ms,neuron) and
// run.json (ranks and wall times); [ReadSpikes] and [ReadManifest] bring
// the spikes back as an [snn.Result] for gosnn's analysis and figures.
//
// # Units
//
// gosnn's input current I is in mV/ms (v' = 0.04v² + 5v + 140 − u + I).
// PyNN's Izhikevich cell on NEURON has a 1 pF membrane, so 1 nA moves v by
// 1000 mV/ms: currents are exported as I/[UnitsPerNanoamp] nA. A gosnn
// weight w moves v by about w mV (added to I for one 1 ms step; a jump
// v ← v + w in gosnn's "neuron" scheme); PyNN's Izhikevich synapses are
// voltage jumps (v += weight, in mV), so the weight stays w mV. Every
// synapse gets a delay of one step of the network (1 ms by default), but
// at least two NEURON steps: NEURON's fixed step on more than one MPI rank
// needs every delay to be longer than its step (a network of 0.1 ms steps
// run at 0.1 ms gets 0.2 ms; [Options].Delay sets another). Positive weights go to the "excitatory"
// receptor, negative ones to the "inhibitory" receptor, as PyNN requires.
//
// gosnn's [snn.Noise] adds Std·N(0, 1) to I, redrawn every 1 ms at any
// step; the export gives every neuron its own NoisyCurrentSource with
// stdev Std/1000 nA, redrawn every 1 ms (PyNN's source plays one shared
// signal into all the cells it is injected into, so one source per
// population would give every neuron the same noise). [snn.Constant] and
// [snn.Pulse] become one StepCurrentSource per population.
//
// # How NEURON integrates the export
//
// Read from PyNN 0.10.1 (pyNN/neuron: cells.py, simulator.py,
// standardmodels/electrodes.py, nmodl/izhikevich.mod) and NEURON 8.2's
// fixed-step loop, and checked by running it: gosnn's
// [snn.ImplicitEuler] scheme, which does the steps below, reproduces a
// NEURON run of four noisy, coupled neurons (testdata/neuron_trace.py) to
// 2e-8 mV over 120 ms, every spike in NEURON's step
// (TestNeuronSchemeMatchesNEURON). PyNN's
// setup(timestep=h) makes NEURON take fixed steps of h (CVode off;
// secondorder 0: implicit Euler). The cell is one compartment of 100 µm²
// at 1 µF/cm², 1 pF, with izhikevich.mod's point process, whose current is
// i = −0.001 nF·f(v, u), f = 0.04v² + 5v + 140 − u. One step from t to
// t + h:
//
//  1. v by NEURON's linearised implicit Euler, with I the injected
//     current (in mV/ms) held over the step and NEURON's numerical
//     derivative g = (f(v+0.001) − f(v))/0.001 = 0.08v + 5.00004 (the
//     0.00004 moves v by up to several mV within 300 ms if left out):
//     v ← v + h·(f(v) + I)/(1 − h·g).
//  2. u by derivimplicit (implicit Euler, solved by Newton's method): u ←
//     (u + h·a·b·v)/(1 + h·a), with the new v.
//  3. At the start of the next step, the threshold: WATCH (v > 30) fires
//     and is delivered at once: the spike's time is t + h, v ← c, u ← u + d.
//     (PyNN records the spike with a NetCon on v, threshold 30, at the
//     same moment.)
//  4. Then the synaptic events due by t + h + h/2: v ← v + w. They come
//     after the threshold check: a jump that lifts v over 30 mV is seen
//     only after the next step, and a neuron reset in step 3 keeps the
//     jump (v = c + w).
//
// A spike at time s reaches its targets at s + delay, at the step boundary
// within h/2 of it: with a delay of k steps of h, the jump comes k steps
// after the reset. gosnn's "neuron" scheme applies it at the start of the
// next step, right after the reset (a delay of 0 steps), so the matched
// comparison (make pynn-compare) delays gosnn's synapses by the export's
// k steps. PyNN refuses delays under one step; NEURON on several MPI ranks
// refuses delays of one step (it exchanges spikes once per shortest delay
// and needs that interval longer than a step). The noise: NoisyCurrentSource(dt = 1 ms) draws
// mean + stdev·N(0, 1) for the times 0, 1, 2, … ms from NumPy's global
// generator and plays them into an IClamp; the value drawn for k ms holds
// for the steps that start in [k, k+1) ms, as gosnn's held noise does.
//
// One detail is not reproducible: NEURON accumulates its time (t += h/2
// twice a step), so a spike's arrival time may round to just before the
// boundary it is due at; such an event is delivered before the threshold
// check (step 3), where a jump over 30 mV fires at once and a jump into a
// neuron that fires is lost. In a probe of 40 coupled neurons (328 spikes
// in 200 ms) the first such event came at 8.3 ms. It is also why runs on 1
// and 2 MPI ranks, which send spike times rounded to steps, part after
// about 10 ms.
//
// # What is not exported
//
// The export is exact in structure (every parameter, weight and noise
// level) and statistical in dynamics: NEURON draws its own noise, and
// integrates by its own method, which only gosnn's "neuron" scheme at the
// same step matches.
// Anything without a PyNN equivalent is refused with an error, never
// approximated: models other than the built-in [snn.Izhikevich] (a Model
// written in a script), stimuli other than Noise, Constant and Pulse
// (a StimulusFunc or a scripted stimulus), Synapses other than
// [snn.Dense], [snn.Sparse] and [snn.DelayedSparse], and plasticity
// (Config.Plasticity: PyNN's STDP models are not gosnn's rules). Monitors
// only observe a gosnn run and are left out. A DelayedSparse synapse of d
// steps gets the delay (d − 1)·dt plus that of a one-step synapse, so every
// exported synapse arrives the same time later than in gosnn.
package pynn
