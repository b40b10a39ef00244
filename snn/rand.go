package snn

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A Generator supplies the random numbers of a network. It fills whole
// vectors at a time, so a generator can amortise per-call costs; a network
// draws in a fixed, documented order, so the same generator seeded the same
// way gives the same network and the same spikes.
type Generator interface {
	// Uniform fills dst with numbers drawn uniformly from [0, 1).
	Uniform(dst []float64)
	// Normal fills dst with numbers drawn from the standard normal
	// distribution.
	Normal(dst []float64)
}

// Generator kinds accepted by [NewGenerator].
const (
	GeneratorNumPy = "numpy" // NumPy's legacy RandomState, bit for bit
	GeneratorFast  = "fast"  // FastStreams: parallel per-block streams, same numbers on any core count
)

// NewGenerator returns a generator of the given kind ("numpy" for a
// [NumPy], "fast" for a [FastStreams], case-insensitive) seeded with seed. NumPy accepts seeds from 0 to
// 2³²−1, as np.random.seed does.
func NewGenerator(kind string, seed uint64) (Generator, error) {
	switch strings.ToLower(strings.TrimSpace(kind)) {
	case GeneratorNumPy, "":
		if seed > 1<<32-1 {
			return nil, fmt.Errorf("numpy generator: seed %d out of range: NumPy seeds go from 0 to 4294967295", seed)
		}
		return NewNumPy(uint32(seed)), nil
	case GeneratorFast:
		return NewFastStreams(seed), nil
	}
	return nil, fmt.Errorf("unknown random generator %q: valid generators are numpy (exact NumPy legacy RandomState) and fast", kind)
}

// Fast is a fast generator of good statistical quality: PCG (a permuted
// congruential generator) for uniform numbers and the ziggurat method for
// normal ones, both from math/rand/v2. Networks built with it are
// statistically equivalent to NumPy-mode networks but not identical.
type Fast struct {
	r *rand.Rand
}

// NewFast returns a Fast generator seeded with seed.
func NewFast(seed uint64) *Fast {
	return &Fast{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// Uniform fills dst with numbers drawn uniformly from [0, 1).
func (f *Fast) Uniform(dst []float64) {
	for i := range dst {
		dst[i] = f.r.Float64()
	}
}

// Normal fills dst with standard normal numbers.
func (f *Fast) Normal(dst []float64) {
	for i := range dst {
		dst[i] = f.r.NormFloat64()
	}
}

// Float64 returns one number drawn uniformly from [0, 1).
func (f *Fast) Float64() float64 { return f.r.Float64() }

// NormFloat64 returns one standard normal number.
func (f *Fast) NormFloat64() float64 { return f.r.NormFloat64() }
