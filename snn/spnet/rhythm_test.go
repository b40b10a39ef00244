package spnet

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

func TestRhythmFindsTheFrequency(t *testing.T) {
	for _, period := range []int{25, 20, 16} { // 40, 50 and 62.5 Hz
		r := &Rhythm{Seconds: 2}
		r.counts = make([]float64, r.window())
		for ms := range 3000 { // more than the window: the ring wraps
			n := 0.0
			if ms%period == 0 {
				n = 30
			}
			r.counts[ms%len(r.counts)] = n
			r.filled++
		}
		got, err := r.DominantFrequency(10, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := 1000 / float64(period)
		if got < want-1 || got > want+1 {
			t.Errorf("bursts every %d ms: dominant %g Hz, want %g", period, got, want)
		}
	}
	if _, err := (&Rhythm{}).DominantFrequency(10, 100); err == nil {
		t.Error("no data: no error")
	}
	r := &Rhythm{Seconds: 1}
	r.counts, r.filled = make([]float64, 1000), 1000
	if _, err := r.DominantFrequency(100, 10); err == nil {
		t.Error("reversed band: no error")
	}
}

func TestRhythmOfTheNetwork(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	r := &Rhythm{Seconds: 2}
	net.Monitors = []Monitor{r}
	net.Run(2000)
	f, err := r.DominantFrequency(1, 100)
	if err != nil || f <= 0 {
		t.Fatalf("dominant frequency %g, %v", f, err)
	}
	t.Logf("first 2 s: %g Hz", f)
}

// dominantBySegments is the rhythm's definition written out on its own
// (the package's own periodogram before it used spikestat): the
// average over whole seconds of |FFT|² of the per-ms counts with each
// second's mean removed, and its largest value between lo and hi Hz (the
// lowest frequency on a tie).
func dominantBySegments(counts []float64, lo, hi float64) float64 {
	fft := fourier.NewFFT(1000)
	power := make([]float64, 501)
	seg := make([]float64, 1000)
	for s := 0; s+1000 <= len(counts); s += 1000 {
		mean := 0.0
		for k := range seg {
			seg[k] = counts[s+k]
			mean += seg[k]
		}
		mean /= 1000
		for k := range seg {
			seg[k] -= mean
		}
		for k, c := range fft.Coefficients(nil, seg) {
			a := cmplx.Abs(c)
			power[k] += a * a
		}
	}
	best, bestP := 0.0, -1.0
	for f, p := range power {
		if float64(f) >= lo && float64(f) <= hi && p > bestP {
			best, bestP = float64(f), p
		}
	}
	return best
}

// TestRhythmMatchesItsDefinition compares DominantFrequency with
// dominantBySegments on random spike counts (Poisson-like noise with and
// without a rhythm) and on the network's first seconds, for bands inside
// 1–499 Hz. The edges where the two differ on purpose are tested apart:
// a silent window has no rhythm (0 Hz) rather than the band's lowest
// frequency, and 0 Hz and 500 Hz (which a band of 0–500 Hz includes) are
// weighted as in a one-sided spectrum, half the other frequencies.
func TestRhythmMatchesItsDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	bands := [][2]float64{{10, 100}, {1, 499}, {30, 31}, {2.5, 60.5}}
	for trial := range 200 {
		secs := 1 + r.IntN(4)
		rh := &Rhythm{Seconds: secs}
		rh.counts = make([]float64, rh.window())
		period := 10 + r.IntN(40)
		extra := r.IntN(2500) // the ring wraps at any position
		for ms := range len(rh.counts) + extra {
			n := float64(r.IntN(5))
			if trial%2 == 0 && ms%period < 3 {
				n += float64(r.IntN(20))
			}
			rh.counts[ms%len(rh.counts)] = n
			rh.filled++
		}
		// The window's whole seconds, oldest first, as the ring holds them.
		window := make([]float64, 0, len(rh.counts))
		start := rh.filled - int64(len(rh.counts))
		for k := range int64(len(rh.counts)) {
			window = append(window, rh.counts[(start+k)%int64(len(rh.counts))])
		}
		for _, b := range bands {
			got, err := rh.DominantFrequency(b[0], b[1])
			if err != nil {
				t.Fatal(err)
			}
			if want := dominantBySegments(window, b[0], b[1]); got != want {
				t.Fatalf("trial %d (%d s, period %d ms), band %v: %g Hz, the definition %g Hz", trial, secs, period, b, got, want)
			}
		}
	}

	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	rh := &Rhythm{Seconds: 3}
	var counts []float64
	net.Monitors = []Monitor{rh, MonitorFunc(func(net *Network) {
		n := 0
		for _, i := range net.Fired() {
			if int(i) < net.Excitatory() {
				n++
			}
		}
		counts = append(counts, float64(n))
	})}
	net.Run(4500) // the window holds the last 3000 ms
	got, err := rh.DominantFrequency(10, 100)
	if err != nil {
		t.Fatal(err)
	}
	if want := dominantBySegments(counts[1500:4500], 10, 100); got != want {
		t.Errorf("the network's last 3 s: %g Hz, the definition %g Hz", got, want)
	}

	// Edge cases.
	silent := &Rhythm{Seconds: 1}
	silent.counts, silent.filled = make([]float64, 1000), 1000
	if f, err := silent.DominantFrequency(10, 100); err != nil || f != 0 {
		t.Errorf("silent window: %g Hz (%v), want 0 (no rhythm)", f, err)
	}
	// Power at 500 Hz (an alternation of amplitude 0.5) and at 250 Hz (a
	// cosine of amplitude 0.8): in |FFT|² the alternation's (0.5·N)² beats
	// the cosine's (0.8·N/2)², but a one-sided spectrum counts the cosine
	// twice (its power is split between ±250 Hz) and the Nyquist
	// frequency once, so the cosine, which holds more variance, wins.
	mixed := &Rhythm{Seconds: 1}
	mixed.counts, mixed.filled = make([]float64, 1000), 1000
	for k := range mixed.counts {
		mixed.counts[k] = 2 + 0.5*float64(1-2*(k%2)) + 0.8*math.Cos(math.Pi*float64(k)/2)
	}
	if f, err := mixed.DominantFrequency(0, 500); err != nil || f != 250 {
		t.Errorf("250 Hz and 500 Hz: %g Hz (%v), want 250", f, err)
	}
	if f := dominantBySegments(mixed.counts, 0, 500); f != 500 {
		t.Errorf("250 Hz and 500 Hz, |FFT|²: %g Hz, want 500", f)
	}
}
