package pynn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// This file holds the statistics by which TestCompareWithNEURON (make
// pynn-compare) compares gosnn with the exported run on NEURON, and their
// unit tests, which run in the normal tests.

// transientMs is the start of every run left out of the statistics: the
// network settles from its initial state in the first 100 ms.
const transientMs = 100

// runStats are the statistics of one run that gosnn and NEURON must share.
type runStats struct {
	exc, inh float64   // population rates, Hz per neuron
	dominant float64   // dominant frequency of the population rate, Hz
	slow     float64   // share of the rhythm's power below slowHz
	rates    []float64 // every neuron's rate, Hz, sorted
}

// slowHz splits the rhythm band: the tutorial network's rhythm is either
// alpha-like (about 9 Hz) or gamma (30–60 Hz), seed by seed, so the
// dominant frequency jumps between the two; the share of the power in
// spikestat.MinRhythm … slowHz of all the power in spikestat.MinRhythm … spikestat.MaxRhythm
// measures the same balance continuously.
const slowHz = 20.0

// runStatsOf computes the statistics of a run of steps steps of dt ms (dt
// dividing 1 ms) from its spikes (in steps, ordered), leaving out the
// first transientMs. The spikes are counted in 1 ms bins, so that snn's
// analysis (PopulationRates, DominantFrequency: the peak of the smoothed
// spectrum of the 1 ms binned rate between 2 and 100 Hz) reads them at
// any dt.
func runStatsOf(spikes snn.Spikes, dt float64, steps int, n int, pops []snn.PopulationInfo) (runStats, error) {
	perMs, ok := wholeSteps(1, dt)
	if !ok {
		return runStats{}, fmt.Errorf("step %g ms: must divide 1 ms", dt)
	}
	ms := steps / perMs
	if ms <= transientMs {
		return runStats{}, fmt.Errorf("%d ms: the run must be longer than the %d ms left out", ms, transientMs)
	}
	var kept snn.Spikes
	for _, s := range spikes {
		if t := s.T/perMs - transientMs; t >= 0 && t < ms-transientMs {
			kept = append(kept, snn.Spike{T: t, Neuron: s.Neuron})
		}
	}
	slices.SortFunc(kept, func(x, y snn.Spike) int { return cmp.Or(cmp.Compare(x.T, y.T), cmp.Compare(x.Neuron, y.Neuron)) })
	res := &snn.Result{Steps: ms - transientMs, N: n, Populations: pops, Spikes: kept}
	pr := res.PopulationRates()
	if len(pr) != 2 {
		return runStats{}, fmt.Errorf("%d populations: the comparison wants excitatory and inhibitory", len(pr))
	}
	st := runStats{exc: pr[0], inh: pr[1], dominant: res.DominantFrequency(), rates: make([]float64, n)}
	freq, power := res.RhythmSpectrum()
	var slow, all float64
	for k, f := range freq {
		if f >= spikestat.MinRhythm && f <= spikestat.MaxRhythm {
			all += power[k]
			if f < slowHz {
				slow += power[k]
			}
		}
	}
	if all > 0 {
		st.slow = slow / all
	}
	sec := float64(ms-transientMs) / 1000
	for _, s := range kept {
		st.rates[s.Neuron] += 1 / sec
	}
	slices.Sort(st.rates)
	return st, nil
}

// wholeSteps returns x/h when it is a whole number ≥ 1 (to a relative 1e-9).
func wholeSteps(x, h float64) (int, bool) {
	k := math.Round(x / h)
	return int(k), h > 0 && k >= 1 && math.Abs(x/h-k) <= 1e-9*k
}

// meanSD returns the mean and the sample standard deviation of x (0 for
// fewer than two values).
func meanSD(x []float64) (mean, sd float64) {
	mean, v := stat.MeanVariance(x, nil)
	if len(x) < 2 || math.IsNaN(v) {
		return mean, 0
	}
	return mean, math.Sqrt(v)
}

