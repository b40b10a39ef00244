package rng

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// mtN is the length of the Mersenne Twister state; mtM its middle offset.
const (
	mtN = 624
	mtM = 397
)

// gaussBatch is how many normal pairs [NumPy.Normal] prepares before it
// takes their logarithms in one call to the C library.
const gaussBatch = 256

// NumPy reproduces NumPy's legacy random generator (numpy.random.RandomState,
// which np.random.seed, np.random.rand and np.random.randn use) bit for bit:
// the MT19937 Mersenne Twister seeded as np.random.seed(int) seeds it,
// random_sample's 53-bit doubles, and the legacy polar (Marsaglia) method for
// normal numbers, which caches its second value across calls.
//
// The polar method takes the natural logarithm of a number in (0, 1), and
// NumPy calls the C library's log() for it. Built with cgo (the default
// where a C compiler exists), this generator does the same, through one cgo
// call per batch of up to 256 values, so its normal numbers are bit for bit
// those of NumPy on the same machine. Built without cgo (CGO_ENABLED=0), it
// uses [LogCR], a correctly rounded pure-Go logarithm. glibc's log is not
// always correctly rounded: LogCR differs from it for about 0.08% of the
// numbers the polar method takes logs of (Go's math.Log for about 7%), so
// about one normal number in 3000 then differs from NumPy's in its last
// bit. Such differences rarely change a spike: run without cgo, 57 of the
// 58 golden networks (the tutorial's seed 0 among them) still fire exactly
// as NumPy's, and 50 of them match trace for trace; but exactness is then
// not guaranteed. [LibmLog] reports which logarithm is in use.
//
// The zero value is not usable; call [NewNumPy].
type NumPy struct {
	mt       [mtN]uint32
	out      [mtN]uint32 // the tempered outputs of mt: out[i] = temper(mt[i])
	pos      int
	hasGauss bool
	gauss    float64

	// Scratch space for Normal: candidate pairs and their r² (replaced
	// by log r² in place).
	x1, x2, r2, lg [gaussBatch]float64
}

// NewNumPy returns a generator in the state np.random.seed(seed) leaves
// NumPy's global RandomState in.
func NewNumPy(seed uint32) *NumPy {
	g := new(NumPy)
	g.Seed(seed)
	return g
}

// Seed resets the generator as np.random.seed(seed) does, including the
// cached normal value.
func (g *NumPy) Seed(seed uint32) {
	for i := range mtN {
		g.mt[i] = seed
		seed = 1812433253*(seed^(seed>>30)) + uint32(i) + 1
	}
	g.pos = mtN
	g.hasGauss = false
	g.gauss = 0
}

// Uint32 returns the next 32-bit output of the Mersenne Twister.
func (g *NumPy) Uint32() uint32 {
	if g.pos >= mtN {
		g.twist()
	}
	y := g.out[g.pos]
	g.pos++
	return y
}

