//go:build !purego

package kernel

// The kernels of package spnet (Izhikevich's polychronization network),
// in files of their own. Their Go counterparts, which the tests compare
// them with, live in spnet.

// SpnetIzhikevich advances the first done neurons (the largest multiple of
// four in len(v)) by one millisecond of the polychronization network's
// update, in its order of operations, lane by lane:
//
//	v += 0.5·((((0.04·v) + 5)·v + 140) − u + in)   (twice)
//	u += a·(0.2·v − u)
//
// No threshold, no reset: spnet tests v ≥ 30 at the start of the next
// millisecond. u, a and in must be at least as long as v.
func SpnetIzhikevich(v, u, a, in []float64) (done int) {
	if !Enabled {
		return 0
	}
	n := len(v) &^ 3
	if n == 0 {
		return 0
	}
	_, _, _ = u[n-1], a[n-1], in[n-1]
	spnetIzhikevichAVX2(&v[0], &u[0], &a[0], &in[0], n)
	return n
}

// SpnetWeights does spnet's weight update for the first done synapses
// (the largest multiple of four in len(w)): sd ← float64(sd·decay); s ←
// w + (drift + sd); s ← max if s > max; s ← 0 if s < 0; w ← s — the
// comparisons as written (a NaN and −0 pass through both unchanged). sd
// must be at least as long as w.
func SpnetWeights(w, sd []float64, decay, drift, max float64) (done int) {
	if !Enabled {
		return 0
	}
	n := len(w) &^ 3
	if n == 0 {
		return 0
	}
	_ = sd[n-1]
	c := [3]float64{decay, drift, max}
	spnetWeightsAVX2(&w[0], &sd[0], n, &c)
	return n
}

// Scale does x[i] = float64(f·x[i]) for the first done elements (the
// largest multiple of four in len(x)).
func Scale(x []float64, f float64) (done int) {
	if !Enabled {
		return 0
	}
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	scaleAVX2(&x[0], n, f)
	return n
}

//go:noescape
func spnetIzhikevichAVX2(v, u, a, in *float64, n int)

//go:noescape
func spnetWeightsAVX2(w, sd *float64, n int, c *[3]float64)

//go:noescape
func scaleAVX2(x *float64, n int, f float64)

// NotBelow sets bit b of mask[k] when !(x[4k+b] < threshold) — x ≥
// threshold or NaN, the test spnet's threshold makes — and clears it
// otherwise, for the first done elements of x (the largest multiple of
// four), one byte per four elements; mask needs done/4 bytes.
func NotBelow(x []float64, threshold float64, mask []uint8) (done int) {
	if !Enabled {
		return 0
	}
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_ = mask[n/4-1]
	notBelowAVX2(&x[0], n, threshold, &mask[0])
	return n
}

//go:noescape
func notBelowAVX2(x *float64, n int, threshold float64, mask *uint8)
