package snn

import (
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/dsp/fourier"
)

// This file holds the measures a tutorial reads off a run: firing rates,
// the binned population rate and its spectrum, the dominant frequency of
// the network's rhythm, spike-train irregularity and synchrony. Every
// measure of an empty or silent run is 0, never NaN.

// Duration returns the simulated time of the run in ms: Steps·dt.
func (r *Result) Duration() float64 { return float64(r.Steps) * r.TimeStep() }

// Rate returns the mean firing rate of the whole network in Hz per neuron:
// the number of spikes divided by the number of neurons and by the
// duration in seconds. It is 0 for a run of no steps or no neurons.
func (r *Result) Rate() float64 {
	if r.Steps <= 0 || r.N <= 0 {
		return 0
	}
	return float64(len(r.Spikes)) / float64(r.N) / (r.Duration() / 1000)
}

// PopulationRates returns the mean firing rate of each population in
// r.Populations, in Hz per neuron.
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
	sec := r.Duration() / 1000
	for k, p := range r.Populations {
		if p.Size > 0 {
			rates[k] = float64(counts[k]) / float64(p.Size) / sec
		}
	}
	return rates
}

// nbins returns how many whole bins of bin ms fit in the run, or 0 when
// bin is not a positive finite number. A tiny tolerance lets
// Duration/bin round to the whole number it means (1000 ms / 0.1 ms).
func (r *Result) nbins(bin float64) int {
	if !(bin > 0) || math.IsInf(bin, 0) || r.Steps <= 0 {
		return 0
	}
	n := math.Floor(r.Duration()/bin*(1+1e-12) + 1e-12)
	if n > math.MaxInt32 {
		return 0
	}
	return int(n)
}

// binOf returns the bin of spike s, counted from the start of the run.
// Spike step t covers [t·dt, (t+1)·dt) ms; it is counted in the bin that
// holds its start.
func (r *Result) binOf(s Spike, bin float64) int {
	return int(math.Floor(float64(s.T-r.Start)*r.TimeStep()/bin*(1+1e-12) + 1e-12))
}

// BinnedRate returns the population rate of the whole network in
// consecutive bins of bin ms, from the start of the run: element k is the
// number of spikes in [k·bin, (k+1)·bin) ms divided by the number of
// neurons and by the bin width in seconds (Hz per neuron). A partial last
// bin is dropped. It returns nil when bin is not a positive finite number
// or is longer than the run.
//
// Bins shorter than the step hold the spikes of a step in the bin where the step
// starts, so most of them are empty.
func (r *Result) BinnedRate(bin float64) []float64 {
	n := r.nbins(bin)
	if n == 0 || r.N <= 0 {
		return nil
	}
	rate := make([]float64, n)
	for _, s := range r.Spikes {
		if k := r.binOf(s, bin); k >= 0 && k < n {
			rate[k]++
		}
	}
	scale := 1000 / (bin * float64(r.N))
	for k := range rate {
		rate[k] *= scale
	}
	return rate
}

// Spectrum returns the one-sided power spectral density of a rate sampled
// every bin ms (such as [Result.BinnedRate]), after removing its mean: the
// periodogram
//
//	power[k] = c·|Σₙ (rate[n] − mean)·exp(−2πi·k·n/N)|² · bin/(1000·N)
//
// at freq[k] = k·1000/(N·bin) Hz for k = 0 … N/2 (0 Hz to the Nyquist
// frequency), with c = 2 except at 0 Hz and at the Nyquist frequency of an
// even N, where c = 1. The unit of power is rate² per Hz (Hz for a rate in
// Hz), and the power sums to the variance of the rate:
// Σₖ power[k]·(freq[1] − freq[0]) = Var(rate). The Fourier transform is
// gonum's [fourier.FFT].
//
// Spectrum returns nil slices when rate is empty or bin is not a positive
// finite number. A rate holding NaN or infinities gives NaN power, which
// [DominantFrequency] ignores.
func Spectrum(rate []float64, bin float64) (freq, power []float64) {
	n := len(rate)
	if n == 0 || !(bin > 0) || math.IsInf(bin, 0) {
		return nil, nil
	}
	var mean float64
	for _, x := range rate {
		mean += x
	}
	mean /= float64(n)
	x := make([]float64, n)
	for i, v := range rate {
		x[i] = v - mean
	}
	coeff := fourier.NewFFT(n).Coefficients(nil, x)
	fs := 1000 / bin // sampling frequency, Hz
	freq = make([]float64, len(coeff))
	power = make([]float64, len(coeff))
	norm := 1 / (fs * float64(n))
	for k, c := range coeff {
		freq[k] = float64(k) * fs / float64(n)
		a := cmplx.Abs(c)
		p := a * a * norm
		if k > 0 && !(n%2 == 0 && k == n/2) {
			p *= 2
		}
		power[k] = p
	}
	return freq, power
}

