package rng

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// withProcs runs f with GOMAXPROCS set to procs.
func withProcs(procs int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	f()
}

// withKernels runs f with the AVX-512 kernels on or off (the Go code).
func withKernels(avx512 bool, f func()) {
	defer func(on, wide bool) { kernel.Enabled, kernel.AVX512 = on, wide }(kernel.Enabled, kernel.AVX512)
	kernel.Enabled, kernel.AVX512 = avx512, avx512
	f()
}

// FastStreams fills a vector with the same numbers on any number of cores,
// and its blocks are independent streams (no two blocks repeat).
func TestFastStreamsIndependentOfGOMAXPROCS(t *testing.T) {
	const n = 5*streamBlock + 123
	var ref []float64
	for _, procs := range []int{1, 2, 8} {
		withProcs(procs, func() {
			g := NewFastStreams(7)
			x := make([]float64, n)
			g.Normal(x)
			y := make([]float64, n)
			g.Normal(y)
			all := append(x, y...)
			if ref == nil {
				ref = all
			} else if !slices.Equal(all, ref) {
				t.Errorf("GOMAXPROCS=%d: numbers differ from GOMAXPROCS=1", procs)
			}
		})
	}
	// Mean and variance of standard normals: 4.2e4 values, so the
	// standard errors are about 0.005 and 0.007.
	var s, s2 float64
	for _, x := range ref {
		s += x
		s2 += x * x
	}
	m := s / float64(len(ref))
	v := s2/float64(len(ref)) - m*m
	if m < -0.03 || m > 0.03 || v < 0.96 || v > 1.04 {
		t.Errorf("normal numbers have mean %g and variance %g, want about 0 and 1", m, v)
	}
	if slices.Equal(ref[:streamBlock], ref[streamBlock:2*streamBlock]) {
		t.Error("two blocks hold the same numbers")
	}
	u := make([]float64, n)
	NewFastStreams(7).Uniform(u)
	for i, x := range u {
		if !(x >= 0 && x < 1) {
			t.Fatalf("uniform number %d is %g, want [0, 1)", i, x)
		}
	}
}

// TestGeneratorMoments checks the first moments and the tails of both
// generators' uniform and normal numbers on 10⁶ draws; the tolerances are
// about five standard errors.
func TestGeneratorMoments(t *testing.T) {
	const n = 1000000
	for _, kind := range []string{NameNumPy, NameFast} {
		g, err := New(kind, 2024)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, n)
		g.Uniform(x)
		m, v := moments(x)
		if math.Abs(m-0.5) > 5*math.Sqrt(1.0/12/n) || math.Abs(v-1.0/12) > 5*math.Sqrt(1.0/180/n) {
			t.Errorf("%s uniform: mean %.5f, variance %.5f; want 0.5 and 1/12 = 0.08333", kind, m, v)
		}
		for _, u := range x {
			if u < 0 || u >= 1 {
				t.Fatalf("%s uniform: %v outside [0, 1)", kind, u)
			}
		}
		// Odd lengths exercise NumPy's cached value.
		for i := 0; i < n; i += 999 {
			g.Normal(x[i:min(i+999, n)])
		}
		m, v = moments(x)
		tail := 0
		for _, z := range x {
			if math.Abs(z) > 3 {
				tail++
			}
		}
		// P(|Z| > 3) = 0.0026998.
		p := float64(tail) / n
		if math.Abs(m) > 5/math.Sqrt(n) || math.Abs(v-1) > 5*math.Sqrt(2.0/n) || math.Abs(p-0.0027) > 5*math.Sqrt(0.0027/n) {
			t.Errorf("%s normal: mean %.5f, variance %.5f, P(|z| > 3) = %.5f; want 0, 1 and 0.00270", kind, m, v, p)
		}
	}
}

func moments(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x))
}

// TestFastDeterministic checks that a fast generator's stream depends on
// its seed only.
func TestFastDeterministic(t *testing.T) {
	a, b, c := NewFastStreams(9), NewFastStreams(9), NewFastStreams(10)
	x, y, z := make([]float64, 100), make([]float64, 100), make([]float64, 100)
	a.Normal(x)
	b.Normal(y)
	c.Normal(z)
	same := 0
	for i := range x {
		if x[i] != y[i] {
			t.Fatalf("seed 9 twice: value %d differs (%v, %v)", i, x[i], y[i])
		}
		if x[i] == z[i] {
			same++
		}
	}
	if same > 1 {
		t.Errorf("seeds 9 and 10 share %d of 100 values", same)
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		kind string
		seed uint64
	}{{"mersenne", 0}, {"numpy", 1 << 32}, {"NUMPY ", 1<<32 + 5}} {
		if _, err := New(tc.kind, tc.seed); err == nil {
			t.Errorf("New(%q, %d): no error", tc.kind, tc.seed)
		}
	}
	for _, kind := range []string{"numpy", "NumPy", "fast", " FAST", ""} {
		if _, err := New(kind, 1<<32-1); err != nil {
			t.Errorf("New(%q, 2³²−1): %v", kind, err)
		}
	}
}

