// Package snn simulates spiking neural networks of Izhikevich neurons.
//
// It grows from Izhikevich's 2003 network of 800 excitatory (regular
// spiking) and 200 inhibitory (low-threshold spiking) neurons, as a
// well-known Python/NumPy tutorial runs it, and reproduces that code spike
// for spike when the network draws its random numbers from rng.NumPy (the
// default), a bit-for-bit copy of NumPy's legacy RandomState.
//
// # The model
//
// Each neuron has a membrane potential v (mV) and a recovery variable u:
//
//	v' = 0.04v² + 5v + 140 − u + I
//	u' = a(bv − u)
//	if v ≥ 30 mV: v ← c, u ← u + d
//
// integrated as the tutorial does it, in steps of 1 ms: two half-steps
// of v, then one step of u with the new v. This reproduces the tutorial
// exactly but approximates the equations coarsely: on a spike's step v
// overshoots far past 30 mV and u, updated with it, jumps by more than d
// (see izhikevich in model.go). A network may take smaller steps and other
// schemes instead (see "Time step and integration schemes" below).
//
// The four parameters a, b, c, d choose the firing pattern; [Presets] lists
// the named ones (RS, IB, CH, FS, TC, LTS, RZ). The update rule of one
// neuron for one step is a single short, commented function, izhikevich in
// model.go, which [Izhikevich.Step] applies to every neuron.
//
// # The network
//
// A [Network] is a list of populations, each a [Model] (built-in
// [Izhikevich] neurons or a type of your own) with its stimuli, joined by
// [Synapses]. [Tutorial] returns the tutorial's configuration; change any
// field before passing it to [New]. Time advances in steps of 1 ms, or of
// the network's own step ([Config].DT); the
// order of the work inside one step is written down once, in
// [Network.Step], and step.go holds it as code: the phases as named
// functions and a plain reference step, beside the faster plans a network
// chooses among once, when it is built, which are tested to give the
// reference step's results bit for bit.
//
// # Time and units
//
// Time advances in steps of dt ms, [Config].DT (by default DefaultDT, the
// tutorial's 1 ms); step t takes the network from t·dt to (t+1)·dt ms, and
// [Network.Time] counts the steps done. Within step t, every [Stimulus] is
// called with that t before the neurons are updated, so its current acts
// during the step; a [Spike] with T = t fired during step t (it is plotted
// at t·dt ms, [Spike.Time]); a recorded sample of step t holds v and u at
// the end of the step, (t+1)·dt ms ([Result.SampleTime]), after resets,
// and the input I that acted during it ([Traces.Step]). Potentials (v,
// the parameter c, [Threshold]) are in mV, times and durations in ms,
// rates in Hz, and currents — the input I, stimuli, synaptic weights, u
// and the parameter d — in the tutorial's current units, in which an
// input of 1 moves v by about 1 mV per ms.
//
// # Time step and integration schemes
//
// [Config].DT sets the step and [Config].Scheme how built-in neurons
// integrate over it ([TutorialScheme], [ForwardEuler], [RK4],
// [ImplicitEuler], the last NEURON's, to compare with PyNN runs). The
// default, 1 ms with the tutorial's scheme, is the tutorial's network bit
// for bit and the only case the vectorised kernels run. The inputs mean the
// same at any step, so that a network's dt → 0 limit is one model:
//
//   - a current I (stimuli, I of the traces) moves v by dt·I per step;
//   - a spike of weight w moves its targets' v by about w mV: at step dt,
//     w/dt is added to their I for one step (PyNN's v += weight; with
//     ImplicitEuler v jumps by w at the start of the step). Spikes of step
//     t are delivered in step t+1, a delay of one step at any dt;
//   - [Noise] draws one value per neuron and millisecond and holds it for
//     the millisecond (PyNN's NoisyCurrentSource with dt = 1 ms): at 1 ms
//     that is the tutorial's draw per step; the step must divide 1 ms;
//   - [Pulse] times are in ms, whole steps of the network;
//   - a model of one's own learns the step from SetTimeStep
//     ([TimeStepper]), and a network with a step other than 1 ms refuses a
//     model without it;
//   - results keep their step ([Result].DT): durations, rates, binned
//     rates, intervals and windows are in ms, spikes and samples are
//     counted in steps and converted by [Spike.Time], [Result.Time] and
//     [Result.SampleTime]; [Network.StepsFor] turns ms into steps.
//
// What is given in ms and what in steps: in ms are [Config].DT, [Pulse]
// times, delays ([DelayedSparse], [Sparse.WithDelays]), the Every of
// [WeightMonitor] and [Recording], [Network.RunFor]'s duration,
// [RunOptions].TraceInterval, the bins and windows of the analysis
// ([Result.BinnedRate], [Result.Between], [TimedSpikes.Between]) and all
// plotted times ([Result.Raster]); each must be a whole number of steps
// where it says so, and is refused otherwise. [Noise] and [Thalamic] draw
// once per millisecond at any step that divides 1 ms. In steps are
// [Network.Run]'s count, [RunOptions].TraceEvery, the t of a [Stimulus],
// [SpikeSink] and [TraceSink], [Network.Time], [Spike].T, [Traces.Step],
// [Recorded.Step] and [Spikes.InSteps]; at the default 1 ms the two
// agree. Nothing that counts steps converts them to ms by itself: [Spikes]
// has no times (it is not a plotter.XYer; [Result.Raster] is). Files say
// which they hold: a CSV column "t" holds steps (at 1 ms, the tutorial's
// files), "t_ms" ms; a run at another step writes its CSV files in ms
// ([Result.Save], [SpikeWriter], [TraceWriter]).
//
// # Recording, analysis and export
//
// [Network.Run] returns a [Result]: the spikes (a [Spikes] list of steps
// and neurons; [Result.Raster] gives their times in ms, a gonum/plot
// XYer) and, for the neurons asked for in [RunOptions],
// traces of v, u and I, at every step or every TraceEvery-th step, and of
// any other variable a model declares by name ([StateVariables],
// RunOptions.Record: a Hodgkin–Huxley model's gates m, h and n); a
// [Recording] records one variable of chosen neurons at an interval of its
// own (RunOptions.Recordings, [Result].Recorded). Long
// runs stream spikes to a file instead ([CreateSpikeFile]); a [SpikeSink]
// or [TraceSink] receives a run's spikes or traces as they are made, for
// formats of your own. The analysis a tutorial needs hangs off the result:
// [Result.Rate] and [Result.PopulationRates], [Result.BinnedRate],
// [Result.RhythmSpectrum] and [Result.DominantFrequency], [Result.ISICV]
// and [Result.Synchrony]; they pass the run's spikes to package
// snn/spikestat, which holds the algorithms on plain data (spike times
// and signals) for spikes recorded elsewhere or parts of a rate. A [Group] names a set of neurons (a population,
// [Range], [List]); [Result.Subset] gives the result of a group alone and
// [Result.Between] that of a window of time, so the same measures apply to
// a part of the network or of the run ([Spikes.Of],
// [TimedSpikes.Between] and [Spikes.InSteps] filter the spikes
// themselves). Spikes and traces are written as CSV or NumPy .npy
// files byte-identical to np.savetxt's and np.save's ([Spikes.WriteCSV],
// [Result.Save]; the .npy codec is package snn/npy); every file is
// written atomically by [WriteFile], so an error or an interrupt never
// leaves half a file.
//
// # Larger networks
//
// The tutorial's dense matrix grows as N²; [Config].Connectivity draws
// sparse random synapses (connection probability, fixed in- or out-degree)
// stored by presynaptic neuron, with float64 or float32 weights
// ([WeightPrecision]), and [NewSparse] takes an explicit list. Large
// networks step on all cores, with the same spikes for any GOMAXPROCS.
//
// # Delays, plasticity and checkpoints
//
// [DelayedSparse] synapses give each synapse a conduction delay, a whole
// number of steps given in ms: a spike fired in step t reaches its
// targets in step t + delay, so a delay of one step is the tutorial's
// synapse. A [Plasticity] rule (Config.Plasticity) changes weights as
// spikes come and go: its hooks see each neuron that fired (PostSpike),
// each spike that arrives (PreSpike) and the end of each step (Stepped),
// with spike times from [Network.LastSpike]; it is not generic, so a
// script can write its own. [STDP] is the rule of Izhikevich's
// polychronization network, [Thalamic] its random input and package
// snn/spnet builds that whole network from these parts (spnet.SNNConfig),
// spike for spike and weight for weight as the published program.
// Monitors (Config.Monitors) observe every step: a [WeightMonitor] keeps
// histograms and snapshots of a projection's weights every N ms. A
// network with plasticity or monitors steps by the plain reference
// schedule. [Network.Save] writes the whole state of a network — neurons,
// weights, traces, spikes on their way, the generator — in a documented,
// versioned format, and [Network.Load] puts it into a network built from
// the same Config; a resumed run is bit-identical to one that never
// stopped.
//
// # Speed
//
// The hot loops of a step — the neuron update, the summing of a dense
// matrix's rows, the fast generator's normal numbers — also exist as
// AVX2 and AVX-512 assembly (the internal kernel package), chosen at run
// time from the CPU's features. They do the same IEEE operations in the
// same order, lane by lane, so results are bit-identical to the Go code;
// the tests compare the two. Build with -tags purego to use the Go code
// only.
//
// # Random numbers
//
// Every random number comes from the network's generator (Config.Generator,
// a value of package snn/rng), drawn in a documented order, so the same
// seed gives the same result on every run and for any GOMAXPROCS. Two
// generators exist: rng.NumPy (exact, the default) and rng.FastStreams
// (independent streams for fixed blocks of each vector, filled on all
// cores, for when exactness against the Python code does not matter).
package snn
