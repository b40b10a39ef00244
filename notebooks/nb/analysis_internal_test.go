package nb

import (
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestSignificanceOfIndependentNeurons calibrates Significance: the
// population rate of 1000 independent Poisson neurons at 5 Hz over 900 ms
// (the part of a 1000 ms run after the Transient) must show a
// "significant" rhythm in fewer than 1 run in 200 (about 1 in 300 is
// expected), and the typical peak must be a few times the median, so
// that the test would notice a broken spectrum or median.
func TestSignificanceOfIndependentNeurons(t *testing.T) {
	const trials = 3000
	poisson := distuv.Poisson{Lambda: 1000 * 5.0 / 1000, Src: rand.New(rand.NewPCG(1, 2))}
	rate := make([]float64, 1000-Transient)
	var ratios []float64
	significant := 0
	for range trials {
		for k := range rate {
			rate[k] = poisson.Rand() // spikes of 1000 neurons in 1 ms; the scale does not matter
		}
		r := rhythmOfRate(rate)
		ratios = append(ratios, r.Power/r.Median)
		if r.Significant {
			significant++
		}
	}
	sort.Float64s(ratios)
	if median := ratios[trials/2]; median < 2.5 || median > 4.5 {
		t.Errorf("median of peak/median power over %d Poisson runs = %.2f, want about 3.4", trials, median)
	}
	if frac := float64(significant) / trials; frac >= 1.0/200 {
		t.Errorf("%d of %d runs of independent Poisson neurons have a significant rhythm (%.2f%%), want fewer than 0.5%%", significant, trials, 100*frac)
	}
}
