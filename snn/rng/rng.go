package rng

import (
	"fmt"
	"math"
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

// Names of the generators, as command lines and settings files give them
// to [New].
const (
	NameNumPy = "numpy" // NumPy's legacy RandomState, bit for bit
	NameFast  = "fast"  // FastStreams: parallel per-block streams, same numbers on any core count
)

// New returns the generator called name ("numpy" for a [NumPy], "fast"
// for a [FastStreams], case-insensitive) seeded with seed, for command
// lines and settings that name a generator; programs call [NewNumPy] or
// [NewFastStreams]. NumPy accepts seeds from 0 to 2³²−1, as np.random.seed
// does.
func New(name string, seed uint64) (Generator, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case NameNumPy, "":
		if seed > math.MaxUint32 {
			return nil, fmt.Errorf("numpy generator: seed %d out of range: NumPy seeds go from 0 to 4294967295", seed)
		}
		return NewNumPy(uint32(seed)), nil
	case NameFast:
		return NewFastStreams(seed), nil
	}
	return nil, fmt.Errorf("unknown random generator %q: valid generators are numpy (exact NumPy legacy RandomState) and fast", name)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
