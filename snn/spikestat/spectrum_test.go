package spikestat

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// naiveSpectrum is Spectrum's definition computed with a direct O(n²)
// discrete Fourier transform.
func naiveSpectrum(rate []float64, bin float64) (freq, power []float64) {
	n := len(rate)
	var mean float64
	for _, x := range rate {
		mean += x
	}
	mean /= float64(n)
	fs := 1000 / bin
	for k := 0; k <= n/2; k++ {
		var c complex128
		for j, x := range rate {
			c += complex(x-mean, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(k*j%n)/float64(n)))
		}
		p := cmplx.Abs(c) * cmplx.Abs(c) / (fs * float64(n))
		if k > 0 && !(n%2 == 0 && k == n/2) {
			p *= 2
		}
		freq = append(freq, float64(k)*fs/float64(n))
		power = append(power, p)
	}
	return freq, power
}

func TestSpectrumMatchesNaiveDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 7, 8, 100, 101, 360} {
		x := make([]float64, n)
		for i := range x {
			x[i] = 10 + 5*rng.NormFloat64()
		}
		bin := 0.5 + rng.Float64()*4
		f, p := Spectrum(x, bin)
		wf, wp := naiveSpectrum(x, bin)
		if len(f) != len(wf) || len(p) != len(wp) {
			t.Fatalf("n=%d: %d frequencies, want %d", n, len(f), len(wf))
		}
		var scale float64
		for _, v := range wp {
			scale = max(scale, v)
		}
		for k := range f {
			if math.Abs(f[k]-wf[k]) > 1e-12*wf[len(wf)-1] || math.Abs(p[k]-wp[k]) > 1e-9*scale {
				t.Fatalf("n=%d k=%d: (%g Hz, %g), want (%g Hz, %g)", n, k, f[k], p[k], wf[k], wp[k])
			}
		}
	}
}

// Property (Parseval): the power integrates to the variance of the rate.
func TestSpectrumParseval(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100 {
		n := 2 + rng.IntN(3000)
		bin := []float64{0.1, 1, 2, 5}[rng.IntN(4)]
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.ExpFloat64() * 20
		}
		f, p := Spectrum(x, bin)
		var integral float64
		for _, v := range p {
			integral += v * (f[1] - f[0])
		}
		var mean, variance float64
		for _, v := range x {
			mean += v
		}
		mean /= float64(n)
		for _, v := range x {
			variance += (v - mean) * (v - mean)
		}
		variance /= float64(n)
		if math.Abs(integral-variance) > 1e-9*variance {
			t.Fatalf("n=%d bin=%g: ∫power = %g, variance = %g", n, bin, integral, variance)
		}
		if want := 500 / bin; math.Abs(f[len(f)-1]-want) > want/float64(n)+1e-9 {
			t.Fatalf("n=%d bin=%g: last frequency %g, want about the Nyquist frequency %g", n, bin, f[len(f)-1], want)
		}
		if p[0] > 1e-9*variance {
			t.Fatalf("n=%d: power at 0 Hz = %g, want 0 once the mean is removed", n, p[0])
		}
	}
}

func TestSpectrumSine(t *testing.T) {
	// A 10 Hz sine of amplitude 4 sampled every 1 ms for 1 s: all its
	// variance (A²/2 = 8) sits in the 10 Hz bin, 1 Hz wide: power 8 Hz.
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 50 + 4*math.Sin(2*math.Pi*10*float64(i)/1000)
	}
	f, p := Spectrum(x, 1)
	if len(f) != 501 || f[500] != 500 || f[10] != 10 {
		t.Fatalf("frequencies: %d of them, f[10] = %g, last %g; want 501, 10, 500", len(f), f[10], f[len(f)-1])
	}
	for k := range p {
		want := 0.0
		if k == 10 {
			want = 8
		}
		if math.Abs(p[k]-want) > 1e-9 {
			t.Errorf("power at %g Hz = %g, want %g", f[k], p[k], want)
		}
	}
	if got := DominantFrequency(f, p, 2, 100); got != 10 {
		t.Errorf("DominantFrequency = %g, want 10", got)
	}
}

