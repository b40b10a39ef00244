package membw

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Read reads every word of its buffer in every pass: the sum of the
// words it wrote, 0 + 1 + … + n−1, comes back whatever the threads.
func TestReadSumsEveryWord(t *testing.T) {
	for _, tc := range []struct {
		size    int64
		threads int
		want    int64 // bytes read per pass
	}{
		{64, 1, 64},
		{1 << 20, 1, 1 << 20},
		{1 << 20, 2, 1 << 20},
		{1<<20 + 100, 3, (1<<20 + 100) / 8 / 3 / 8 * 8 * 3 * 8}, // rounded down to whole 64-byte blocks per thread
	} {
		m, err := Read(tc.size, tc.threads, 3)
		if err != nil {
			t.Fatalf("Read(%d, %d, 3): %v", tc.size, tc.threads, err)
		}
		n := uint64(m.Bytes / 8)
		if m.Bytes != tc.want || m.Sum != n*(n-1)/2 || m.Threads != tc.threads || len(m.Passes) != 3 {
			t.Errorf("Read(%d, %d, 3) = %d bytes, sum %d, %d threads, %d passes; want %d bytes, sum %d, %d threads, 3 passes",
				tc.size, tc.threads, m.Bytes, m.Sum, m.Threads, len(m.Passes), tc.want, n*(n-1)/2, tc.threads)
		}
		if !(m.Best() >= m.Median() && m.Median() > 0) || math.IsInf(m.Best(), 0) {
			t.Errorf("Read(%d, %d, 3): best %g, median %g B/s; want finite, best ≥ median > 0", tc.size, tc.threads, m.Best(), m.Median())
		}
	}
}

func TestReadBadInput(t *testing.T) {
	for _, tc := range []struct {
		size            int64
		threads, passes int
		want            string
	}{
		{1 << 20, 0, 1, "0 threads and 1 passes: both must be at least 1"},
		{1 << 20, 1, 0, "1 threads and 0 passes: both must be at least 1"},
		{100, 2, 1, "a buffer of 100 bytes is too small for 2 threads: give at least 128 bytes"},
		{-8, 1, 1, "too small"},
	} {
		_, err := Read(tc.size, tc.threads, tc.passes)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%d, %d, %d): error %v; want %q", tc.size, tc.threads, tc.passes, err, tc.want)
		}
	}
}

func TestMeasurementStatistics(t *testing.T) {
	for _, tc := range []struct {
		passes       []float64
		best, median float64
	}{
		{nil, 0, 0},
		{[]float64{5}, 5, 5},
		{[]float64{3, 9, 4}, 9, 4},
		{[]float64{8, 2, 6, 4}, 8, 5},
	} {
		m := Measurement{Passes: tc.passes}
		if m.Best() != tc.best || m.Median() != tc.median {
			t.Errorf("passes %v: best %g, median %g; want %g, %g", tc.passes, m.Best(), m.Median(), tc.best, tc.median)
		}
	}
}

func TestFraction(t *testing.T) {
	for _, tc := range []struct {
		events, bytes, bandwidth, want float64
	}{
		// The issue's estimate: 1e9 events/s of 6-byte synapses against 16 GB/s.
		{1e9, 6, 16e9, 0.375},
		{2e9, 6, 12e9, 1},
		{1e8, 12, 10e9, 0.12},
		{0, 6, 16e9, math.NaN()},
		{1e9, -6, 16e9, math.NaN()},
		{1e9, 6, 0, math.NaN()},
		{1e9, 6, math.Inf(1), math.NaN()},
		{math.NaN(), 6, 16e9, math.NaN()},
	} {
		got := Fraction(tc.events, tc.bytes, tc.bandwidth)
		if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-12) {
			t.Errorf("Fraction(%g, %g, %g) = %g, want %g", tc.events, tc.bytes, tc.bandwidth, got, tc.want)
		}
	}
}

func ExampleFraction() {
	// 1e9 synaptic events per second, 6 bytes per synapse, 16 GB/s.
	fmt.Printf("%.3f of the memory-bound limit\n", Fraction(1e9, 6, 16e9))
	// Output: 0.375 of the memory-bound limit
}

// The loop's own limit (a buffer in the level-2 cache) against memory's:
// the first must be well above the second for Read to measure memory.
func BenchmarkSumL2(b *testing.B)     { benchmarkSum(b, 256<<10) }
func BenchmarkSumMemory(b *testing.B) { benchmarkSum(b, 512<<20) }

func benchmarkSum(b *testing.B, size int) {
	x := make([]uint64, size/8)
	for i := range x {
		x[i] = uint64(i)
	}
	b.SetBytes(int64(size))
	var s uint64
	for b.Loop() {
		s += sum(x)
	}
	if s == 1 {
		b.Log(s)
	}
}
