package spikestat

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestISICV(t *testing.T) {
	for _, tc := range []struct {
		name   string
		t      []float64
		neuron []int
		n      int
		want   float64
	}{
		{"clock", []float64{0, 10, 20, 30}, []int{0, 0, 0, 0}, 1, 0},
		// Intervals 1 and 3: mean 2, σ 1 (divisor 2).
		{"two intervals", []float64{0, 1, 4}, []int{0, 0, 0}, 1, 0.5},
		{"unsorted", []float64{4, 0, 1}, []int{0, 0, 0}, 1, 0.5},
		// Neuron 1's intervals 2, 2, 8: mean 4, σ √8; neuron 0 is a clock.
		{"average over neurons", []float64{0, 0, 5, 2, 10, 4, 15, 12}, []int{0, 1, 0, 1, 0, 1, 0, 1}, 2, math.Sqrt(8) / 4 / 2},
		{"fewer than 3 spikes left out", []float64{0, 1, 4, 0, 7}, []int{0, 0, 0, 1, 1}, 2, 0.5},
		{"neurons outside 0…n−1 ignored", []float64{0, 1, 4, 0, 1, 9}, []int{0, 0, 0, 5, 5, 5}, 1, 0.5},
		{"NaN times ignored", []float64{0, 1, math.NaN(), 4}, []int{0, 0, 0, 0}, 1, 0.5},
		{"all at one time", []float64{3, 3, 3}, []int{0, 0, 0}, 1, 0},
		{"silent", nil, nil, 10, 0},
		{"no neurons", []float64{0, 1, 4}, []int{0, 0, 0}, 0, 0},
	} {
		got, err := ISICV(tc.t, tc.neuron, tc.n)
		if err != nil || math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: ISICV = %g, %v; want %g", tc.name, got, err, tc.want)
		}
	}
}

// naiveSynchrony is Golomb's χ from the full matrix of counts c[i][k].
func naiveSynchrony(t []float64, neuron []int, n int, duration, bin float64) float64 {
	nb := int(math.Floor(duration/bin + 1e-9))
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, nb)
	}
	for k, x := range t {
		if math.IsNaN(x) {
			continue
		}
		if b := int(math.Floor(x/bin + 1e-9)); b >= 0 && b < nb && neuron[k] >= 0 && neuron[k] < n {
			c[neuron[k]][b]++
		}
	}
	variance := func(x []float64) float64 {
		var m, v float64
		for _, y := range x {
			m += y
		}
		m /= float64(len(x))
		for _, y := range x {
			v += (y - m) * (y - m)
		}
		return v / float64(len(x))
	}
	pop := make([]float64, nb)
	var meanVar float64
	for i := range c {
		meanVar += variance(c[i]) / float64(n)
		for k, v := range c[i] {
			pop[k] += v / float64(n)
		}
	}
	if meanVar == 0 {
		return 0
	}
	return math.Sqrt(variance(pop) / meanVar)
}

func TestSynchrony(t *testing.T) {
	// All neurons fire together: χ = 1, whatever the bin.
	var sync []float64
	var syncN []int
	for s := 0.0; s < 1000; s += 25 {
		for i := range 50 {
			sync, syncN = append(sync, s), append(syncN, i)
		}
	}
	for _, bin := range []float64{1, 5, 10} {
		if got, err := Synchrony(sync, syncN, 50, 1000, bin); err != nil || math.Abs(got-1) > 1e-12 {
			t.Errorf("synchronous, bin %g: χ = %g, %v; want 1", bin, got, err)
		}
	}
	for _, tc := range []struct {
		name          string
		t             []float64
		neuron        []int
		n             int
		duration, bin float64
	}{
		{"silent", nil, nil, 10, 1000, 5},
		{"bin 0", sync, syncN, 50, 1000, 0},
		{"bin NaN", sync, syncN, 50, 1000, math.NaN()},
		{"one bin", sync, syncN, 50, 1000, 1000},
		{"no neurons", sync, syncN, 0, 1000, 5},
	} {
		if got, err := Synchrony(tc.t, tc.neuron, tc.n, tc.duration, tc.bin); got != 0 || err != nil {
			t.Errorf("%s: χ = %g, %v; want 0, nil", tc.name, got, err)
		}
	}
}

// Random spike trains, in time order or not, with neurons and times out
// of range: χ agrees with the count-matrix definition.
func TestSynchronyMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 50 {
		n := 1 + rng.IntN(30)
		duration := 10 + rng.Float64()*500
		bin := []float64{0.5, 1, 2.5, 5, 10}[rng.IntN(5)]
		// Whole ms, some outside the bins and some of neurons outside
		// 0 … n−1; in half of the trials every neuron also fires in a few
		// shared ms, for high χ.
		var ts []float64
		var ns []int
		for range rng.IntN(2000) {
			ts, ns = append(ts, math.Floor(rng.Float64()*(duration+20))-10), append(ns, rng.IntN(n+2)-1)
		}
		if trial%4 < 2 {
			for range 1 + rng.IntN(20) {
				at := math.Floor(rng.Float64() * duration)
				for i := range n {
					ts, ns = append(ts, at), append(ns, i)
				}
			}
		}
		if trial%3 == 2 {
			// NaN times count in no bin, wherever they stand.
			for range 1 + rng.IntN(5) {
				k := rng.IntN(len(ts) + 1)
				ts, ns = slices.Insert(ts, k, math.NaN()), slices.Insert(ns, k, rng.IntN(n))
			}
		}
		if trial%2 == 0 {
			sortByTime(ts, ns)
		}
		got, err := Synchrony(ts, ns, n, duration, bin)
		want := naiveSynchrony(ts, ns, n, duration, bin)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d (n %d, %g ms, bin %g): χ = %.12g, %v; want %.12g", trial, n, duration, bin, got, err, want)
		}
	}
}

func sortByTime(ts []float64, ns []int) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j] < ts[j-1]; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}

// Parallel lists of different lengths are an error that says so.
func TestSpikeListsMismatch(t *testing.T) {
	ts, ns := []float64{0, 1, 2}, []int{0, 0}
	if _, err := ISICV(ts, ns, 1); err == nil || !strings.Contains(err.Error(), "3 spike times but 2 neurons") {
		t.Errorf("ISICV of mismatched lists: error %v", err)
	}
	if _, err := Synchrony(ts, ns, 1, 10, 1); err == nil || !strings.Contains(err.Error(), "3 spike times but 2 neurons") {
		t.Errorf("Synchrony of mismatched lists: error %v", err)
	}
}