func TestSpectrumBadInput(t *testing.T) {
	for _, tc := range []struct {
		rate []float64
		bin  float64
	}{
		{nil, 1}, {[]float64{}, 1}, {[]float64{1, 2}, 0}, {[]float64{1, 2}, -1},
		{[]float64{1, 2}, math.NaN()}, {[]float64{1, 2}, math.Inf(1)},
	} {
		if f, p := Spectrum(tc.rate, tc.bin); f != nil || p != nil {
			t.Errorf("Spectrum(%v, %g) = %v, %v; want nil, nil", tc.rate, tc.bin, f, p)
		}
	}
	// A constant rate has no power anywhere: no dominant frequency.
	f, p := Spectrum([]float64{3, 3, 3, 3, 3, 3}, 1)
	if got := DominantFrequency(f, p, 0, 1000); got != 0 {
		t.Errorf("DominantFrequency of a constant rate = %g, want 0", got)
	}
}

func TestDominantFrequency(t *testing.T) {
	nan := math.NaN()
	freq := []float64{0, 1, 2, 3, 4, 5}
	for _, tc := range []struct {
		name   string
		freq   []float64
		power  []float64
		lo, hi float64
		want   float64
	}{
		{"peak", freq, []float64{9, 1, 5, 2, 1, 0}, 1, 5, 2},
		{"range excludes 0 Hz", freq, []float64{9, 1, 5, 2, 1, 0}, 0, 5, 0},
		{"inclusive bounds", freq, []float64{0, 7, 5, 2, 1, 8}, 1, 5, 5},
		{"tie goes low", freq, []float64{0, 1, 4, 4, 1, 0}, 0, 5, 2},
		{"NaN skipped", freq, []float64{0, nan, 4, 5, nan, 0}, 0, 5, 3},
		{"all NaN", freq, []float64{nan, nan, nan, nan, nan, nan}, 0, 5, 0},
		{"Inf skipped", freq, []float64{0, math.Inf(1), 4, 5, 1, 0}, 0, 5, 3},
		{"no power", freq, []float64{0, 0, 0, 0, 0, 0}, 0, 5, 0},
		{"empty range", freq, []float64{0, 1, 4, 5, 1, 0}, 10, 20, 0},
		{"lengths differ", freq, []float64{1, 2}, 0, 5, 0},
		{"empty", nil, nil, 0, 5, 0},
	} {
		if got := DominantFrequency(tc.freq, tc.power, tc.lo, tc.hi); got != tc.want {
			t.Errorf("%s: DominantFrequency(%v, %v, %g, %g) = %g, want %g", tc.name, tc.freq, tc.power, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestSmoothHann(t *testing.T) {
	x := []float64{0, 0, 4, 0, 0}
	got := SmoothHann(x, 1) // weights ¼ ½ ¼
	want := []float64{0, 1, 2, 1, 0}
	if !slices.Equal(got, want) {
		t.Errorf("SmoothHann(%v, 1) = %v, want %v", x, got, want)
	}
	// At the ends the weights are renormalised: a constant stays constant.
	c := []float64{3, 3, 3, 3, 3, 3, 3}
	for h := range 5 {
		for k, v := range SmoothHann(c, h) {
			if math.Abs(v-3) > 1e-15 {
				t.Fatalf("SmoothHann(constant, %d)[%d] = %g, want 3", h, k, v)
			}
		}
	}
}

// Bartlett's method is the mean of the naive periodograms of the whole
// segments; the samples after the last one are left out.
func TestBartlettSpectrumMatchesNaiveDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range []struct{ n, segment int }{{10, 10}, {25, 10}, {1000, 100}, {1037, 250}, {9, 3}} {
		x := make([]float64, tc.n)
		for i := range x {
			x[i] = rng.ExpFloat64() * 10
		}
		f, p := BartlettSpectrum(x, 2, tc.segment)
		m := tc.n / tc.segment
		var wf, wp []float64
		for s := range m {
			sf, sp := naiveSpectrum(x[s*tc.segment:(s+1)*tc.segment], 2)
			wf = sf
			if wp == nil {
				wp = make([]float64, len(sp))
			}
			for k, v := range sp {
				wp[k] += v / float64(m)
			}
		}
		if len(f) != len(wf) || len(p) != len(wp) {
			t.Fatalf("%d samples, segments of %d: %d frequencies, want %d", tc.n, tc.segment, len(f), len(wf))
		}
		for k := range f {
			if math.Abs(f[k]-wf[k]) > 1e-12*wf[len(wf)-1] || math.Abs(p[k]-wp[k]) > 1e-9*slices.Max(wp) {
				t.Fatalf("%d samples, segments of %d, k=%d: (%g Hz, %g), want (%g Hz, %g)", tc.n, tc.segment, k, f[k], p[k], wf[k], wp[k])
			}
		}
	}
	// One segment of the whole signal is Spectrum itself, bit for bit.
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}
	f1, p1 := BartlettSpectrum(x, 1, len(x))
	f2, p2 := Spectrum(x, 1)
	if !slices.Equal(f1, f2) || !slices.Equal(p1, p2) {
		t.Errorf("BartlettSpectrum of one segment = %v, %v; want Spectrum's %v, %v", f1, p1, f2, p2)
	}
	for _, tc := range []struct {
		x       []float64
		bin     float64
		segment int
	}{{x, 1, 0}, {x, 1, -3}, {x, 1, 12}, {nil, 1, 1}, {x, 0, 4}, {x, math.Inf(1), 4}, {x, math.NaN(), 4}} {
		if f, p := BartlettSpectrum(tc.x, tc.bin, tc.segment); f != nil || p != nil {
			t.Errorf("BartlettSpectrum(%d samples, %g, %d) = %v, %v; want nil, nil", len(tc.x), tc.bin, tc.segment, f, p)
		}
	}
}

func TestRate(t *testing.T) {
	for _, tc := range []struct {
		spikes, n int
		duration  float64
		want      float64
	}{
		{100, 10, 1000, 10},
		{100, 10, 500, 20},
		{7648, 1000, 1000, 7.648},
		{0, 10, 1000, 0},
		{5, 0, 1000, 0},
		{5, 10, 0, 0},
		{5, 10, -1, 0},
		{5, 10, math.NaN(), 0},
	} {
		if got := Rate(tc.spikes, tc.n, tc.duration); got != tc.want {
			t.Errorf("Rate(%d, %d, %g) = %g, want %g", tc.spikes, tc.n, tc.duration, got, tc.want)
		}
	}
}

func TestBins(t *testing.T) {
	for _, tc := range []struct {
		duration, bin float64
		want          int
	}{
		{1000, 1, 1000},
		{1000, 0.1, 10000}, // 1000/0.1 is 9999.999999999998 in floating point
		{1000, 3, 333},
		{999.9, 1, 999},
		{5, 10, 0},
		{1000, 0, 0}, {1000, -1, 0}, {1000, math.NaN(), 0}, {1000, math.Inf(1), 0},
		{0, 1, 0}, {math.NaN(), 1, 0},
		{1e12, 1e-3, 0}, // more bins than an int32 holds
	} {
		if got := Bins(tc.duration, tc.bin); got != tc.want {
			t.Errorf("Bins(%g, %g) = %d, want %d", tc.duration, tc.bin, got, tc.want)
		}
	}
	for _, tc := range []struct {
		t, bin float64
		want   int
	}{
		{0, 1, 0}, {0.999, 1, 0}, {1, 1, 1}, {0.3, 0.1, 3}, {4.9, 0.7, 7}, {-0.5, 1, -1}, {math.NaN(), 1, -1},
	} {
		if got := BinOf(tc.t, tc.bin); got != tc.want {
			t.Errorf("BinOf(%g, %g) = %d, want %d", tc.t, tc.bin, got, tc.want)
		}
	}
}

func TestPopulationRate(t *testing.T) {
	for _, tc := range []struct {
		name          string
		t             []float64
		n             int
		duration, bin float64
		want          []float64
	}{
		{"1 ms bins", []float64{0, 0, 1, 3}, 2, 4, 1, []float64{1000, 500, 0, 500}},
		{"2 ms bins", []float64{0, 0, 1, 3}, 2, 4, 2, []float64{750, 250}},
		{"partial bin dropped", []float64{0, 1, 2, 3, 4}, 1, 5, 2, []float64{1000, 1000}},
		{"outside the bins", []float64{-1, 0, 4, 7, math.NaN()}, 1, 4, 4, []float64{250}},
		{"unsorted", []float64{3, 0, 1, 0}, 2, 4, 1, []float64{1000, 500, 0, 500}},
		{"silent", nil, 3, 4, 2, []float64{0, 0}},
		{"fine bins", []float64{0.3, 0.35}, 1, 1, 0.1, []float64{0, 0, 0, 2e4, 0, 0, 0, 0, 0, 0}},
		{"bin longer than duration", []float64{0}, 1, 4, 5, nil},
		{"bin 0", []float64{0}, 1, 4, 0, nil},
		{"no neurons", []float64{0}, 0, 4, 1, nil},
	} {
		if got := PopulationRate(tc.t, tc.n, tc.duration, tc.bin); !slices.Equal(got, tc.want) {
			t.Errorf("%s: PopulationRate = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFindPeak(t *testing.T) {
	freq := []float64{0, 1, 2, 3, 4, 5, 6}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name   string
		power  []float64
		lo, hi float64
		want   Peak
	}{
		{"median of the band", []float64{100, 1, 2, 9, 3, 4, 100}, 1, 5, Peak{Freq: 3, Power: 9, Median: 3}},
		{"even band: upper median", []float64{0, 1, 2, 9, 3, 0, 0}, 1, 4, Peak{Freq: 3, Power: 9, Median: 3}},
		{"infinities left out", []float64{0, inf, 2, 9, 3, 1, 0}, 1, 5, Peak{Freq: 3, Power: 9, Median: 3}},
		{"silent", []float64{0, 0, 0, 0, 0, 0, 0}, 0, 6, Peak{}},
		{"lengths differ", []float64{1}, 0, 6, Peak{}},
	} {
		got := FindPeak(freq, tc.power, tc.lo, tc.hi)
		if got != tc.want {
			t.Errorf("%s: FindPeak = %+v, want %+v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		p     Peak
		ratio float64
		want  bool
	}{
		{Peak{Freq: 8, Power: 7, Median: 1}, 7, true},
		{Peak{Freq: 8, Power: 6.9, Median: 1}, 7, false},
		{Peak{Freq: 8, Power: 1, Median: 0}, 7, true},
		{Peak{}, 7, false},
	} {
		if got := tc.p.Significant(tc.ratio); got != tc.want {
			t.Errorf("%+v.Significant(%g) = %v, want %v", tc.p, tc.ratio, got, tc.want)
		}
	}
}

// TestSignificanceOfIndependentNeurons calibrates RhythmSignificance: the
// population rate of 1000 independent Poisson neurons at 5 Hz over 900 ms
// (a 1000 ms run after a 100 ms transient) must show a "significant"
// rhythm in fewer than 1 run in 200 (about 1 in 300 is expected), and the
// typical peak must be a few times the median, so that the test would
// notice a broken spectrum or median.
func TestSignificanceOfIndependentNeurons(t *testing.T) {
	const trials = 3000
	poisson := distuv.Poisson{Lambda: 1000 * 5.0 / 1000, Src: rand.New(rand.NewPCG(1, 2))}
	rate := make([]float64, 900)
	var ratios []float64
	significant := 0
	for range trials {
		for k := range rate {
			rate[k] = poisson.Rand() // spikes of 1000 neurons in 1 ms; the scale does not matter
		}
		freq, power := RhythmSpectrum(rate, 1)
		p := FindPeak(freq, power, MinRhythm, MaxRhythm)
		ratios = append(ratios, p.Power/p.Median)
		if p.Significant(RhythmSignificance) {
			significant++
		}
	}
	slices.Sort(ratios)
	if median := ratios[trials/2]; median < 2.5 || median > 4.5 {
		t.Errorf("median of peak/median power over %d Poisson runs = %.2f, want about 3.4", trials, median)
	}
	if frac := float64(significant) / trials; frac >= 1.0/200 {
		t.Errorf("%d of %d runs of independent Poisson neurons have a significant rhythm (%.2f%%), want fewer than 0.5%%", significant, trials, 100*frac)
	}
}
