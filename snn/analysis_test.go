package snn

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/gosnn/gosnn/internal/testenv"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// regular returns spikes of neuron i every period steps, starting at
// step first, up to (not including) step end.
func regular(i, first, period, end int) Spikes {
	var s Spikes
	for t := first; t < end; t += period {
		s = append(s, Spike{T: t, Neuron: i})
	}
	return s
}

// merge joins spike lists and orders them by time, then neuron.
func merge(lists ...Spikes) Spikes {
	var s Spikes
	for _, l := range lists {
		s = append(s, l...)
	}
	sortSpikes(s)
	return s
}

// twoPops is a result of n neurons split into two populations of sizes
// n1 and n−n1.
func twoPops(n, n1, steps int, s Spikes) *Result {
	return &Result{
		Steps: steps, N: n, Spikes: s,
		Populations: []PopulationInfo{
			{Name: "a", Start: 0, Size: n1},
			{Name: "b", Start: n1, Size: n - n1, Inhibitory: true},
		},
	}
}

// poisson returns independent Poisson-like spike trains (one Bernoulli
// draw per neuron and step) of n neurons with rate(t) Hz.
func poisson(rng *rand.Rand, n, steps int, rate func(t int) float64) Spikes {
	var s Spikes
	for t := range steps {
		p := rate(t) * DT / 1000
		for i := range n {
			if rng.Float64() < p {
				s = append(s, Spike{T: t, Neuron: i})
			}
		}
	}
	return s
}

func TestRates(t *testing.T) {
	// Over 1000 ms: neuron 0 fires every 10 ms (100 Hz), neuron 1 every
	// 20 ms (50 Hz), neuron 2 never, neuron 3 every 100 ms (10 Hz).
	s := merge(regular(0, 0, 10, 1000), regular(1, 5, 20, 1000), regular(3, 99, 100, 1000))
	r := twoPops(4, 2, 1000, s)
	if got := r.Duration(); got != 1000 {
		t.Errorf("Duration = %g, want 1000", got)
	}
	// 160 spikes / 4 neurons / 1 s.
	if got := r.Rate(); got != 40 {
		t.Errorf("Rate = %g, want 40", got)
	}
	// (100+50)/2 and (0+10)/2.
	if got, want := r.PopulationRates(), []float64{75, 5}; !slices.Equal(got, want) {
		t.Errorf("PopulationRates = %v, want %v", got, want)
	}
	// Same spikes over 2000 ms: half the rates.
	r.Steps = 2000
	if got := r.Rate(); got != 20 {
		t.Errorf("Rate over 2000 ms = %g, want 20", got)
	}
	if got, want := r.PopulationRates(), []float64{37.5, 2.5}; !slices.Equal(got, want) {
		t.Errorf("PopulationRates over 2000 ms = %v, want %v", got, want)
	}
}

func TestEmptyIsZero(t *testing.T) {
	for _, r := range []*Result{
		{},                       // nothing at all
		twoPops(4, 2, 1000, nil), // silent
		twoPops(4, 2, 0, nil),    // no steps
		twoPops(4, 2, 1, Spikes{{0, 1}}),
	} {
		check := func(name string, x float64) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%+v: %s = %g, want a finite number", r, name, x)
			}
		}
		check("Rate", r.Rate())
		for _, x := range r.PopulationRates() {
			check("PopulationRates", x)
		}
		check("DominantFrequency", r.DominantFrequency())
		check("ISICV", r.ISICV())
		check("Synchrony", r.Synchrony(1))
		for _, x := range r.BinnedRate(1) {
			check("BinnedRate", x)
		}
		if len(r.Spikes) == 0 {
			for name, x := range map[string]float64{
				"Rate": r.Rate(), "DominantFrequency": r.DominantFrequency(),
				"ISICV": r.ISICV(), "Synchrony": r.Synchrony(1),
			} {
				if x != 0 {
					t.Errorf("%+v: %s = %g, want 0 without spikes", r, name, x)
				}
			}
		}
	}
}

func scale(c float64, x ...float64) []float64 {
	for i := range x {
		x[i] *= c
	}
	return x
}