// agreement compares one statistic, measured over independent seeds in
// two simulators: the means agree when they differ by at most twice the
// standard error of their difference, 2·√(sd_a²/K_a + sd_b²/K_b), or by
// at most floor (the resolution of the statistic, for a statistic that
// takes discrete values and may not vary at all among a few seeds).
type agreement struct {
	meanA, sdA, meanB, sdB float64
	diff, bound            float64
	agree                  bool
}

func agreeWithin(a, b []float64, floor float64) agreement {
	var g agreement
	g.meanA, g.sdA = meanSD(a)
	g.meanB, g.sdB = meanSD(b)
	g.diff = math.Abs(g.meanA - g.meanB)
	g.bound = max(floor, 2*math.Sqrt(g.sdA*g.sdA/float64(len(a))+g.sdB*g.sdB/float64(len(b))))
	g.agree = g.diff <= g.bound
	return g
}

// atMost is agreeWithin for a distance: a (gosnn against NEURON) agrees
// when its mean exceeds b's (gosnn against gosnn, the yardstick) by at
// most the bound; a smaller distance always agrees.
func atMost(a, b []float64) agreement {
	g := agreeWithin(a, b, 0)
	g.diff = g.meanA - g.meanB
	g.agree = g.diff <= g.bound
	return g
}

// ks is the two-sample Kolmogorov–Smirnov statistic of two sorted samples:
// the largest distance between their empirical distribution functions.
func ks(x, y []float64) float64 { return stat.KolmogorovSmirnov(x, nil, y, nil) }

// seedComparison holds, for K seeds, the statistics of gosnn's and
// NEURON's run of each seed's network.
type seedComparison struct {
	gosnn, neuron []runStats
	resolution    float64 // of the dominant frequency, Hz
}

// rows compares the statistics and returns one table row each: name,
// gosnn, NEURON, difference, bound, verdict.
func (c seedComparison) rows() ([][]string, bool) {
	col := func(s []runStats, f func(runStats) float64) []float64 {
		x := make([]float64, len(s))
		for i, r := range s {
			x[i] = f(r)
		}
		return x
	}
	all := true
	var rows [][]string
	add := func(name string, g agreement, unit string) {
		verdict := "agree"
		if !g.agree {
			verdict, all = "**differ**", false
		}
		rows = append(rows, []string{name,
			fmt.Sprintf("%.3g ± %.2g%s", g.meanA, g.sdA, unit), fmt.Sprintf("%.3g ± %.2g%s", g.meanB, g.sdB, unit),
			fmt.Sprintf("%.2g%s", g.diff, unit), fmt.Sprintf("%.2g%s", g.bound, unit), verdict})
	}
	exc := func(r runStats) float64 { return r.exc }
	inh := func(r runStats) float64 { return r.inh }
	dom := func(r runStats) float64 { return r.dominant }
	slow := func(r runStats) float64 { return r.slow }
	add("excitatory rate", agreeWithin(col(c.gosnn, exc), col(c.neuron, exc), 0), " Hz")
	add("inhibitory rate", agreeWithin(col(c.gosnn, inh), col(c.neuron, inh), 0), " Hz")
	add("dominant frequency", agreeWithin(col(c.gosnn, dom), col(c.neuron, dom), c.resolution), " Hz")
	add(fmt.Sprintf("share of the rhythm's power below %g Hz", slowHz), agreeWithin(col(c.gosnn, slow), col(c.neuron, slow), 0), "")
	// Rate distributions: the KS distance between gosnn's and NEURON's
	// per-neuron rates on the same seed's network, against the distance
	// between gosnn's runs of two seeds (seed s and s+1).
	k := len(c.gosnn)
	var cross, within []float64
	for s := range k {
		cross = append(cross, ks(c.gosnn[s].rates, c.neuron[s].rates))
		if k > 1 {
			within = append(within, ks(c.gosnn[s].rates, c.gosnn[(s+1)%k].rates))
		}
	}
	g := atMost(cross, within)
	verdict := "agree"
	if !g.agree {
		verdict, all = "**differ**", false
	}
	rows = append(rows, []string{"rate distribution: KS distance (gosnn vs gosnn = next seed's gosnn run)",
		fmt.Sprintf("%.3f ± %.3f (vs gosnn)", g.meanB, g.sdB), fmt.Sprintf("%.3f ± %.3f (vs gosnn, same seed)", g.meanA, g.sdA),
		fmt.Sprintf("%+.3f", g.diff), fmt.Sprintf("%.3f", g.bound), verdict})
	return rows, all
}

