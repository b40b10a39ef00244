package snn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// Kernel paths: the Go code, AVX2 and AVX-512.
const (
	pathGo = iota
	pathAVX2
	pathAVX512
)

var pathNames = []string{"Go", "AVX2", "AVX-512"}

// vectorPaths returns the kernel paths this CPU can run.
func vectorPaths() []int {
	if !kernel.Enabled {
		return nil
	}
	if kernel.HaveAVX512() {
		return []int{pathAVX2, pathAVX512}
	}
	return []int{pathAVX2}
}

// withKernels runs f on the given path.
func withKernels(path int, f func()) {
	defer func(on, wide bool) { kernel.Enabled, kernel.AVX512 = on, wide }(kernel.Enabled, kernel.AVX512)
	kernel.Enabled, kernel.AVX512 = path != pathGo, path == pathAVX512
	f()
}

// awkward returns a value that tests the kernels' edges: the threshold
// and its neighbours, zeros of both signs, subnormals, huge and non-finite
// numbers, or an ordinary random one.
func awkward(r *rand.Rand, typical float64) float64 {
	switch r.IntN(16) {
	case 0:
		return Threshold
	case 1:
		return math.Nextafter(Threshold, 0)
	case 2:
		return math.Copysign(0, -1)
	case 3:
		return 5e-324
	case 4:
		return math.NaN()
	case 5:
		return math.Inf(1 - 2*r.IntN(2))
	case 6:
		return (r.Float64() - 0.5) * 1e200
	}
	return typical * (2*r.Float64() - 1)
}

// TestIzhikevichKernelIsExact checks the AVX2 update against the Go code
// (izhikevich) bit for bit — v, u, the spikes and the finiteness report —
// on populations of many lengths, with ordinary and extreme states.
func TestIzhikevichKernelIsExact(t *testing.T) {
	if !kernel.Enabled {
		t.Skip("no vector kernels on this CPU or build")
	}
	for _, path := range vectorPaths() {
		t.Run(pathNames[path], func(t *testing.T) { testIzhikevichKernel(t, path) })
	}
}