// DominantFrequency returns the frequency, in the units of freq, of the
// largest power among the frequencies in [lo, hi]; ties go to the lowest
// frequency. NaN power is skipped. It returns 0 when no frequency in the
// range has positive power (a silent or constant rate), and 0 when freq and
// power differ in length.
func DominantFrequency(freq, power []float64, lo, hi float64) float64 {
	if len(freq) != len(power) {
		return 0
	}
	best, bestP := 0.0, 0.0
	for k, f := range freq {
		p := power[k]
		if f < lo || f > hi || math.IsNaN(p) || math.IsInf(p, 0) {
			continue
		}
		if p > bestP {
			best, bestP = f, p
		}
	}
	return best
}

// Frequency band searched by [Result.DominantFrequency], in Hz.
const (
	// MinRhythm excludes the slowest frequencies: a run of a second or
	// two resolves them poorly, and they hold the network's start-up
	// transient and slow drifts of the rate rather than a rhythm.
	MinRhythm = 2.0
	// MaxRhythm is the top of the gamma band; faster population
	// rhythms are not expected of these networks, and at 1 ms bins the
	// spectrum above it is mostly the noise of counting spikes.
	MaxRhythm = 100.0
	// RhythmSmoothing is the half-width in Hz of the Hann-shaped
	// moving average applied to the spectrum before its peak is picked.
	RhythmSmoothing = 1.0
)

// DominantFrequency returns the frequency in Hz of the network's strongest
// rhythm: the peak of the spectrum of the 1 ms binned population rate
// ([Result.BinnedRate], [Spectrum]) between MinRhythm (2 Hz) and MaxRhythm
// (100 Hz), the band from the delta to the gamma rhythm.
//
// A single periodogram is noisy: each frequency's estimate has a spread as
// large as its mean. The spectrum is therefore first smoothed by a
// Hann-shaped moving average of half-width RhythmSmoothing (1 Hz; for a
// 1-second run the weights ¼, ½, ¼ on neighbouring frequencies). This keeps
// the tutorial's narrow alpha-like peak where it is and lets a broad gamma
// peak, whose power is spread over many frequencies, win when it holds
// more power. Over 1000 ms the tutorial network gives 8 Hz for each of
// the seeds 0 to 7; with the S1 weights (more inhibition) 6 of those 8
// seeds give a gamma rhythm of 29–45 Hz. It returns 0 for a silent run or
// one shorter than 2 ms.
func (r *Result) DominantFrequency() float64 {
	freq, power := r.RhythmSpectrum()
	return DominantFrequency(freq, power, MinRhythm, MaxRhythm)
}

// RhythmSpectrum returns the smoothed spectrum whose peak in MinRhythm …
// MaxRhythm is [Result.DominantFrequency]: the [Spectrum] of the 1 ms
// binned population rate, averaged over RhythmSmoothing Hz on either side
// of each frequency with Hann weights. Plot it to show where the dominant
// frequency comes from. It returns nil slices for a run shorter than 2 ms.
func (r *Result) RhythmSpectrum() (freq, power []float64) {
	return RhythmSpectrumOf(r.BinnedRate(1), 1)
}

// RhythmSpectrumOf is [Result.RhythmSpectrum] of a population rate binned
// in bin ms (a part of a run's [Result.BinnedRate], say): its [Spectrum],
// averaged over RhythmSmoothing Hz on either side of each frequency with
// Hann weights. It returns nil slices for fewer than two frequencies.
func RhythmSpectrumOf(rate []float64, bin float64) (freq, power []float64) {
	freq, power = Spectrum(rate, bin)
	if len(freq) < 2 {
		return nil, nil
	}
	return freq, smoothHann(power, int(math.Round(RhythmSmoothing/freq[1])))
}

// smoothHann returns the moving average of x with weights 1 + cos(πj/(h+1))
// for j = −h … h, renormalised where the window passes the ends of x.
func smoothHann(x []float64, h int) []float64 {
	if h <= 0 {
		return x
	}
	w := make([]float64, 2*h+1)
	for j := -h; j <= h; j++ {
		w[j+h] = 1 + math.Cos(math.Pi*float64(j)/float64(h+1))
	}
	out := make([]float64, len(x))
	for i := range x {
		var s, ws float64
		for j := max(0, i-h); j <= min(len(x)-1, i+h); j++ {
			s += w[j-i+h] * x[j]
			ws += w[j-i+h]
		}
		out[i] = s / ws
	}
	return out
}