// delayed is snn.Synapses that deliver every spike k steps later than syn
// does. gosnn applies a spike of step t in step t+1, right after it; a
// NEURON synapse of delay k steps applies it k steps later, so gosnn's
// network with delayed synapses is the network NEURON runs.
type delayed struct {
	syn  snn.Synapses
	k    int
	ring [][]int // the fired lists of the last k steps, oldest first
}

func (d *delayed) Len() int { return d.syn.Len() }

// Deliver delivers the spikes of k calls ago and keeps fired for later.
func (d *delayed) Deliver(fired []int, I []float64) int {
	d.ring = append(d.ring, slices.Clone(fired))
	if len(d.ring) <= d.k {
		return 0
	}
	old := d.ring[0]
	d.ring = d.ring[1:]
	return d.syn.Deliver(old, I)
}

// markdownTable formats a header and rows as a Markdown table.
func markdownTable(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

func TestAgreeWithin(t *testing.T) {
	for _, tc := range []struct {
		name  string
		a, b  []float64
		floor float64
		diff  float64
		bound float64
		agree bool
	}{
		// means 2 and 3, sd 1 each over 3 seeds: bound 2·√(1/3+1/3) = 1.633
		{"within", []float64{1, 2, 3}, []float64{2, 3, 4}, 0, 1, 1.6330, true},
		{"beyond", []float64{1, 2, 3}, []float64{4, 5, 6}, 0, 3, 1.6330, false},
		// no spread at all: only equal means agree, unless a floor is given
		{"no spread, equal", []float64{8, 8, 8}, []float64{8, 8, 8}, 0, 0, 0, true},
		{"no spread, 1 Hz apart", []float64{8, 8, 8}, []float64{9, 9, 9}, 0, 1, 0, false},
		{"no spread, within the resolution", []float64{8, 8, 8}, []float64{9, 9, 9}, 1.1, 1, 1.1, true},
		// unequal numbers of seeds: 2·√(1/3 + 10/5)
		{"unequal K", []float64{1, 2, 3}, []float64{0, 2, 4, 6, 8}, 0, 2, 3.0551, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := agreeWithin(tc.a, tc.b, tc.floor)
			if math.Abs(g.diff-tc.diff) > 1e-9 || math.Abs(g.bound-tc.bound) > 1e-4 || g.agree != tc.agree {
				t.Errorf("diff %g, bound %g, agree %v; want %g, %g, %v", g.diff, g.bound, g.agree, tc.diff, tc.bound, tc.agree)
			}
		})
	}
}

func TestAtMost(t *testing.T) {
	// A distance smaller than the yardstick agrees however far below.
	if g := atMost([]float64{0.01, 0.01}, []float64{0.5, 0.6}); !g.agree {
		t.Errorf("a smaller distance than the yardstick differs: %+v", g)
	}
	if g := atMost([]float64{0.5, 0.6}, []float64{0.01, 0.01}); g.agree {
		t.Errorf("a distance 50 times the yardstick agrees: %+v", g)
	}
}

