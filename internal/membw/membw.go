package membw

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// A Measurement is the result of [Read].
type Measurement struct {
	Bytes   int64     // size of the buffer read in every pass
	Threads int       // goroutines reading it at once, each its own share
	Passes  []float64 // bandwidth of every pass in bytes per second, in order
	Sum     uint64    // sum of the buffer's words (so the reads cannot be skipped)
}

// Best returns the highest bandwidth of the passes in bytes per second:
// the machine's capability, which other programs running at the same time
// can only lower.
func (m Measurement) Best() float64 {
	if len(m.Passes) == 0 {
		return 0
	}
	return slices.Max(m.Passes)
}

// Median returns the median bandwidth of the passes in bytes per second.
func (m Measurement) Median() float64 {
	if len(m.Passes) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(m.Passes))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// Read measures the sequential read bandwidth of a buffer of size bytes
// (rounded down to a multiple of 64 bytes per thread): it fills the
// buffer, then reads it passes times, each time with threads goroutines
// summing contiguous shares of it at once, and times every pass. size
// should be much larger than the last-level cache (hundreds of MB) to
// measure memory rather than cache.
func Read(size int64, threads, passes int) (Measurement, error) {
	if threads < 1 || passes < 1 {
		return Measurement{}, fmt.Errorf("membw: %d threads and %d passes: both must be at least 1", threads, passes)
	}
	words := size / 8 / int64(threads) / 8 * 8 * int64(threads)
	if words < 8*int64(threads) {
		return Measurement{}, fmt.Errorf("membw: a buffer of %d bytes is too small for %d threads: give at least %d bytes", size, threads, 64*threads)
	}
	buf, free, err := alloc(int(words))
	if err != nil {
		return Measurement{}, fmt.Errorf("membw: allocating %d bytes: %w", words*8, err)
	}
	defer free()
	// Write every page, so that the reads come from memory and not from
	// the kernel's shared page of zeros.
	for i := range buf {
		buf[i] = uint64(i)
	}
	m := Measurement{Bytes: words * 8, Threads: threads}
	share := len(buf) / threads
	sums := make([]uint64, threads)
	for range passes {
		var wg sync.WaitGroup
		start := time.Now()
		for t := range threads {
			wg.Go(func() { sums[t] = sum(buf[t*share : (t+1)*share]) })
		}
		wg.Wait()
		m.Passes = append(m.Passes, float64(m.Bytes)/time.Since(start).Seconds())
		m.Sum = 0
		for _, s := range sums {
			m.Sum += s
		}
	}
	return m, nil
}

// sum returns the sum of x, whose length is a multiple of 8, with eight
// independent sums so that the loop is bound by its loads.
func sum(x []uint64) uint64 {
	var s0, s1, s2, s3, s4, s5, s6, s7 uint64
	for len(x) >= 8 {
		s0 += x[0]
		s1 += x[1]
		s2 += x[2]
		s3 += x[3]
		s4 += x[4]
		s5 += x[5]
		s6 += x[6]
		s7 += x[7]
		x = x[8:]
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7
}

// Fraction returns how close an event rate comes to the bound that the
// read bandwidth sets when every event reads bytesPerEvent bytes from
// memory: eventsPerSecond × bytesPerEvent ÷ bytesPerSecond. It returns NaN
// when an argument is not a positive finite number.
func Fraction(eventsPerSecond, bytesPerEvent, bytesPerSecond float64) float64 {
	for _, x := range []float64{eventsPerSecond, bytesPerEvent, bytesPerSecond} {
		if !(x > 0) || math.IsInf(x, 0) {
			return math.NaN()
		}
	}
	return eventsPerSecond * bytesPerEvent / bytesPerSecond
}
