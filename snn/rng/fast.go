package rng

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/gosnn/gosnn/snn/internal/kernel"
	"github.com/gosnn/gosnn/snn/internal/par"
)

// splitmix64 is the finaliser of the SplitMix64 generator: a bijective
// hash that spreads nearby inputs (seed, seed+1, …) over the whole range.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Stream is a PCG generator seeded from (seed, tag, index) through
// SplitMix64, so that every row of a matrix or block of a vector has its
// own reproducible sequence whatever goroutine draws from it. Tags keep
// the streams of different uses of one seed apart; tag 1 is FastStreams'
// own. The zero value is usable, as PCG seeded with (0, 0).
type Stream struct{ pcg rand.PCG }

// TagFast is the tag of FastStreams' blocks; other uses of Stream take
// other tags.
const TagFast uint64 = 1

// Seed seeds the stream from (seed, tag, index).
func (s *Stream) Seed(seed, tag, index uint64) {
	h := splitmix64(seed ^ splitmix64(tag))
	s.pcg.Seed(splitmix64(h^index), splitmix64(h+index*0x632be59bd9b4e019))
}

// Float64 returns a number in [0, 1) with 53 random bits.
func (s *Stream) Float64() float64 { return float64(s.pcg.Uint64()>>11) * 0x1p-53 }

// Uint64n returns a number in [0, n) by Lemire's multiply-shift (the bias
// is below n/2⁶⁴, far too small to matter here).
func (s *Stream) Uint64n(n uint64) uint64 {
	hi, _ := bits.Mul64(s.pcg.Uint64(), n)
	return hi
}

// streamBlock is the number of values one stream fills in
// [FastStreams.Normal] and [FastStreams.Uniform]. It is a constant, so the
// numbers do not depend on how many goroutines fill the blocks.
const streamBlock = 4096

// FastStreams is the "fast" generator. Every call of
// Normal or Uniform draws one 64-bit key from a sequential PCG and fills
// each block of 4096 values from its own stream seeded by (key, block).
// Large vectors (the noise of a big network) are therefore filled on all
// cores, and the numbers are the same for any GOMAXPROCS.
//
// Uniform numbers come from a wyrand stream. Normal numbers come from
// Marsaglia and Tsang's ziggurat (256 layers) fed by a counter-based
// generator: the i-th number of a block starts from the 64 bits
// SplitMix64(seed + (i+1)·γ), so that eight of them are computed at once
// with AVX-512 (kernel.Normals) and the Go code gives the same numbers
// where it is missing; the rare draws outside a layer's rectangle (0.7%)
// finish the ziggurat with a wyrand stream of their own.
//
// Networks built with it are statistically equivalent to NumPy-mode ones
// but not identical. The zero value is not usable; call [NewFastStreams].
type FastStreams struct {
	seq rand.PCG
}

// NewFastStreams returns a FastStreams generator seeded with seed.
func NewFastStreams(seed uint64) *FastStreams {
	g := new(FastStreams)
	g.seq.Seed(splitmix64(seed), splitmix64(seed^0x5851f42d4c957f2d))
	return g
}

// Uniform fills dst with numbers drawn uniformly from [0, 1).
func (g *FastStreams) Uniform(dst []float64) {
	g.fill(dst, func(seed uint64, dst []float64) {
		r := wyrand(seed)
		for i := range dst {
			dst[i] = float64(r.next()>>11) * 0x1p-53
		}
	})
}

// Normal fills dst with standard normal numbers.
func (g *FastStreams) Normal(dst []float64) {
	g.fill(dst, func(seed uint64, dst []float64) { normalBlock(seed, 0, dst) })
}

// AddNormal adds std·z to each dst[i], z being the normal numbers Normal
// would draw, with the same result bit for bit as Normal followed by
// dst[i] += std·z[i], but in one parallel pass.
func (g *FastStreams) AddNormal(dst []float64, std float64) {
	g.fill(dst, func(seed uint64, dst []float64) { addNormalBlock(seed, 0, dst, std) })
}

// fill fills dst block by block with f(seed of the block, block).
func (g *FastStreams) fill(dst []float64, f func(seed uint64, dst []float64)) {
	if len(dst) == 0 {
		return
	}
	key := g.seq.Uint64()
	nb := (len(dst) + streamBlock - 1) / streamBlock
	run := func(_, k int) {
		lo := k * streamBlock
		f(blockSeed(key, k), dst[lo:min(lo+streamBlock, len(dst))])
	}
	if nb < 4 {
		for k := range nb {
			run(0, k)
		}
		return
	}
	par.Chunks(par.Workers(), nb, run)
}

// A Draw is a call of Normal or AddNormal whose key is drawn but whose
// numbers are made later, at any position and in any order: a network
// draws its noise block by block inside its delivery phase.
type Draw uint64

// Draw draws the key of the next call, advancing g as that call would.
func (g *FastStreams) Draw() Draw { return Draw(g.seq.Uint64()) }

// AddNormal does what AddNormal does to a whole vector, for the elements
// first, first+1, … of that vector only, which dst holds.
func (d Draw) AddNormal(dst []float64, first int, std float64) {
	key := uint64(d)
	for len(dst) > 0 {
		k := first / streamBlock
		q := first - k*streamBlock
		m := min(len(dst), streamBlock-q)
		addNormalBlock(blockSeed(key, k), q, dst[:m], std)
		dst, first = dst[m:], first+m
	}
}

// blockSeed returns the seed of block k's stream for a call's key.
func blockSeed(key uint64, k int) uint64 {
	return splitmix64(key ^ splitmix64(TagFast+uint64(k)<<8))
}