func TestBinnedRate(t *testing.T) {
	// One neuron firing every 10 ms from step 3, over 100 ms.
	s := regular(0, 3, 10, 100)
	for _, tc := range []struct {
		name  string
		start int
		bin   float64
		want  []float64
	}{
		{"10ms", 0, 10, []float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100}},
		// 100/30 = 3.3 bins: the partial last bin is dropped; bin 0
		// holds 3, 13, 23, bin 1 33, 43, 53, bin 2 63, 73, 83.
		{"30ms", 0, 30, []float64{100, 100, 100}},
		// Bins [0,7) [7,14) [14,21) …, 14 of them: spikes 3 | 13 | – |
		// 23 | 33 | – | 43 | 53 | – | 63 | 73 | 83 | – | 93.
		{"7ms", 0, 7, scale(1000./7, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1)},
		{"100ms", 0, 100, []float64{100}},
		{"longer than run", 0, 101, nil},
		{"zero", 0, 0, nil},
		{"negative", 0, -1, nil},
		{"NaN", 0, math.NaN(), nil},
		{"Inf", 0, math.Inf(1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The same train shifted by the run's start gives the same bins.
			shifted := slices.Clone(s)
			for k := range shifted {
				shifted[k].T += 500
			}
			for _, r := range []*Result{
				{Steps: 100, N: 1, Spikes: s},
				{Start: 500, Steps: 100, N: 1, Spikes: shifted},
			} {
				got := r.BinnedRate(tc.bin)
				if len(got) != len(tc.want) {
					t.Fatalf("start %d: BinnedRate(%g) = %v, want %v", r.Start, tc.bin, got, tc.want)
				}
				for k := range got {
					if math.Abs(got[k]-tc.want[k]) > 1e-12*tc.want[k] {
						t.Fatalf("start %d: BinnedRate(%g) = %v, want %v", r.Start, tc.bin, got, tc.want)
					}
				}
			}
		})
	}
}

func TestBinnedRateFineBins(t *testing.T) {
	// Bins shorter than a step: each step's spikes fall in the bin where
	// the step starts, so with 0.1 ms bins every tenth bin holds them.
	r := &Result{Steps: 1000, N: 2, Spikes: merge(regular(0, 0, 1, 1000), regular(1, 0, 2, 1000))}
	got := r.BinnedRate(0.1)
	if len(got) != 10000 {
		t.Fatalf("BinnedRate(0.1) has %d bins, want 10000", len(got))
	}
	for k, x := range got {
		want := 0.0
		if k%10 == 0 {
			c := 1.0 // neuron 0 every step
			if (k/10)%2 == 0 {
				c = 2 // neuron 1 every other step
			}
			want = c / 2 / 0.0001
		}
		if math.Abs(x-want) > 1e-9*want {
			t.Fatalf("bin %d = %g, want %g", k, x, want)
		}
	}
}

// Property: the binned rate accounts for every spike in the whole bins,
// whatever the bin width.
func TestBinnedRateConservesSpikes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		n, steps := 1+rng.IntN(50), 1+rng.IntN(500)
		s := poisson(rng, n, steps, func(int) float64 { return 50 })
		r := &Result{Steps: steps, N: n, Spikes: s}
		bin := 0.5 + rng.Float64()*20
		rate := r.BinnedRate(bin)
		nb := int(float64(steps) / bin)
		if len(rate) != nb {
			t.Fatalf("%d steps, bin %g ms: %d bins, want %d", steps, bin, len(rate), nb)
		}
		var want int
		for _, sp := range s {
			if float64(sp.T)*DT < float64(nb)*bin {
				want++
			}
		}
		var got float64
		for _, x := range rate {
			got += x * float64(n) * bin / 1000
		}
		if math.Abs(got-float64(want)) > 1e-9*float64(want+1) {
			t.Fatalf("%d steps, bin %g ms: bins hold %g spikes, want %d", steps, bin, got, want)
		}
	}
}

// A network whose rate is modulated at f Hz has its dominant frequency at f.
func TestResultDominantFrequency(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, f := range []float64{4, 8, 10, 23, 40, 77} {
		const n, steps = 200, 2000
		s := poisson(rng, n, steps, func(t int) float64 {
			return 20 * (1 + 0.8*math.Sin(2*math.Pi*f*float64(t)*DT/1000))
		})
		r := &Result{Steps: steps, N: n, Spikes: s}
		if got := r.DominantFrequency(); math.Abs(got-f) > 0.5 {
			t.Errorf("rate modulated at %g Hz: DominantFrequency = %g", f, got)
		}
	}
	// Outside 2…100 Hz the rhythm is not searched.
	s := poisson(rng, 200, 2000, func(t int) float64 {
		return 20 * (1 + 0.8*math.Sin(2*math.Pi*150*float64(t)*DT/1000))
	})
	r := &Result{Steps: 2000, N: 200, Spikes: s}
	if got := r.DominantFrequency(); got < spikestat.MinRhythm || got > spikestat.MaxRhythm || math.Abs(got-150) < 1 {
		t.Errorf("rate modulated at 150 Hz: DominantFrequency = %g, want some frequency in [2, 100]", got)
	}
}