func TestKS(t *testing.T) {
	for _, tc := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 0},
		{[]float64{1, 2}, []float64{3, 4}, 1},
		// CDFs at 2: x 2/4, y 0 → 0.5; at 3: 3/4 vs 1/2
		{[]float64{1, 2, 3, 4}, []float64{3, 4}, 0.5},
	} {
		if got := ks(tc.x, tc.y); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("KS(%v, %v) = %g, want %g", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestStatsOf(t *testing.T) {
	pops := []snn.PopulationInfo{{Name: "excitatory", Start: 0, Size: 2}, {Name: "inhibitory", Start: 2, Size: 1, Inhibitory: true}}
	// 1100 ms at 0.1 ms: neuron 0 fires every 25 ms (40 Hz) from 0 ms on,
	// neuron 2 every 50 ms; neuron 1 never. Spikes in the first 100 ms
	// are left out.
	var spikes snn.Spikes
	for ms := 0; ms < 1100; ms += 25 {
		spikes = append(spikes, snn.Spike{T: ms*10 + 3, Neuron: 0})
		if ms%50 == 0 {
			spikes = append(spikes, snn.Spike{T: ms*10 + 7, Neuron: 2})
		}
	}
	st, err := runStatsOf(spikes, 0.1, 11000, 3, pops)
	if err != nil {
		t.Fatal(err)
	}
	// 1000 ms kept: neuron 0 fires 40 times, neuron 2 20 times.
	if st.exc != 20 || st.inh != 20 {
		t.Errorf("rates %g, %g Hz; want 20 (40 Hz and a silent neuron) and 20", st.exc, st.inh)
	}
	if !slices.Equal(st.rates, []float64{0, 20, 40}) {
		t.Errorf("per-neuron rates %v, want [0 20 40]", st.rates)
	}
	// A population rate of 5·(1 + sin(2π·23 Hz·t)) spikes per ms, from
	// the end of the transient on: a 23 Hz rhythm.
	var wave snn.Spikes
	for ms := 100; ms < 1100; ms++ {
		k := int(math.Round(5 * (1 + math.Sin(2*math.Pi*23*float64(ms-100)/1000))))
		for i := range k {
			wave = append(wave, snn.Spike{T: ms*10 + 5, Neuron: i})
		}
	}
	pops10 := []snn.PopulationInfo{{Name: "excitatory", Start: 0, Size: 10}, {Name: "inhibitory", Start: 10, Size: 1, Inhibitory: true}}
	if st, err := runStatsOf(wave, 0.1, 11000, 11, pops10); err != nil || st.dominant != 23 || st.slow > 0.1 {
		t.Errorf("dominant frequency %g Hz, slow share %.3f (error %v); want 23 Hz, under 0.1", st.dominant, st.slow, err)
	}
	// The same at 9 Hz: the power is below 20 Hz.
	wave = wave[:0]
	for ms := 100; ms < 1100; ms++ {
		k := int(math.Round(5 * (1 + math.Sin(2*math.Pi*9*float64(ms-100)/1000))))
		for i := range k {
			wave = append(wave, snn.Spike{T: ms*10 + 5, Neuron: i})
		}
	}
	if st, err := runStatsOf(wave, 0.1, 11000, 11, pops10); err != nil || st.dominant != 9 || st.slow < 0.9 {
		t.Errorf("dominant frequency %g Hz, slow share %.3f (error %v); want 9 Hz, over 0.9", st.dominant, st.slow, err)
	}
	if _, err := runStatsOf(spikes, 0.3, 11000, 3, pops); err == nil {
		t.Error("a step of 0.3 ms, which does not divide 1 ms, gives no error")
	}
	if _, err := runStatsOf(spikes, 0.1, 1000, 3, pops); err == nil {
		t.Error("a run of 100 ms, all transient, gives no error")
	}
}

func TestDelayed(t *testing.T) {
	// Neuron 0 excites 1 by 2 and 2 by 3.
	w := []float64{
		0, 0, 0,
		2, 0, 0,
		3, 0, 0,
	}
	syn, err := snn.NewDense(3, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, 1, 2} {
		d := &delayed{syn: syn, k: k}
		var got []int // the calls in which neuron 1 received input
		for call, fired := range [][]int{{0}, {}, {0}, {}, {}, {}} {
			I := make([]float64, 3)
			n := d.Deliver(fired, I)
			if I[1] != 0 {
				got = append(got, call)
				if I[1] != 2 || I[2] != 3 || n != 3 { // Dense counts one event per neuron
					t.Errorf("k %d, call %d: I = %v, %d events; want [0 2 3], 3", k, call, I, n)
				}
			}
		}
		if want := []int{k, 2 + k}; !slices.Equal(got, want) {
			t.Errorf("k %d: input in calls %v, want %v", k, got, want)
		}
	}
}
