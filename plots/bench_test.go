package plots

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// Benchmarks of the performance targets (2-core machine):
//
//	go test ./plots -run '^$' -bench . -benchmem
//
// a raster of 100 000 spikes to PNG under 0.5 s, a 1000 × 1000 current
// heat map under 1 s, and raster memory that does not grow with the
// number of spikes (compare B/op of RasterPNG/100k and RasterPNG/1M).

func benchmarkRasterPNG(b *testing.B, spikes int) {
	res := syntheticResult(1000, 1000, spikes, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := NewRaster(res)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRasterPNG10k(b *testing.B)  { benchmarkRasterPNG(b, 10_000) }
func BenchmarkRasterPNG100k(b *testing.B) { benchmarkRasterPNG(b, 100_000) }
func BenchmarkRasterPNG1M(b *testing.B)   { benchmarkRasterPNG(b, 1_000_000) }

// BenchmarkRasterSVG100k: vector output of a dense raster embeds an image
// instead of 100 000 discs.
func BenchmarkRasterSVG100k(b *testing.B) {
	res := syntheticResult(1000, 1000, 100_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewRaster(res)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.SVG(); err != nil {
			b.Fatal(err)
		}
	}
}

// syntheticTraces returns a result of n neurons over steps ms whose every
// neuron is traced, with Gaussian input currents.
func syntheticTraces(n, steps int) *snn.Result {
	res := syntheticResult(n, steps, 0, 1)
	rng := rand.New(rand.NewPCG(2, 3))
	tr := &snn.Traces{Neurons: make([]int, n), Samples: steps,
		V: make([]float64, n*steps), U: make([]float64, n*steps), I: make([]float64, n*steps)}
	for i := range tr.Neurons {
		tr.Neurons[i] = i
	}
	for k := range tr.I {
		tr.I[k] = 5 * rng.NormFloat64()
		tr.V[k] = -65 + rng.NormFloat64()
		tr.U[k] = -13 + rng.NormFloat64()
	}
	res.Traces = tr
	return res
}

// BenchmarkCurrentsPNG1000: building and rendering the heat map of 1000
// neurons × 1000 steps.
func BenchmarkCurrentsPNG1000(b *testing.B) {
	res := syntheticTraces(1000, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c, err := NewCurrents(res)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRasterMemoryBounded checks that the memory a raster allocates while
// rendering does not grow with the number of spikes: 10⁶ spikes may take
// at most 4 MB more than 10⁴ (the PNG itself is a few hundred kB).
func TestRasterMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 10⁶ spikes")
	}
	alloc := func(spikes int) uint64 {
		res := syntheticResult(1000, 1000, spikes, 1)
		r, err := NewRaster(res)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := r.PNG(); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(10_000), alloc(1_000_000)
	t.Logf("allocated while rendering: %.1f MB for 10⁴ spikes, %.1f MB for 10⁶", float64(small)/1e6, float64(large)/1e6)
	if large > small+4e6 {
		t.Errorf("rendering 10⁶ spikes allocates %.1f MB, 10⁴ spikes %.1f MB: memory grows with the spikes", float64(large)/1e6, float64(small)/1e6)
	}
}