func TestISICV(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Spikes
		want float64
	}{
		{"regular", merge(regular(0, 0, 10, 1000), regular(1, 3, 7, 1000)), 0},
		// Intervals 1 and 3 ms: mean 2, standard deviation 1.
		{"1 and 3", Spikes{{0, 0}, {1, 0}, {4, 0}}, 0.5},
		// Neuron 1 (2 spikes) and neuron 2 (1 spike) do not count.
		{"too few spikes ignored", Spikes{{0, 0}, {0, 1}, {1, 0}, {4, 0}, {5, 1}, {9, 2}}, 0.5},
		// Intervals 2, 2, 8: mean 4, sd √8 → CV √8/4; and 0 for neuron 1.
		{"average over neurons", merge(Spikes{{0, 0}, {2, 0}, {4, 0}, {12, 0}}, regular(1, 0, 5, 20)), math.Sqrt(8) / 4 / 2},
		{"unordered", Spikes{{4, 0}, {0, 0}, {1, 0}}, 0.5},
		{"out of range neuron ignored", Spikes{{0, 0}, {1, 0}, {4, 0}, {1, 7}, {2, 7}, {9, 7}}, 0.5},
		{"none", nil, 0},
	} {
		r := &Result{Steps: 1000, N: 3, Spikes: tc.s}
		if got := r.ISICV(); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: ISICV = %g, want %g", tc.name, got, tc.want)
		}
	}
}

func TestISICVPoisson(t *testing.T) {
	// Bernoulli trains with p = 0.01 per 1 ms step have geometric
	// intervals, CV √(1−p) ≈ 0.995.
	rng := rand.New(rand.NewPCG(9, 10))
	r := &Result{Steps: 20000, N: 100}
	r.Spikes = poisson(rng, r.N, r.Steps, func(int) float64 { return 10 })
	if got, want := r.ISICV(), math.Sqrt(0.99); math.Abs(got-want) > 0.03 {
		t.Errorf("Poisson trains: ISICV = %g, want about %g", got, want)
	}
}

func TestSynchrony(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n, steps = 100, 2000
	// Every neuron fires in the same steps: χ = 1.
	var sync Spikes
	for step := range steps {
		if rng.Float64() < 0.02 {
			for i := range n {
				sync = append(sync, Spike{step, i})
			}
		}
	}
	r := &Result{Steps: steps, N: n, Spikes: sync}
	for _, bin := range []float64{1, 3, 10} {
		if got := r.Synchrony(bin); math.Abs(got-1) > 1e-12 {
			t.Errorf("synchronous trains, bin %g: Synchrony = %.15g, want 1", bin, got)
		}
	}
	// Independent trains of the same rate: χ ≈ 1/√N.
	r.Spikes = poisson(rng, n, steps, func(int) float64 { return 20 })
	if got, want := r.Synchrony(5), 1/math.Sqrt(n); math.Abs(got-want) > 0.3*want {
		t.Errorf("independent trains: Synchrony = %g, want about %g", got, want)
	}
	// Degenerate cases.
	for _, tc := range []struct {
		name string
		r    *Result
		bin  float64
	}{
		{"silent", &Result{Steps: steps, N: n}, 1},
		{"one bin", &Result{Steps: 10, N: 2, Spikes: Spikes{{1, 0}, {2, 1}}}, 10},
		{"bin 0", &Result{Steps: 10, N: 2, Spikes: Spikes{{1, 0}, {2, 1}}}, 0},
		{"bin NaN", &Result{Steps: 10, N: 2, Spikes: Spikes{{1, 0}, {2, 1}}}, math.NaN()},
		// Each neuron fires once in every bin: no count varies.
		{"constant counts", &Result{Steps: 10, N: 2, Spikes: merge(regular(0, 0, 2, 10), regular(1, 1, 2, 10))}, 2},
	} {
		if got := tc.r.Synchrony(tc.bin); got != 0 {
			t.Errorf("%s: Synchrony(%g) = %g, want 0", tc.name, tc.bin, got)
		}
	}
}

func tutorialSpikes(b *testing.B) *Result {
	rng := rand.New(rand.NewPCG(1, 1))
	return &Result{Steps: 1000, N: 1000, Spikes: poisson(rng, 1000, 1000, func(int) float64 { return 7.6 })}
}