// The ziggurat's normal numbers have the normal distribution's tail
// probabilities and moments, including beyond the ziggurat's base
// (3.65), within five standard errors over 4e6 draws.
func TestFastStreamsNormalDistribution(t *testing.T) {
	x := make([]float64, 4_000_000)
	NewFastStreams(99).Normal(x)
	var m2, m4 float64
	beyond := map[float64]int{1: 0, 2: 0, 3: 0, 3.5: 0, 4: 0}
	for _, v := range x {
		m2 += v * v
		m4 += v * v * v * v
		for c := range beyond {
			if math.Abs(v) > c {
				beyond[c]++
			}
		}
	}
	n := float64(len(x))
	for c, k := range beyond {
		p := math.Erfc(c / math.Sqrt2)
		se := math.Sqrt(p * (1 - p) / n)
		if got := float64(k) / n; math.Abs(got-p) > 5*se {
			t.Errorf("P(|x| > %g) = %.6g, want %.6g ± %.2g", c, got, p, se)
		}
	}
	if v := m2 / n; math.Abs(v-1) > 5*math.Sqrt(2/n) {
		t.Errorf("variance %g, want 1", v)
	}
	if k := m4 / n; math.Abs(k-3) > 5*math.Sqrt(96/n) {
		t.Errorf("fourth moment %g, want 3", k)
	}
}

// TestFastStreamsAddNormal checks that the fused noise path gives exactly
// Normal followed by dst[i] += std·z[i], for lengths that cut the
// generator's blocks and the fused path's chunks anywhere.
func TestFastStreamsAddNormal(t *testing.T) {
	for _, n := range []int{1, 511, 512, 513, 4095, 4096, 4097, 20000} {
		base := make([]float64, n)
		for i := range base {
			base[i] = float64(i%7) - 3.5
		}
		z := make([]float64, n)
		NewFastStreams(5).Normal(z)
		want := slices.Clone(base)
		for i := range want {
			want[i] += 2.5 * z[i]
		}
		got := slices.Clone(base)
		NewFastStreams(5).AddNormal(got, 2.5)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n=%d: element %d is %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}

func BenchmarkFastStreamsNormal800(b *testing.B) { benchmarkGenerator(b, NewFastStreams(0), true, 800) }

// TestNormalsKernelIsExact checks that FastStreams' normal numbers are the
// same with each ziggurat kernel the CPU has (AVX-512, AVX2) and with the
// Go code, for block lengths around the kernels' eight lanes and 64-number
// tiles, and seeds whose draws hit every layer, the wedges and the tail.
func TestNormalsKernelIsExact(t *testing.T) {
	ran := false
	if kernel.HaveAVX512() {
		t.Run("AVX-512", func(t *testing.T) { testNormalsKernel(t, true) })
		ran = true
	}
	if kernel.HaveAVX2() {
		t.Run("AVX2", func(t *testing.T) { testNormalsKernel(t, false) })
		ran = true
	}
	if !ran {
		t.Skip("no AVX2 or AVX-512 on this CPU or build")
	}
}

// testNormalsKernel compares the AVX-512 kernel (avx512) or the AVX2 one
// with the Go code.
func testNormalsKernel(t *testing.T, avx512 bool) {
	withKernel := func(on bool, f func()) {
		defer func(on, wide bool) { kernel.Enabled, kernel.AVX512 = on, wide }(kernel.Enabled, kernel.AVX512)
		kernel.Enabled, kernel.AVX512 = on, on && avx512
		f()
	}
	r := rand.New(rand.NewPCG(9, 10))
	rejected := 0
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 72, 127, 128, 136, 800, streamBlock - 1, streamBlock} {
		for range 20 {
			seed := r.Uint64()
			got, want := make([]float64, n), make([]float64, n)
			withKernel(true, func() { normalBlock(seed, 0, got) })
			withKernel(false, func() { normalBlock(seed, 0, want) })
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("seed %#x, %d numbers: number %d is %v with the kernel, %v with the Go code", seed, n, i, got[i], want[i])
				}
				if u := zigBits(seed, i); got[i] != float64(int32(uint32(u)))*zigW[(u>>32)&(zigLayers-1)] {
					rejected++
				}
			}
			// Adding std·z to a vector: the kernel, the Go code and
			// normalBlock followed by the sum agree.
			std := 0.5 + 4*r.Float64()
			base := make([]float64, n)
			for i := range base {
				base[i] = r.NormFloat64() * 10
			}
			addK, addGo := slices.Clone(base), slices.Clone(base)
			withKernel(true, func() { addNormalBlock(seed, 0, addK, std) })
			withKernel(false, func() { addNormalBlock(seed, 0, addGo, std) })
			for i := range addK {
				sum := base[i] + float64(std*want[i])
				if math.Float64bits(addK[i]) != math.Float64bits(sum) || math.Float64bits(addGo[i]) != math.Float64bits(sum) {
					t.Fatalf("seed %#x, %d numbers: adding number %d gives %v with the kernel, %v with the Go code, want %v", seed, n, i, addK[i], addGo[i], sum)
				}
			}
		}
	}
	if rejected == 0 {
		t.Error("no draw fell outside its rectangle: the wedge and tail were not tested")
	}
}

// TestMersenneTwisterKernelIsExact checks the AVX-512 twist and tempering
// of NumPy's generator against the Go code: the state and outputs after
// each of 40 twists from seeded and from arbitrary states.
func TestMersenneTwisterKernelIsExact(t *testing.T) {
	if !kernel.HaveAVX512() {
		t.Skip("no AVX-512 on this CPU or build")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 8 {
		a, b := NewNumPy(uint32(r.Uint64())), new(NumPy)
		if trial%2 == 1 { // an arbitrary state, not one a seed makes
			for i := range a.mt {
				a.mt[i] = uint32(r.Uint64())
			}
		}
		*b = *a
		for twist := range 40 {
			withKernels(true, func() { a.twist() })
			withKernels(false, func() { b.twist() })
			if a.mt != b.mt || a.out != b.out {
				for i := range a.mt {
					if a.mt[i] != b.mt[i] || a.out[i] != b.out[i] {
						t.Fatalf("trial %d, twist %d, word %d: kernel state %#x output %#x, Go code %#x, %#x", trial, twist, i, a.mt[i], a.out[i], b.mt[i], b.out[i])
					}
				}
			}
		}
	}
}
