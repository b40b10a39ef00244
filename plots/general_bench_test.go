package plots

import (
	"math"
	"testing"
)

// BenchmarkLines100k renders ten curves of 10 000 points each to PNG.
func BenchmarkLines100k(b *testing.B) {
	f := NewLines("", "time (ms)", "v (mV)")
	for k := range 10 {
		x, y := make([]float64, 10000), make([]float64, 10000)
		for i := range x {
			x[i] = float64(i)
			y[i] = math.Sin(float64(i*(k+1)) / 500)
		}
		if err := f.Add("", x, y); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweepMap100x100 renders a sweep of 100 × 100 parameter pairs
// to PNG.
func BenchmarkSweepMap100x100(b *testing.B) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i) / 50
	}
	m, err := NewSweepMap("", "we", x, "wi", x)
	if err != nil {
		b.Fatal(err)
	}
	for i := range m.Z {
		for j := range m.Z[i] {
			m.Z[i][j] = x[i] * x[i] / (1 + x[j])
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := m.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