func BenchmarkBinnedRate(b *testing.B) {
	r := tutorialSpikes(b)
	b.ResetTimer()
	for b.Loop() {
		r.BinnedRate(1)
	}
}

func BenchmarkDominantFrequency(b *testing.B) {
	r := tutorialSpikes(b)
	b.ResetTimer()
	for b.Loop() {
		r.DominantFrequency()
	}
}

func BenchmarkSynchrony(b *testing.B) {
	r := tutorialSpikes(b)
	b.ResetTimer()
	for b.Loop() {
		r.Synchrony(1)
	}
}

// numpyAnalysis is an independent NumPy implementation of the analysis
// functions, the reference for TestAnalysisMatchesNumPy. It reads a JSON
// list of runs from stdin and prints the measures of each.
const numpyAnalysis = `
import json, sys
import numpy as np

def binned(t, start, steps, n, b):
    nb = int(np.floor(steps / b + 1e-9))
    k = np.floor((t - start) / b + 1e-9).astype(np.int64)
    k = k[k < nb]
    return np.bincount(k, minlength=nb)[:nb] / (n * b / 1000), nb

def spectrum(x, b):
    n = len(x)
    fs = 1000 / b
    p = np.abs(np.fft.rfft(x - x.mean()))**2 / (fs * n)
    p[1:] *= 2
    if n % 2 == 0:
        p[-1] /= 2
    return np.fft.rfftfreq(n, b / 1000), p

def dominant(r):
    f, p = spectrum(r, 1)
    h = int(round(1 / f[1]))
    w = 1 + np.cos(np.pi * np.arange(-h, h + 1) / (h + 1))
    s = np.convolve(p, w, mode="same") / np.convolve(np.ones_like(p), w, mode="same")
    band = (f >= 2) & (f <= 100) & (s > 0)
    if not band.any():
        return 0.0
    return float(f[band][np.argmax(s[band])])

def cv(t, i, n):
    cvs = []
    for j in range(n):
        isi = np.diff(np.sort(t[i == j]))
        if len(isi) >= 2:
            cvs.append(np.std(isi) / np.mean(isi))
    return float(np.mean(cvs)) if cvs else 0.0

def chi(t, i, start, steps, n, b):
    nb = int(np.floor(steps / b + 1e-9))
    k = np.floor((t - start) / b + 1e-9).astype(np.int64)
    keep = k < nb
    c = np.zeros((n, nb))
    np.add.at(c, (i[keep], k[keep]), 1)
    den = np.mean(np.var(c, axis=1))
    return float(np.sqrt(np.var(c.mean(axis=0)) / den)) if den > 0 else 0.0

out = []
for run in json.loads(sys.stdin.read()):
    a = np.array(run["spikes"], dtype=np.int64).reshape(-1, 2)
    t, i = a[:, 0].astype(float), a[:, 1]
    start, steps, n = run["start"], run["steps"], run["n"]
    res = {"rate": len(a) / n / (steps / 1000),
           "pops": [float(np.sum((i >= s) & (i < s + z))) / z / (steps / 1000) for s, z in run["pops"]],
           "isicv": cv(t, i, n)}
    r1, _ = binned(t, start, steps, n, 1)
    res["dominant"] = dominant(r1)
    for b in run["bins"]:
        r, _ = binned(t, start, steps, n, b)
        f, p = spectrum(r, b)
        res[str(b)] = {"binned": r.tolist(), "freq": f.tolist(), "power": p.tolist(),
                       "chi": chi(t, i, start, steps, n, b)}
    out.append(res)
json.dump(out, sys.stdout)
`