func testIzhikevichKernel(t *testing.T, path int) {
	// One neuron whose state becomes infinite, at every position of
	// ranges that the kernels cut into 16s, 8s and a rest: each must be
	// noticed.
	for _, n := range []int{8, 16, 24, 40} {
		for bad := range n {
			z := NewIzhikevich(n, RS.Params)
			I := make([]float64, n)
			z.U[bad] = math.Inf(-1)
			var ok bool
			withKernels(path, func() { _, ok = z.stepRange(0, n, I, nil) })
			if ok {
				t.Fatalf("%d neurons, neuron %d with u = −Inf: reported finite", n, bad)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 17, 64, 1000, 1023, 1024, 1025, 2500} {
		for trial := range 20 {
			extreme := trial%2 == 1
			z := NewIzhikevich(n, RS.Params)
			I := make([]float64, n)
			for i := range n {
				p := Presets()[r.IntN(len(Presets()))].Params
				p.A += 0.08 * r.Float64()
				p.C += 15 * r.Float64()
				z.Set(i, p)
				z.V[i] = -80 + 115*r.Float64() // some start above threshold
				z.U[i] = -20 + 30*r.Float64()
				I[i] = 20 * r.NormFloat64()
				if extreme {
					z.V[i] = awkward(r, 100)
					z.U[i] = awkward(r, 50)
					I[i] = awkward(r, 1e3)
				}
			}
			want := &Izhikevich{A: z.A, B: z.B, C: z.C, D: z.D, V: slices.Clone(z.V), U: slices.Clone(z.U)}
			lo := r.IntN(n + 1)
			hi := lo + r.IntN(n-lo+1)
			var got, wantFired []int
			var gotOK, wantOK bool
			withKernels(path, func() { got, gotOK = z.stepRange(lo, hi, I, nil) })
			withKernels(pathGo, func() { wantFired, wantOK = want.stepRange(lo, hi, I, nil) })
			if !slices.Equal(got, wantFired) {
				t.Fatalf("n=%d [%d,%d) trial %d: kernel fired %v, Go code %v", n, lo, hi, trial, got, wantFired)
			}
			if gotOK != wantOK {
				t.Fatalf("n=%d [%d,%d) trial %d: kernel reports finite=%v, Go code %v", n, lo, hi, trial, gotOK, wantOK)
			}
			for i := range n {
				if math.Float64bits(z.V[i]) != math.Float64bits(want.V[i]) && !(math.IsNaN(z.V[i]) && math.IsNaN(want.V[i])) ||
					math.Float64bits(z.U[i]) != math.Float64bits(want.U[i]) && !(math.IsNaN(z.U[i]) && math.IsNaN(want.U[i])) {
					t.Fatalf("n=%d [%d,%d) trial %d neuron %d: kernel v=%v u=%v, Go code v=%v u=%v", n, lo, hi, trial, i, z.V[i], z.U[i], want.V[i], want.U[i])
				}
			}
			if !extreme && hi-lo > 100 && len(wantFired) == 0 {
				t.Fatalf("n=%d trial %d: no neuron fired; the test states should make some fire", n, trial)
			}
		}
	}
}

// TestDenseKernelIsExact checks the AVX2 row sums of dense delivery against
// the Go code bit for bit, for matrix sizes around the kernel's block of
// 16 and spike sets from none to all neurons.
func TestDenseKernelIsExact(t *testing.T) {
	if !kernel.Enabled {
		t.Skip("no vector kernels on this CPU or build")
	}
	for _, path := range vectorPaths() {
		t.Run(pathNames[path], func(t *testing.T) { testDenseKernel(t, path) })
	}
}

func testDenseKernel(t *testing.T, path int) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 15, 16, 17, 31, 32, 33, 63, 100, 1000, 2049} {
		S := make([]float64, n*n)
		for i := range S {
			S[i] = (r.Float64() - 0.3) * math.Pow(10, float64(r.IntN(8)-4))
		}
		d, err := NewDense(n, S)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []float64{0, 1 / float64(n), 0.01, 0.3, 1} {
			var fired []int
			for j := range n {
				if r.Float64() < p {
					fired = append(fired, j)
				}
			}
			I := make([]float64, n)
			for i := range I {
				I[i] = 10 * r.NormFloat64()
			}
			got, want := slices.Clone(I), slices.Clone(I)
			var eGot, eWant int
			withKernels(path, func() { eGot = d.Deliver(fired, got) })
			withKernels(pathGo, func() { eWant = d.Deliver(fired, want) })
			if eGot != eWant {
				t.Fatalf("n=%d: kernel counted %d events, Go code %d", n, eGot, eWant)
			}
			for i := range I {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n=%d, %d spikes: I[%d] = %v with the kernel, %v with the Go code", n, len(fired), i, got[i], want[i])
				}
			}
			// And the sums are the tutorial's: columns added in order, then added to I.
			for _, i := range []int{0, n / 2, n - 1} {
				if len(fired) == 0 {
					continue
				}
				s := d.At(i, fired[0])
				for _, j := range fired[1:] {
					s += d.At(i, j)
				}
				if w := I[i] + s; math.Float64bits(got[i]) != math.Float64bits(w) {
					t.Fatalf("n=%d: I[%d] = %v, want I + Σ S[i, fired] = %v", n, i, got[i], w)
				}
			}
		}
	}
}

func benchmarkIzhikevich(b *testing.B, path int) {
	z := NewIzhikevich(1000, RS.Params)
	I := make([]float64, 1000)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range I {
		I[i] = 10 * r.Float64() // from silent to regular firing
	}
	var fired []int
	withKernels(path, func() {
		for b.Loop() {
			fired, _ = z.stepRange(0, 1000, I, fired[:0])
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/neuron")
}

// BenchmarkIzhikevich1000 times one step of 1000 RS neurons under constant
// inputs, with the fastest kernel the CPU has, with AVX2 and with the Go
// code.
func BenchmarkIzhikevich1000(b *testing.B) {
	path := pathGo
	if ps := vectorPaths(); len(ps) > 0 {
		path = ps[len(ps)-1]
	}
	benchmarkIzhikevich(b, path)
}
func BenchmarkIzhikevich1000AVX2(b *testing.B) {
	if !kernel.Enabled {
		b.Skip("no AVX2")
	}
	benchmarkIzhikevich(b, pathAVX2)
}
func BenchmarkIzhikevich1000Go(b *testing.B) { benchmarkIzhikevich(b, pathGo) }

// BenchmarkDense1000 times one step's delivery on the tutorial's dense
// matrix with 8 neurons firing (its average).
func BenchmarkDense1000(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	S := make([]float64, 1000*1000)
	for i := range S {
		S[i] = r.Float64()
	}
	d, err := NewDense(1000, S)
	if err != nil {
		b.Fatal(err)
	}
	I := make([]float64, 1000)
	fired := make([]int, 8)
	for b.Loop() {
		for k := range fired {
			fired[k] = k*125 + r.IntN(125)
		}
		d.Deliver(fired, I)
	}
}