// temper is MT19937's output transformation of a state word.
func temper(y uint32) uint32 {
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// twist regenerates the whole state, as MT19937's reference code does,
// and tempers it into out.
//
// With AVX-512 the kernel package does sixteen words at a time where no
// word a chunk reads is written by the same chunk: [0, 224), whose words
// i+1 and i+397 are still the old ones, and [227, 611), whose words i−227
// are already new; the Go loops do the words between and the last one.
func (g *NumPy) twist() {
	const upper, lower, matrixA = 0x80000000, 0x7fffffff, 0x9908b0df
	mag := [2]uint32{0, matrixA}
	mt := &g.mt
	i := 0
	if kernel.MTTwist(mt, 0, 224, mtM) {
		i = 224
	}
	for ; i < mtN-mtM; i++ {
		y := mt[i]&upper | mt[i+1]&lower
		mt[i] = mt[i+mtM] ^ y>>1 ^ mag[y&1]
	}
	if kernel.MTTwist(mt, mtN-mtM, 611, mtM-mtN) {
		i = 611
	}
	for ; i < mtN-1; i++ {
		y := mt[i]&upper | mt[i+1]&lower
		mt[i] = mt[i+mtM-mtN] ^ y>>1 ^ mag[y&1]
	}
	y := mt[mtN-1]&upper | mt[0]&lower
	mt[mtN-1] = mt[mtM-1] ^ y>>1 ^ mag[y&1]
	g.temperAll()
	g.pos = 0
}

// temperAll sets out to the tempered state.
func (g *NumPy) temperAll() {
	if kernel.MTTemper(&g.out, &g.mt) {
		return
	}
	for i, y := range g.mt {
		g.out[i] = temper(y)
	}
}

// Float64 returns a number in [0, 1) as np.random.random_sample does:
// 53 random bits from two 32-bit outputs, ((a>>5)·2²⁶ + (b>>6)) / 2⁵³.
// (The 53-bit integer is formed exactly, so shifting the bits together
// and scaling by 2⁻⁵³ gives NumPy's double bit for bit.)
func (g *NumPy) Float64() float64 {
	if g.pos <= mtN-2 {
		a, b := g.out[g.pos], g.out[g.pos+1]
		g.pos += 2
		return float64(uint64(a>>5)<<26|uint64(b>>6)) * 0x1p-53
	}
	a := g.Uint32() >> 5
	b := g.Uint32() >> 6
	return float64(uint64(a)<<26|uint64(b)) * 0x1p-53
}

// polarPair draws uniform numbers until they make a point strictly inside
// the unit circle and not at its centre, as NumPy's legacy_gauss does, and
// returns the point and its squared radius.
func (g *NumPy) polarPair() (x1, x2, r2 float64) {
	for {
		// Each product is converted explicitly so that no platform fuses
		// it with the following addition: NumPy's C code rounds both.
		x1 = float64(2.0*g.Float64()) - 1.0
		x2 = float64(2.0*g.Float64()) - 1.0
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1.0 && r2 != 0.0 {
			return x1, x2, r2
		}
	}
}

// polarPairs fills x1, x2 and r2 (of equal length) with accepted pairs, as
// len(x1) calls of polarPair would. It is polarPair with the Mersenne
// Twister's output inlined: while four state words remain, a candidate
// pair is read straight from the state.
func (g *NumPy) polarPairs(x1, x2, r2 []float64) {
	x2, r2 = x2[:len(x1)], r2[:len(x1)]
	out := &g.out
	// Every candidate is stored at k; k advances only when it is
	// accepted, without a branch on the (unpredictable) acceptance.
	for k := 0; k < len(x1); {
		var u1, u2 float64
		if p := g.pos; p <= mtN-4 {
			a, b, c, d := out[p], out[p+1], out[p+2], out[p+3]
			g.pos = p + 4
			u1 = float64(uint64(a>>5)<<26|uint64(b>>6)) * 0x1p-53
			u2 = float64(uint64(c>>5)<<26|uint64(d>>6)) * 0x1p-53
		} else {
			u1 = g.Float64()
			u2 = g.Float64()
		}
		a := float64(2.0*u1) - 1.0
		b := float64(2.0*u2) - 1.0
		r := float64(a*a) + float64(b*b)
		x1[k], x2[k], r2[k] = a, b, r
		accept := 0
		if r < 1.0 && r != 0.0 {
			accept = 1
		}
		k += accept
	}
}

// NormFloat64 returns a standard normal number as np.random.randn does
// (NumPy's legacy_gauss): the polar method makes two numbers at a time,
// returns the second and keeps the first for the next call.
func (g *NumPy) NormFloat64() float64 {
	if g.hasGauss {
		g.hasGauss = false
		x := g.gauss
		g.gauss = 0
		return x
	}
	x1, x2, r2 := g.polarPair()
	f := math.Sqrt(float64(-2.0*libmLog(r2)) / r2)
	g.gauss = f * x1
	g.hasGauss = true
	return f * x2
}

// Uniform fills dst as np.random.rand(len(dst)) would.
func (g *NumPy) Uniform(dst []float64) {
	out := &g.out
	for len(dst) > 0 {
		if g.pos > mtN-2 {
			dst[0] = g.Float64()
			dst = dst[1:]
			continue
		}
		// Read pairs of state words straight from the state while they last.
		n := min(len(dst), (mtN-g.pos)/2)
		p := g.pos
		for i := range dst[:n] {
			dst[i] = float64(uint64(out[p]>>5)<<26|uint64(out[p+1]>>6)) * 0x1p-53
			p += 2
		}
		g.pos = p
		dst = dst[n:]
	}
}

// Normal fills dst as np.random.randn(len(dst)) would, including a value
// cached by an earlier call, and caches the second value of the last pair
// when len(dst) leaves one over.
//
// The uniform numbers are consumed in the same order as by one-at-a-time
// calls; only the logarithms are batched: Normal draws up to 256 accepted
// pairs, takes all their logarithms in one call, then finishes them.
func (g *NumPy) Normal(dst []float64) {
	i := 0
	if len(dst) > 0 && g.hasGauss {
		dst[0] = g.gauss
		g.hasGauss = false
		g.gauss = 0
		i = 1
	}
	for i < len(dst) {
		pairs := min((len(dst)-i+1)/2, gaussBatch)
		g.polarPairs(g.x1[:pairs], g.x2[:pairs], g.r2[:pairs])
		lg := g.lg[:pairs]
		copy(lg, g.r2[:pairs])
		libmLogs(lg)
		for k, l := range lg {
			f := math.Sqrt(float64(-2.0*l) / g.r2[k])
			dst[i] = f * g.x2[k]
			i++
			if i < len(dst) {
				dst[i] = f * g.x1[k]
				i++
			} else {
				g.gauss = f * g.x1[k]
				g.hasGauss = true
			}
		}
	}
}

// numpyStateTag starts the binary form of a NumPy generator's state.
const numpyStateTag = "gosnn/numpy-mt19937\x01"

// numpyStateLen is the length of that binary form: tag, key, position,
// cached-normal flag and value.
const numpyStateLen = len(numpyStateTag) + 4*mtN + 2 + 1 + 8

// MarshalBinary returns the generator's state (Mersenne Twister key and
// position, and the cached normal value), so that a run can be
// checkpointed and resumed with [NumPy.UnmarshalBinary].
func (g *NumPy) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, numpyStateLen)
	b = append(b, numpyStateTag...)
	for _, k := range g.mt {
		b = binary.LittleEndian.AppendUint32(b, k)
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(g.pos))
	if g.hasGauss {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(g.gauss))
	return b, nil
}