// The analysis of tutorial runs agrees with an independent NumPy
// implementation.
func TestAnalysisMatchesNumPy(t *testing.T) {
	testenv.NumPy(t)
	var runs []*Result
	for _, sc := range []struct {
		seed   uint64
		we, wi float64
		steps  []int
	}{
		{0, 0.5, 1, []int{1000, 777}}, // tutorial, then a second run from step 1000
		{1, 0.3, 0.1, []int{1000}},    // S3: strongly synchronous
		{2, 0.1, 0.1, []int{1999}},    // S4: asynchronous
	} {
		net, err := New(Tutorial(TutorialOptions{Ne: 800, Ni: 200, Exc: RS, Inh: LTS, We: sc.we, Wi: sc.wi, Seed: sc.seed}))
		if err != nil {
			t.Fatal(err)
		}
		for _, steps := range sc.steps {
			r, err := net.Run(t.Context(), steps, nil)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, r)
		}
	}
	bins := []float64{1, 2.5, 5}
	var in []map[string]any
	for _, r := range runs {
		var pops [][2]int
		for _, p := range r.Populations {
			pops = append(pops, [2]int{p.Start, p.Size})
		}
		in = append(in, map[string]any{
			"spikes": json.RawMessage(spikesJSON(r.Spikes)), "start": r.Start, "steps": r.Steps,
			"n": r.N, "pops": pops, "bins": bins,
		})
	}
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	type binned struct {
		Binned, Freq, Power []float64
		Chi                 float64
	}
	var want []map[string]json.RawMessage
	if err := json.Unmarshal(testenv.RunPython(t, js, numpyAnalysis), &want); err != nil {
		t.Fatal(err)
	}
	near := func(a, b, scale float64) bool { return math.Abs(a-b) <= 1e-9*scale }
	for k, r := range runs {
		w := want[k]
		name := fmt.Sprintf("run %d (start %d, %d steps)", k, r.Start, r.Steps)
		var rate, isicv, dominant float64
		var pops []float64
		json.Unmarshal(w["rate"], &rate)
		json.Unmarshal(w["isicv"], &isicv)
		json.Unmarshal(w["dominant"], &dominant)
		json.Unmarshal(w["pops"], &pops)
		if got := r.Rate(); !near(got, rate, rate) {
			t.Errorf("%s: Rate = %.12g, NumPy %.12g", name, got, rate)
		}
		if got := r.PopulationRates(); !slices.EqualFunc(got, pops, func(a, b float64) bool { return near(a, b, b) }) {
			t.Errorf("%s: PopulationRates = %v, NumPy %v", name, got, pops)
		}
		if got := r.ISICV(); !near(got, isicv, 1) {
			t.Errorf("%s: ISICV = %.12g, NumPy %.12g", name, got, isicv)
		}
		if got := r.DominantFrequency(); !near(got, dominant, dominant) {
			t.Errorf("%s: DominantFrequency = %g, NumPy %g", name, got, dominant)
		}
		for _, bin := range bins {
			var wb binned
			if err := json.Unmarshal(w[strconv.FormatFloat(bin, 'g', -1, 64)], &wb); err != nil {
				t.Fatal(err)
			}
			rate := r.BinnedRate(bin)
			if !slices.EqualFunc(rate, wb.Binned, func(a, b float64) bool { return near(a, b, b) }) {
				t.Errorf("%s: BinnedRate(%g) differs from NumPy's (%d vs %d bins)", name, bin, len(rate), len(wb.Binned))
			}
			f, p := spikestat.Spectrum(rate, bin)
			var scale float64
			for _, x := range wb.Power {
				scale = max(scale, x)
			}
			if !slices.EqualFunc(f, wb.Freq, func(a, b float64) bool { return near(a, b, 1000) }) ||
				!slices.EqualFunc(p, wb.Power, func(a, b float64) bool { return near(a, b, scale) }) {
				t.Errorf("%s: Spectrum(bin %g) differs from NumPy's rfft periodogram", name, bin)
			}
			if got := r.Synchrony(bin); !near(got, wb.Chi, 1) {
				t.Errorf("%s: Synchrony(%g) = %.12g, NumPy %.12g", name, bin, got, wb.Chi)
			}
		}
	}
}

func TestRhythmSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	r := &Result{Steps: 4000, N: 50}
	r.Spikes = poisson(rng, r.N, r.Steps, func(t int) float64 { return 30 * (1 + math.Sin(2*math.Pi*12*float64(t)/1000)) })
	freq, power := r.RhythmSpectrum()
	rf, rp := spikestat.Spectrum(r.BinnedRate(1), 1)
	// Over 4 s the frequencies are 0.25 Hz apart: 4 on either side.
	if !slices.Equal(freq, rf) || !slices.Equal(power, spikestat.SmoothHann(rp, 4)) {
		t.Errorf("RhythmSpectrum over 4 s is not the spectrum smoothed over ±4 frequencies")
	}
	if got := spikestat.DominantFrequency(freq, power, spikestat.MinRhythm, spikestat.MaxRhythm); got != r.DominantFrequency() || got != 12 {
		t.Errorf("peak of RhythmSpectrum %g, DominantFrequency %g, want both 12", got, r.DominantFrequency())
	}
	if f, p := (&Result{Steps: 1, N: 1}).RhythmSpectrum(); f != nil || p != nil {
		t.Errorf("RhythmSpectrum of a 1 ms run = %v, %v; want nil", f, p)
	}
}
