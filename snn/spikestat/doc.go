// Package spikestat holds the measures read off a recording of spiking
// neurons: firing rates, the binned population rate, its power spectrum
// and the frequency of the network's rhythm with a test of its
// significance, the irregularity of spike trains and their synchrony.
//
// It is to package snn what gonum's stat is to mat: the algorithms, each
// documented with its formula, work on plain data and know nothing of
// networks. Spikes are given as two parallel lists, as Brian2's
// SpikeMonitor gives them (its t and i): t[k] is the time in ms of the
// k-th spike, counted from the start of the recording, and neuron[k] the
// index, 0 … n−1, of the neuron that fired it. A recording lasts duration
// ms. Signals such as a population rate are []float64 sampled every bin ms.
// All times are in ms and all frequencies in Hz; a time step, bin width or
// duration is always an explicit parameter.
//
// [snn.Result]'s methods (Rate, BinnedRate, DominantFrequency, ISICV,
// Synchrony, …) are conveniences that pass a run's spikes to these
// functions:
//
//	rate := res.BinnedRate(1)              // spikestat.PopulationRate of the run
//	freq, power := spikestat.Spectrum(rate, 1)
//	peak := spikestat.FindPeak(freq, power, spikestat.MinRhythm, spikestat.MaxRhythm)
//
// Every measure of an empty or silent recording is 0 (or nil), never NaN.
package spikestat
