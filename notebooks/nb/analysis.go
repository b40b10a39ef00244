package nb

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// Transient is the start of every run, in ms, that the measures of
// rhythm and episodes leave out. All neurons start in the same state
// (v = −65 mV, u = b·v), so the network's first spikes come together: a
// burst at about 15 ms and another at about 40 ms that are not part of
// its ongoing activity and, left in, put their own intervals into the
// episode statistics and power at low frequencies into the spectrum. The
// tutorial network's first ongoing episode comes at 160 ms for seed 0.
const Transient = 100

// Significance is how many times the median power between
// spikestat.MinRhythm and spikestat.MaxRhythm (2 and 100 Hz) the highest
// peak of the smoothed spectrum must reach to count as a rhythm:
// spikestat.RhythmSignificance. For neurons that fire independently (a
// Poisson population) the highest of the spectrum's ~90 smoothed values
// reaches 7 times the median in about 1 run in 300.
const Significance = spikestat.RhythmSignificance

// A Rhythm is the strongest peak of the spectrum of a run's population
// rate after the Transient.
type Rhythm struct {
	Freq        float64 // Hz, the peak's frequency
	Power       float64 // the peak's smoothed power (Hz²/Hz)
	Median      float64 // median smoothed power between 2 and 100 Hz
	Significant bool    // Power ≥ Significance × Median
}

// String returns the frequency rounded to whole Hz, or "none" when the
// peak is not significant.
func (r Rhythm) String() string {
	if !r.Significant {
		return "none"
	}
	return fmt.Sprintf("%.0f", r.Freq)
}

// RhythmOf returns the strongest rhythm of res: the spectrum of its
// population rate in 1 ms bins from Transient ms on, smoothed as
// Result.DominantFrequency smooths it (spikestat.RhythmSpectrum: weights
// ¼, ½, ¼ over neighbouring frequencies), and its highest value between 2
// and 100 Hz (spikestat.FindPeak). A run of Transient ms or less has no
// rhythm.
func RhythmOf(res *snn.Result) Rhythm {
	rate := res.BinnedRate(1)
	if len(rate) <= Transient+2 {
		return Rhythm{}
	}
	return rhythmOf(spikestat.RhythmSpectrum(rate[Transient:], 1))
}

// rhythmOf returns the rhythm of a smoothed spectrum.
func rhythmOf(freq, power []float64) Rhythm {
	if len(freq) < 3 {
		return Rhythm{}
	}
	p := spikestat.FindPeak(freq, power, spikestat.MinRhythm, spikestat.MaxRhythm)
	return Rhythm{Freq: p.Freq, Power: p.Power, Median: p.Median, Significant: p.Significant(Significance)}
}

// Episodes returns the times (ms) of the population bursts of res after
// the Transient: the peaks of groups of 5 ms bins whose rate exceeds 2.5
// times the run's mean rate (after the Transient), groups less than 20 ms
// apart being joined.
func Episodes(res *snn.Result) []float64 {
	const bin = 5.0
	rate := res.BinnedRate(bin)
	first := int(Transient / bin)
	if len(rate) <= first {
		return nil
	}
	var mean float64
	for _, r := range rate[first:] {
		mean += r
	}
	mean /= float64(len(rate) - first)
	limit := 2.5 * mean
	var times []float64
	peak, peakRate, last := -1.0, 0.0, math.Inf(-1)
	for k := first; k < len(rate); k++ {
		r := rate[k]
		if r <= limit {
			continue
		}
		t := float64(k) * bin
		if t-last >= 20 && peak >= 0 {
			times = append(times, peak)
			peak, peakRate = -1, 0
		}
		if r > peakRate {
			peak, peakRate = t, r
		}
		last = t
	}
	if peak >= 0 {
		times = append(times, peak)
	}
	return times
}

// MeanInterval returns the mean interval between the episodes at times,
// formatted with no decimals, or "–" with fewer than two episodes.
func MeanInterval(times []float64) string {
	if len(times) < 2 {
		return "–"
	}
	return fmt.Sprintf("%.0f", (times[len(times)-1]-times[0])/float64(len(times)-1))
}
