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
// weight w is added to I for one 1 ms step, which moves v by about w mV;
// PyNN's Izhikevich synapses are voltage jumps (v += weight, in mV), so the
// weight stays w mV, with a delay of 1 ms (a spike in step t is delivered
// in step t+1). Positive weights go to the "excitatory" receptor, negative
// ones to the "inhibitory" receptor, as PyNN requires.
//
// gosnn's [snn.Noise] adds Std·N(0, 1) to I every 1 ms step; the export
// gives every neuron its own NoisyCurrentSource with stdev Std/1000 nA,
// redrawn every 1 ms (PyNN's source plays one shared signal into all the
// cells it is injected into, so one source per population would give
// every neuron the same noise). [snn.Constant] and [snn.Pulse] become one
// StepCurrentSource per population.
//
// # What is not exported
//
// The export is exact in structure (every parameter, weight and noise
// level) and statistical in dynamics: NEURON integrates at its own time
// step, not in gosnn's 1 ms half-step scheme, and draws its own noise.
// Anything without a PyNN equivalent is refused with an error, never
// approximated: models other than the built-in [snn.Izhikevich] (a Model
// written in a script), stimuli other than Noise, Constant and Pulse
// (a StimulusFunc or a scripted stimulus), and Synapses other than
// [snn.Dense] and [snn.Sparse].
package pynn