// UnmarshalBinary restores a state written by [NumPy.MarshalBinary].
func (g *NumPy) UnmarshalBinary(data []byte) error {
	if len(data) != numpyStateLen || string(data[:len(numpyStateTag)]) != numpyStateTag {
		return errors.New("numpy generator state: not a state written by NumPy.MarshalBinary (wrong length or tag)")
	}
	p := data[len(numpyStateTag):]
	var mt [mtN]uint32
	for i := range mt {
		mt[i] = binary.LittleEndian.Uint32(p[4*i:])
	}
	p = p[4*mtN:]
	pos := int(binary.LittleEndian.Uint16(p))
	if pos > mtN {
		return fmt.Errorf("numpy generator state: position %d out of range 0 to %d", pos, mtN)
	}
	if p[2] > 1 {
		return fmt.Errorf("numpy generator state: cached-normal flag %d is neither 0 nor 1", p[2])
	}
	gauss := math.Float64frombits(binary.LittleEndian.Uint64(p[3:]))
	if p[2] == 1 && !finite(gauss) {
		return fmt.Errorf("numpy generator state: cached normal value %g is not finite", gauss)
	}
	g.mt, g.pos, g.hasGauss, g.gauss = mt, pos, p[2] == 1, gauss
	g.temperAll()
	return nil
}
