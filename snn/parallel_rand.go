package snn

import (
	"math/bits"
	"math/rand/v2"
)

// splitmix64 is the finaliser of the SplitMix64 generator: a bijective
// hash that spreads nearby inputs (seed, seed+1, …) over the whole range.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// stream is a PCG generator seeded from (seed, tag, index) through
// SplitMix64, so that every row of a matrix or block of a vector has its
// own reproducible sequence whatever goroutine draws from it.
type stream struct{ pcg rand.PCG }

func (s *stream) seed(seed, tag, index uint64) {
	h := splitmix64(seed ^ splitmix64(tag))
	s.pcg.Seed(splitmix64(h^index), splitmix64(h+index*0x632be59bd9b4e019))
}

// float64 returns a number in [0, 1) with 53 random bits.
func (s *stream) float64() float64 { return float64(s.pcg.Uint64()>>11) * 0x1p-53 }

// intn returns a number in [0, n) by Lemire's multiply-shift (the bias is
// below n/2⁶⁴, far too small to matter here).
func (s *stream) intn(n uint64) uint64 {
	hi, _ := bits.Mul64(s.pcg.Uint64(), n)
	return hi
}

// Tags keep the streams of different uses of one seed apart.
const (
	tagNoise uint64 = iota + 1
	tagRuleP
	tagInDegree
	tagOutDegree
)

// streamBlock is the number of values one stream fills in
// [FastStreams.Normal] and [FastStreams.Uniform]. It is a constant, so the
// numbers do not depend on how many goroutines fill the blocks.
const streamBlock = 4096

// FastStreams is the "fast" generator a [Network] uses: PCG streams with
// the ziggurat normal of math/rand/v2, where every call of Normal or
// Uniform draws one 64-bit key from a sequential PCG and fills each block
// of 4096 values from its own stream seeded by (key, block). Large vectors
// (the noise of a big network) are therefore filled on all cores, and the
// numbers are the same for any GOMAXPROCS.
//
// Networks built with it are statistically equivalent to NumPy-mode ones
// but not identical. The zero value is not usable; call [NewFastStreams].
type FastStreams struct {
	seq    rand.PCG
	blocks []*fastBlock
}

type fastBlock struct {
	s stream
	r *rand.Rand
}

// NewFastStreams returns a FastStreams generator seeded with seed.
func NewFastStreams(seed uint64) *FastStreams {
	g := new(FastStreams)
	g.seq.Seed(splitmix64(seed), splitmix64(seed^0x5851f42d4c957f2d))
	return g
}

// Uniform fills dst with numbers drawn uniformly from [0, 1).
func (g *FastStreams) Uniform(dst []float64) {
	g.fill(dst, func(b *fastBlock, dst []float64) {
		for i := range dst {
			dst[i] = b.s.float64()
		}
	})
}

// Normal fills dst with standard normal numbers.
func (g *FastStreams) Normal(dst []float64) {
	g.fill(dst, func(b *fastBlock, dst []float64) {
		for i := range dst {
			dst[i] = b.r.NormFloat64()
		}
	})
}

func (g *FastStreams) fill(dst []float64, f func(b *fastBlock, dst []float64)) {
	if len(dst) == 0 {
		return
	}
	key := g.seq.Uint64()
	nb := (len(dst) + streamBlock - 1) / streamBlock
	for len(g.blocks) < nb {
		b := new(fastBlock)
		b.r = rand.New(&b.s.pcg)
		g.blocks = append(g.blocks, b)
	}
	run := func(_, k int) {
		b := g.blocks[k]
		b.s.seed(key, tagNoise, uint64(k))
		lo := k * streamBlock
		f(b, dst[lo:min(lo+streamBlock, len(dst))])
	}
	if nb < 4 {
		for k := range nb {
			run(0, k)
		}
		return
	}
	parallelChunks(nb, run)
}
