package snn

import "math"

// mtN is the length of the Mersenne Twister state.
const mtN = 624

// NumPy reproduces NumPy's legacy random generator (numpy.random.RandomState,
// which np.random.seed, np.random.rand and np.random.randn use) bit for bit:
// the MT19937 Mersenne Twister seeded as np.random.seed(int) seeds it,
// random_sample's 53-bit doubles, and the legacy polar (Marsaglia) method for
// normal numbers, which caches its second value across calls.
//
// The zero value is not usable; call [NewNumPy].
type NumPy struct {
	mt       [mtN]uint32
	pos      int
	hasGauss bool
	gauss    float64
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
	if g.pos == mtN {
		g.twist()
	}
	y := g.mt[g.pos]
	g.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (g *NumPy) twist() {
	const upper, lower, matrixA = 0x80000000, 0x7fffffff, 0x9908b0df
	for i := range mtN {
		y := g.mt[i]&upper | g.mt[(i+1)%mtN]&lower
		next := g.mt[(i+397)%mtN] ^ y>>1
		if y&1 != 0 {
			next ^= matrixA
		}
		g.mt[i] = next
	}
	g.pos = 0
}

// Float64 returns a number in [0, 1) as np.random.random_sample does:
// 53 random bits from two 32-bit outputs.
func (g *NumPy) Float64() float64 {
	a := g.Uint32() >> 5
	b := g.Uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}

// NormFloat64 returns a standard normal number as np.random.randn does
// (NumPy's legacy_gauss).
func (g *NumPy) NormFloat64() float64 {
	if g.hasGauss {
		g.hasGauss = false
		x := g.gauss
		g.gauss = 0
		return x
	}
	var x1, x2, r2 float64
	for {
		x1 = float64(2.0*g.Float64()) - 1.0
		x2 = float64(2.0*g.Float64()) - 1.0
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1.0 && r2 != 0.0 {
			break
		}
	}
	f := math.Sqrt(float64(-2.0*libmLog(r2)) / r2)
	g.gauss = f * x1
	g.hasGauss = true
	return f * x2
}

// Uniform fills dst as np.random.rand(len(dst)) would.
func (g *NumPy) Uniform(dst []float64) {
	for i := range dst {
		dst[i] = g.Float64()
	}
}

// Normal fills dst as np.random.randn(len(dst)) would.
func (g *NumPy) Normal(dst []float64) {
	for i := range dst {
		dst[i] = g.NormFloat64()
	}
}

// libmLog is the natural logarithm as the C library computes it.
// TODO: cgo batch; for now Go's math.Log.
func libmLog(x float64) float64 { return cLog(x) }