// normalBlock fills dst with the normal numbers first, first+1, … of the
// stream seed; see [FastStreams].
func normalBlock(seed uint64, first int, dst []float64) {
	var rejected [streamBlock / 8]uint8
	done := kernel.Normals(dst, seed+uint64(first)*zigGamma, &zigK, &zigW, rejected[:])
	for g, set := range rejected[:done/8] {
		for set != 0 {
			i := 8*g + bits.TrailingZeros8(set)
			dst[i] = zigRest(seed, first+i, zigBits(seed, first+i))
			set &= set - 1
		}
	}
	for i := done; i < len(dst); i++ {
		u := zigBits(seed, first+i)
		z, ok := zigRect(u)
		if !ok {
			z = zigRest(seed, first+i, u)
		}
		dst[i] = z
	}
}

// addNormalBlock adds std·z[i] to dst[i] (at most streamBlock of them),
// z being the normal numbers first, first+1, … of the stream seed, with
// the product rounded before the sum.
func addNormalBlock(seed uint64, first int, dst []float64, std float64) {
	var rejected [streamBlock / 8]uint8
	done := kernel.AddNormals(dst, std, seed+uint64(first)*zigGamma, &zigK, &zigW, rejected[:])
	for g, set := range rejected[:done/8] {
		for set != 0 {
			i := 8*g + bits.TrailingZeros8(set)
			dst[i] += float64(std * zigRest(seed, first+i, zigBits(seed, first+i)))
			set &= set - 1
		}
	}
	for i := done; i < len(dst); i++ {
		u := zigBits(seed, first+i)
		z, ok := zigRect(u)
		if !ok {
			z = zigRest(seed, first+i, u)
		}
		dst[i] += float64(std * z)
	}
}

// zigGamma is SplitMix64's increment.
const zigGamma = 0x9e3779b97f4a7c15

// zigBits returns the random bits that start the i-th normal number of the
// stream seed: SplitMix64's i-th output.
func zigBits(seed uint64, i int) uint64 {
	return splitmix64(seed + uint64(i)*zigGamma)
}

// zigNormal returns the i-th normal number of the stream seed.
func zigNormal(seed uint64, i int) float64 {
	u := zigBits(seed, i)
	if z, ok := zigRect(u); ok {
		return z
	}
	return zigRest(seed, i, u)
}

// zigRect returns the normal number that starts with the random bits u
// and true when they fall inside their layer's rectangle (the common
// case; small enough to be inlined into the loops over a block), or false
// when zigRest must finish it.
func zigRect(u uint64) (float64, bool) {
	j := int32(uint32(u))            // signed 32-bit sample
	k := (u >> 32) & (zigLayers - 1) // layer
	aj := uint32(j)
	if j < 0 {
		aj = uint32(-j)
	}
	return float64(j) * zigW[k], aj < zigK[k]
}

// zigRest finishes the i-th normal number of the stream seed when its
// first bits u fell outside their layer's rectangle, with a wyrand stream
// of its own.
func zigRest(seed uint64, i int, u uint64) float64 {
	r := wyrand(splitmix64(seed ^ splitmix64(uint64(i)^0xd1b54a32d192ed03)))
	return r.normalFrom(u)
}

// wyrand is Wang Yi's wyrand generator: a Weyl sequence mixed by one
// 128-bit multiplication; fast, with a period of 2⁶⁴, and it passes
// BigCrush and PractRand.
type wyrand uint64

func (r *wyrand) next() uint64 {
	*r += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(uint64(*r), uint64(*r^0xe7037ed1a0b428db))
	return hi ^ lo
}

// The ziggurat tables (Marsaglia and Tsang, "The Ziggurat Method for
// Generating Random Variables", J. Stat. Software 5(8), 2000), for 256
// layers of the standard normal density: zigK are the acceptance
// thresholds of the 31-bit magnitudes, zigW the layer widths scaled by
// 2⁻³¹, zigF the density at the layer edges.
var zigK [zigLayers]uint32
var zigW, zigF [zigLayers]float64

const (
	zigLayers = 256
	zigR      = 3.6541528853610088 // start of the tail
	zigV      = 4.92867323399e-3   // area of each layer
	zigM      = 2147483648.0       // 2³¹
)

func init() {
	dn, tn := zigR, zigR
	q := zigV / math.Exp(-0.5*dn*dn)
	zigK[0] = uint32(dn / q * zigM)
	zigK[1] = 0
	zigW[0] = q / zigM
	zigW[zigLayers-1] = dn / zigM
	zigF[0] = 1
	zigF[zigLayers-1] = math.Exp(-0.5 * dn * dn)
	for i := zigLayers - 2; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+math.Exp(-0.5*dn*dn)))
		zigK[i+1] = uint32(dn / tn * zigM)
		tn = dn
		zigF[i] = math.Exp(-0.5 * dn * dn)
		zigW[i] = dn / zigM
	}
}

// normalFrom returns a standard normal number by the ziggurat method,
// starting from the 64 random bits u already drawn.
func (r *wyrand) normalFrom(u uint64) float64 {
	for first := true; ; first = false {
		if !first {
			u = r.next()
		}
		j := int32(uint32(u))            // signed 32-bit sample
		i := (u >> 32) & (zigLayers - 1) // layer
		x := float64(j) * zigW[i]
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < zigK[i] {
			return x // inside the layer's rectangle: the common case
		}
		if i == 0 {
			// The tail beyond zigR (Marsaglia's method).
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
		// The wedge between the rectangle and the density.
		f := float64(r.next()>>11) * 0x1p-53
		if zigF[i]+f*(zigF[i-1]-zigF[i]) < math.Exp(-0.5*x*x) {
			return x
		}
	}
}
