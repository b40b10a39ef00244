package spikestat

import (
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Spectrum returns the one-sided power spectral density of a signal x
// sampled every bin ms (a population rate, say), after removing its mean:
// the periodogram
//
//	power[k] = c·|Σₙ (x[n] − mean)·exp(−2πi·k·n/N)|² · bin/(1000·N)
//
// at freq[k] = k·1000/(N·bin) Hz for k = 0 … N/2 (0 Hz to the Nyquist
// frequency), with c = 2 except at 0 Hz and at the Nyquist frequency of an
// even N, where c = 1. The unit of power is x² per Hz (Hz for a rate in
// Hz), and the power sums to the variance of x:
// Σₖ power[k]·(freq[1] − freq[0]) = Var(x). The Fourier transform is
// gonum's [fourier.FFT].
//
// Spectrum returns nil slices when x is empty or bin is not a positive
// finite number. A signal holding NaN or infinities gives NaN power,
// which [DominantFrequency] and [FindPeak] ignore.
func Spectrum(x []float64, bin float64) (freq, power []float64) {
	n := len(x)
	if n == 0 || !(bin > 0) || math.IsInf(bin, 0) {
		return nil, nil
	}
	p := newPeriodogram(n, bin)
	p.add(x)
	return p.freq(), p.power
}

// BartlettSpectrum returns the average of the periodograms ([Spectrum]) of
// the consecutive, non-overlapping segments of segment samples of x, each
// with its own mean removed (Bartlett's method):
//
//	power[k] = (1/M) Σₘ Spectrum(x[m·segment : (m+1)·segment], bin)[k]
//
// for the M = len(x)/segment whole segments; samples after the last whole
// segment are left out. Averaging M periodograms divides the spread of
// each frequency's estimate by √M, at the price of a resolution of
// 1000/(segment·bin) Hz instead of 1000/(len(x)·bin). It returns nil
// slices when no whole segment fits, segment is not positive or bin is not
// a positive finite number.
func BartlettSpectrum(x []float64, bin float64, segment int) (freq, power []float64) {
	if segment <= 0 || len(x) < segment || !(bin > 0) || math.IsInf(bin, 0) {
		return nil, nil
	}
	p := newPeriodogram(segment, bin)
	m := len(x) / segment
	for s := range m {
		p.add(x[s*segment : (s+1)*segment])
	}
	for k := range p.power {
		p.power[k] /= float64(m)
	}
	return p.freq(), p.power
}

// periodogram adds up the periodograms of signals of n samples.
type periodogram struct {
	n     int
	bin   float64
	fft   *fourier.FFT
	x     []float64    // the signal less its mean
	coeff []complex128 // its Fourier coefficients
	power []float64    // the sum of the periodograms added
}

func newPeriodogram(n int, bin float64) *periodogram {
	return &periodogram{n: n, bin: bin, fft: fourier.NewFFT(n), x: make([]float64, n), power: make([]float64, n/2+1)}
}

// add adds the periodogram of x, of p.n samples, to p.power.
func (p *periodogram) add(x []float64) {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(p.n)
	for i, v := range x {
		p.x[i] = v - mean
	}
	p.coeff = p.fft.Coefficients(p.coeff, p.x)
	fs := 1000 / p.bin // sampling frequency, Hz
	norm := 1 / (fs * float64(p.n))
	for k, c := range p.coeff {
		a := cmplx.Abs(c)
		v := a * a * norm
		if k > 0 && !(p.n%2 == 0 && k == p.n/2) {
			v *= 2
		}
		p.power[k] += v
	}
}

// freq returns the frequencies of the periodogram's values in Hz.
func (p *periodogram) freq() []float64 {
	fs := 1000 / p.bin // sampling frequency, Hz
	freq := make([]float64, len(p.power))
	for k := range freq {
		freq[k] = float64(k) * fs / float64(p.n)
	}
	return freq
}

// Frequency band and smoothing of a network's rhythm ([RhythmSpectrum],
// [FindPeak]), in Hz.
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

// RhythmSpectrum returns the spectrum in which a network's rhythm is
// sought: the [Spectrum] of a population rate sampled every bin ms,
// averaged over RhythmSmoothing Hz on either side of each frequency with
// Hann weights ([SmoothHann] with half-width h = round(RhythmSmoothing/Δf)
// frequencies, Δf = freq[1]; for a 1-second rate the weights ¼, ½, ¼ on
// neighbouring frequencies).
//
// A single periodogram is noisy: each frequency's estimate has a spread
// as large as its mean. The smoothing keeps a narrow peak where it is and
// lets a broad peak, whose power is spread over many frequencies, win
// when it holds more power. It returns nil slices for fewer than two
// frequencies (a rate of fewer than 2 samples).
func RhythmSpectrum(rate []float64, bin float64) (freq, power []float64) {
	freq, power = Spectrum(rate, bin)
	if len(freq) < 2 {
		return nil, nil
	}
	return freq, SmoothHann(power, int(math.Round(RhythmSmoothing/freq[1])))
}

// SmoothHann returns the moving average of x with Hann weights
//
//	out[i] = Σⱼ w[j]·x[i+j] / Σⱼ w[j],  w[j] = 1 + cos(π·j/(h+1)),  j = −h … h
//
// where both sums run over the j with 0 ≤ i+j < len(x), so that the
// weights are renormalised where the window passes the ends of x and a
// constant stays constant. For h ≤ 0 it returns x itself.
func SmoothHann(x []float64, h int) []float64 {
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

// DominantFrequency returns the frequency, in the units of freq, of the
// largest power among the frequencies in [lo, hi]: FindPeak(freq, power,
// lo, hi).Freq.
func DominantFrequency(freq, power []float64, lo, hi float64) float64 {
	return FindPeak(freq, power, lo, hi).Freq
}

// A Peak is the highest value of a spectrum in a band of frequencies, with
// what it takes to judge it: the median power of the band.
type Peak struct {
	Freq   float64 // frequency of the peak; 0 when there is none
	Power  float64 // the peak's power
	Median float64 // median power of the band's frequencies
}

// FindPeak returns the largest power among the frequencies in [lo, hi] and
// the median power of those frequencies; ties go to the lowest frequency.
// NaN and infinite power is skipped. The peak is the zero Peak (Freq 0)
// when no frequency in the band has positive power (a silent or constant
// rate), or when freq and power differ in length.
func FindPeak(freq, power []float64, lo, hi float64) Peak {
	if len(freq) != len(power) {
		return Peak{}
	}
	var p Peak
	var band []float64
	for k, f := range freq {
		v := power[k]
		if f < lo || f > hi || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		band = append(band, v)
		if v > p.Power {
			p.Freq, p.Power = f, v
		}
	}
	if p.Power == 0 {
		return Peak{}
	}
	slices.Sort(band)
	p.Median = band[len(band)/2]
	return p
}

// RhythmSignificance is how many times the band's median power the peak
// of a [RhythmSpectrum] must reach to count as a rhythm
// ([Peak.Significant]). For 1000 neurons firing independently at 5 Hz
// (Poisson processes) the highest of the spectrum's ~90 smoothed values
// between MinRhythm and MaxRhythm over 900 ms reaches 7 times the median
// in about 1 run in 300 (TestSignificanceOfIndependentNeurons).
const RhythmSignificance = 7.0

// Significant reports whether the peak holds at least ratio times the
// median power of its band: a rhythm that stands out of the noise of
// counting spikes rather than the highest of many noisy values. Use
// RhythmSignificance as ratio for a [RhythmSpectrum]. A zero Peak is not
// significant.
func (p Peak) Significant(ratio float64) bool {
	return p.Power > 0 && p.Power >= ratio*p.Median
}
