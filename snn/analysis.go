package snn

import "github.com/gosnn/gosnn/snn/spikestat"

// This file holds the measures a tutorial reads off a run, as methods of
// Result: conveniences that pass the run's spikes, as times in ms from
// the start of the run, to package spikestat, where the algorithms and
// their formulas live. Every measure of an empty or silent run is 0,
// never NaN.

// Duration returns the simulated time of the run in ms: Steps·dt.
func (r *Result) Duration() float64 { return float64(r.Steps) * r.TimeStep() }

// spikeTimes returns the times of the run's spikes as spikestat takes
// them: in ms from the start of the run, (T − Start)·dt, the start of each
// spike's step.
func (r *Result) spikeTimes() []float64 {
	t := make([]float64, len(r.Spikes))
	dt := r.TimeStep()
	for k, s := range r.Spikes {
		t[k] = float64(s.T-r.Start) * dt
	}
	return t
}

// spikeNeurons returns the neurons of the run's spikes, beside spikeTimes.
func (r *Result) spikeNeurons() []int {
	neuron := make([]int, len(r.Spikes))
	for k, s := range r.Spikes {
		neuron[k] = s.Neuron
	}
	return neuron
}

// Rate returns the mean firing rate of the whole network in Hz per neuron:
// the number of spikes divided by the number of neurons and by the
// duration in seconds ([spikestat.Rate]). It is 0 for a run of no steps or
// no neurons.
func (r *Result) Rate() float64 {
	if r.Steps <= 0 {
		return 0
	}
	return spikestat.Rate(len(r.Spikes), r.N, r.Duration())
}

// PopulationRates returns the mean firing rate of each population in
// r.Populations, in Hz per neuron ([spikestat.Rate] of its spikes).
func (r *Result) PopulationRates() []float64 {
	rates := make([]float64, len(r.Populations))
	if r.Steps <= 0 {
		return rates
	}
	counts := make([]int, len(r.Populations))
	for _, s := range r.Spikes {
		for k, p := range r.Populations {
			if s.Neuron >= p.Start && s.Neuron < p.Start+p.Size {
				counts[k]++
				break
			}
		}
	}
	for k, p := range r.Populations {
		rates[k] = spikestat.Rate(counts[k], p.Size, r.Duration())
	}
	return rates
}

// BinnedRate returns the population rate of the whole network in
// consecutive bins of bin ms, from the start of the run: element k is the
// number of spikes in [k·bin, (k+1)·bin) ms divided by the number of
// neurons and by the bin width in seconds (Hz per neuron;
// [spikestat.PopulationRate]). A partial last bin is dropped. It returns
// nil when bin is not a positive finite number or is longer than the run.
//
// A spike counts at the start of its step, so bins shorter than the step are
// mostly empty.
func (r *Result) BinnedRate(bin float64) []float64 {
	if r.Steps <= 0 || spikestat.Bins(r.Duration(), bin) == 0 {
		return nil
	}
	return spikestat.PopulationRate(r.spikeTimes(), r.N, r.Duration(), bin)
}

// DominantFrequency returns the frequency in Hz of the network's strongest
// rhythm: the peak of [Result.RhythmSpectrum] between spikestat.MinRhythm
// (2 Hz) and spikestat.MaxRhythm (100 Hz), the band from the delta to the
// gamma rhythm ([spikestat.DominantFrequency]). Over 1000 ms the tutorial
// network gives 8 Hz for each of the seeds 0 to 7; with the S1 weights
// (more inhibition) 6 of those 8 seeds give a gamma rhythm of 29–45 Hz.
// It returns 0 for a silent run or one shorter than 2 ms. Whether the
// peak stands out of the noise is [spikestat.Peak.Significant].
func (r *Result) DominantFrequency() float64 {
	freq, power := r.RhythmSpectrum()
	return spikestat.DominantFrequency(freq, power, spikestat.MinRhythm, spikestat.MaxRhythm)
}

// RhythmSpectrum returns the smoothed spectrum whose peak is
// [Result.DominantFrequency]: [spikestat.RhythmSpectrum] of the 1 ms
// binned population rate (of the step's, if it is longer) (its periodogram averaged over 1 Hz on either
// side of each frequency). Plot it to show where the dominant frequency
// comes from. It returns nil slices for a run shorter than 2 ms.
func (r *Result) RhythmSpectrum() (freq, power []float64) {
	bin := max(1, r.TimeStep()) // 1 ms, or the step when it is longer
	return spikestat.RhythmSpectrum(r.BinnedRate(bin), bin)
}

// ISICV returns the irregularity of the spike trains: the coefficient of
// variation of each neuron's inter-spike intervals, averaged over the
// neurons that fired at least 3 times ([spikestat.ISICV]). A clock-like
// neuron has CV 0, a Poisson process CV 1, bursts give more. It returns 0
// when no neuron fired 3 times. Spikes of neurons outside 0 … N−1 are
// ignored.
func (r *Result) ISICV() float64 {
	cv, _ := spikestat.ISICV(r.spikeTimes(), r.spikeNeurons(), r.N) // parallel lists: no error
	return cv
}

// Synchrony returns Golomb's synchrony measure χ of the run, computed on
// the spike counts of every neuron in consecutive bins of bin ms
// ([spikestat.Synchrony]): 1 when all neurons fire together, near 1/√N
// when they fire independently. It returns 0 for a silent run, when bin
// is not a positive finite number or when fewer than two bins fit in the
// run.
func (r *Result) Synchrony(bin float64) float64 {
	if r.Steps <= 0 || spikestat.Bins(r.Duration(), bin) < 2 {
		return 0
	}
	chi, _ := spikestat.Synchrony(r.spikeTimes(), r.spikeNeurons(), r.N, r.Duration(), bin) // parallel lists: no error
	return chi
}