// ISICV returns the irregularity of the spike trains: the coefficient of
// variation (standard deviation over mean, the standard deviation taken
// over the n intervals, not n−1) of each neuron's inter-spike intervals,
// averaged over the neurons that fired at least 3 times (2 intervals). A
// clock-like neuron has CV 0, a Poisson process CV 1, bursts give more. It
// returns 0 when no neuron fired 3 times. Spikes of neurons outside 0 …
// N−1 are ignored.
func (r *Result) ISICV() float64 {
	if r.N <= 0 {
		return 0
	}
	dt := r.TimeStep()
	times := make([][]int, r.N)
	for _, s := range r.Spikes {
		if s.Neuron >= 0 && s.Neuron < r.N {
			times[s.Neuron] = append(times[s.Neuron], s.T)
		}
	}
	var sum float64
	var n int
	for _, ts := range times {
		if len(ts) < 3 {
			continue
		}
		if !slices.IsSorted(ts) {
			slices.Sort(ts)
		}
		// Welford's running mean and variance of the intervals.
		var mean, m2 float64
		for k := 1; k < len(ts); k++ {
			isi := float64(ts[k]-ts[k-1]) * dt
			d := isi - mean
			mean += d / float64(k)
			m2 += d * (isi - mean)
		}
		if mean <= 0 {
			continue // several spikes in one step: no interval to speak of
		}
		sum += math.Sqrt(m2/float64(len(ts)-1)) / mean
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Synchrony returns Golomb's synchrony measure χ of the run, computed on
// the spike counts cᵢ(t) of every neuron i in consecutive bins of bin ms
// (a partial last bin is dropped):
//
//	χ² = Varₜ(meanᵢ cᵢ(t)) / meanᵢ Varₜ(cᵢ(t))
//
// where the mean runs over all N neurons, silent ones included. χ is 1
// when all neurons fire together and near 1/√N when they fire
// independently. It returns 0 when no neuron's count varies (a silent
// run), when bin is not a positive finite number or when fewer than two
// bins fit in the run.
//
// Golomb, "Neuronal synchrony measures", Scholarpedia 2(1):1347, 2007.
func (r *Result) Synchrony(bin float64) float64 {
	nb := r.nbins(bin)
	if nb < 2 || r.N <= 0 {
		return 0
	}
	// Population: total count per bin.
	pop := make([]float64, nb)
	// Neurons: sum and sum of squares of the counts per bin. Spikes come
	// ordered by time, so each neuron's counts are completed bin by bin.
	sum := make([]float64, r.N)
	sq := make([]float64, r.N)
	cur := make([]int, r.N) // bin being counted, +1 (0: none yet)
	cnt := make([]float64, r.N)
	sorted := slices.IsSortedFunc(r.Spikes, func(a, b Spike) int { return a.T - b.T })
	spikes := r.Spikes
	if !sorted {
		spikes = slices.Clone(spikes)
		slices.SortStableFunc(spikes, func(a, b Spike) int { return a.T - b.T })
	}
	for _, s := range spikes {
		k := r.binOf(s, bin)
		i := s.Neuron
		if k < 0 || k >= nb || i < 0 || i >= r.N {
			continue
		}
		pop[k]++
		if cur[i] != k+1 {
			sq[i] += cnt[i] * cnt[i]
			cnt[i] = 0
			cur[i] = k + 1
		}
		cnt[i]++
		sum[i]++
	}
	// Variances from integer sums, B·Σc² − (Σc)², exact while the sums
	// stay below 2⁵³: a fully synchronous run gives exactly 1.
	B := float64(nb)
	var meanVar float64
	for i := range sum {
		sq[i] += cnt[i] * cnt[i]
		meanVar += B*sq[i] - sum[i]*sum[i]
	}
	meanVar /= B * B * float64(r.N)
	if !(meanVar > 0) {
		return 0
	}
	var s1, s2 float64
	for _, c := range pop {
		s1 += c
		s2 += c * c
	}
	N := float64(r.N)
	popVar := (B*s2 - s1*s1) / (B * B * N * N)
	chi := math.Sqrt(max(popVar, 0) / meanVar)
	return min(chi, 1) // χ ≤ 1 in exact arithmetic
}
