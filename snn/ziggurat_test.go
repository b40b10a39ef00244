package snn

import (
	"math"
	"testing"
)

// normalFromPlain is normalFrom as Marsaglia and Tsang wrote it, deciding
// every wedge height with math.Exp: the reference for the bounds.
func (r *wyrand) normalFromPlain(u uint64) float64 {
	for first := true; ; first = false {
		if !first {
			u = r.next()
		}
		j := int32(uint32(u))
		i := (u >> 32) & (zigLayers - 1)
		x := float64(j) * zigW[i]
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < zigK[i] {
			return x
		}
		if i == 0 {
			for {
				x = -math.Log(float64(r.next()>>11)*0x1p-53+0x1p-54) / zigR
				y := -math.Log(float64(r.next()>>11)*0x1p-53 + 0x1p-54)
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		f := float64(r.next()>>11) * 0x1p-53
		if zigF[i]+f*(zigF[i-1]-zigF[i]) < math.Exp(-0.5*x*x) {
			return x
		}
	}
}

// The wedge bounds never change a number: normalFrom gives the plain
// method's numbers, bit for bit, for draws that start in every layer's
// wedge, and the bounds decide most heights.
func TestZigWedgeIsExact(t *testing.T) {
	draws := 1 << 21
	if testing.Short() {
		draws = 1 << 17
	}
	seen := [zigLayers]int{}
	for k := range draws {
		// Random bits forced into layer i's wedge: |j| at or above the
		// threshold, every layer in turn, both signs.
		r := wyrand(splitmix64(uint64(k)))
		i := uint64(k) % zigLayers
		lo := uint64(zigK[i])
		mag := lo + r.next()%(1<<31-lo)
		j := uint32(mag)
		if k%2 == 1 {
			j = -j
		}
		u := i<<32 | uint64(j)
		a, b := r, r
		got, want := a.normalFrom(u), b.normalFromPlain(u)
		if math.Float64bits(got) != math.Float64bits(want) || a != b {
			t.Fatalf("draw %d (layer %d, bits %#x): %v, want %v (generator %d, want %d)", k, i, u, got, want, a, b)
		}
		seen[i]++
	}
	for i, n := range seen {
		if n == 0 {
			t.Errorf("layer %d never tried", i)
		}
	}
}

// The bounds bound: on a fine grid across each wedge, lower ≤ math.Exp ≤
// upper, and the bounds decide most heights.
func TestZigWedgeBounds(t *testing.T) {
	decided, tried := 0, 0
	for i := 1; i < zigLayers; i++ {
		w := &zigWedge[i]
		b := zigW[i] * zigM
		if !w.ok {
			t.Logf("layer %d (%.4f to %.4f) has no bounds", i, w.a, b)
			continue
		}
		for k := 0; k <= 1000; k++ {
			ax := w.a + (b-w.a)*float64(k)/1000
			e := math.Exp(-0.5 * ax * ax)
			for _, y := range []float64{math.Nextafter(e, 0), e, math.Nextafter(e, 2)} {
				if below, sure := w.decide(ax, y); sure && below != (y < e) {
					t.Fatalf("layer %d, |x| = %v, height %v: decided below = %v, math.Exp says %v", i, ax, y, below, e)
				}
			}
			for _, f := range []float64{0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99} {
				y := zigF[i] + f*(zigF[i-1]-zigF[i])
				below, sure := w.decide(ax, y)
				if sure && below != (y < e) {
					t.Fatalf("layer %d, |x| = %v, height %v: decided below = %v, math.Exp %v", i, ax, y, below, e)
				}
				tried++
				if sure {
					decided++
				}
			}
		}
	}
	if frac := float64(decided) / float64(tried); frac < 0.9 {
		t.Errorf("the bounds decided %.3f of the heights; want most (> 0.9)", frac)
	} else {
		t.Logf("the bounds decided %.4f of the heights", frac)
	}
}

func BenchmarkAddNormalBlock4096(b *testing.B) {
	dst := make([]float64, streamBlock)
	for i := 0; b.Loop(); i++ {
		addNormalBlock(uint64(i)*0x9e3779b97f4a7c15, 0, dst, 1)
	}
	b.SetBytes(int64(8 * len(dst)))
}
