// Package vec holds compiled vector operations for neuron models written
// in scripts.
//
// An update rule for a population is a handful of element-wise operations
// on whole state vectors. Written as a loop in an interpreted script it
// costs one interpreted operation per neuron; written with these helpers
// it costs one interpreted call per operation for the whole population,
// while the loop itself runs compiled. For example, the Izhikevich
// half-step v += 0.5(0.04v² + 5v + 140 − u + I) is
//
//	vec.MulTo(tmp, v, v)       // tmp = v²
//	vec.Scale(0.04, tmp)       // tmp = 0.04v²
//	vec.AddScaled(tmp, 5, v)   // tmp += 5v
//	vec.AddConst(140, tmp)     // tmp += 140
//	vec.Sub(tmp, u)            // tmp −= u
//	vec.Add(tmp, I)            // tmp += I
//	vec.AddScaled(v, 0.5, tmp) // v += 0.5·tmp
//
// which rounds exactly as the NumPy expression does.
//
// # Names
//
// Where gonum.org/v1/gonum/floats has the same operation, the function has
// its name and signature, so that code moves between the two unchanged:
// Add, AddTo, AddConst, AddScaled, AddScaledTo, Sub, SubTo, Mul, MulTo,
// Div, DivTo, Scale, ScaleTo, Sum, Min and Max. A function named X
// changes its first argument in place (Add: dst += s); XTo writes a new
// result over dst and returns it (AddTo: dst = s + t). As in gonum, the
// constant of AddConst and Scale comes first. Results can differ from
// gonum's in the last bits in two places: AddScaled and AddScaledTo round
// the product before the sum on every platform, as NumPy does (gonum may
// fuse them), and Sum adds in order, as a loop does (gonum's assembly and
// NumPy's pairwise sum add in other orders).
// Min and Max reduce a slice to one number, as in gonum, so the
// element-wise minimum and maximum of two slices are MinTo and MaxTo.
//
// gonum/floats has no element-wise functions of math; here they are
// Exp, Exprel, Log, Sqrt, Pow and Reciprocal, written F(dst, s): dst = f(s),
// dst may be s. Each gives, bit for bit, the scalar expression its
// documentation states (math.Exp(x), 1/x, …) for every element. The spiking part of a model is Threshold (fire at
// v ≥ θ, for models that reset), Crossings (fire when v rises through θ,
// for models such as Hodgkin–Huxley that spike without a reset), and the
// index operations SetAt, AddAt, SetAtFrom and AddAtFrom that apply the
// reset to the neurons that fired. Clamp, MinTo, MaxTo, GreaterEqual and
// Where make piecewise definitions without an interpreted loop.
//
// Every function works element by element on slices of equal length and
// panics, with the lengths in the message, when they differ; index lists
// (the neurons that fired) must hold valid indices. Destination slices
// come first, as in copy and gonum, except for the constant of AddConst
// and Scale. The functions are not generic so that scripts interpreted by
// yaegi can call them.
package vec

import (
	"fmt"
	"math"
)

func check(op string, n int, lens ...int) {
	for _, m := range lens {
		if m != n {
			panic(fmt.Sprintf("vec.%s: slices of lengths %d and %d: all slices must have the same length", op, n, m))
		}
	}
}

// Fill sets every element of dst to x.
func Fill(dst []float64, x float64) {
	for i := range dst {
		dst[i] = x
	}
}

// Copy copies src into dst.
func Copy(dst, src []float64) {
	check("Copy", len(dst), len(src))
	copy(dst, src)
}

// Add adds s to dst: dst[i] += s[i].
func Add(dst, s []float64) {
	check("Add", len(dst), len(s))
	for i, v := range s {
		dst[i] += v
	}
}

// AddTo sets dst[i] = s[i] + t[i] and returns dst.
func AddTo(dst, s, t []float64) []float64 {
	check("AddTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = s[i] + t[i]
	}
	return dst
}

// Sub subtracts s from dst: dst[i] −= s[i].
func Sub(dst, s []float64) {
	check("Sub", len(dst), len(s))
	for i, v := range s {
		dst[i] -= v
	}
}

// SubTo sets dst[i] = s[i] − t[i] and returns dst.
func SubTo(dst, s, t []float64) []float64 {
	check("SubTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = s[i] - t[i]
	}
	return dst
}

// Mul multiplies dst by s: dst[i] ·= s[i].
func Mul(dst, s []float64) {
	check("Mul", len(dst), len(s))
	for i, v := range s {
		dst[i] *= v
	}
}

// MulTo sets dst[i] = s[i]·t[i] and returns dst. dst may be s or t.
func MulTo(dst, s, t []float64) []float64 {
	check("MulTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = s[i] * t[i]
	}
	return dst
}

// Div divides dst by s: dst[i] /= s[i]. A zero s[i] gives ±Inf or NaN, as
// the division of floats does.
func Div(dst, s []float64) {
	check("Div", len(dst), len(s))
	for i, v := range s {
		dst[i] /= v
	}
}

// DivTo sets dst[i] = s[i]/t[i] and returns dst. dst may be s or t.
func DivTo(dst, s, t []float64) []float64 {
	check("DivTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = s[i] / t[i]
	}
	return dst
}

// Reciprocal sets dst[i] = 1/s[i]. dst may be s.
func Reciprocal(dst, s []float64) {
	check("Reciprocal", len(dst), len(s))
	for i, v := range s {
		dst[i] = 1 / v
	}
}

// Scale multiplies dst by c: dst[i] ·= c.
func Scale(c float64, dst []float64) {
	for i := range dst {
		dst[i] *= c
	}
}

// ScaleTo sets dst[i] = c·s[i] and returns dst.
func ScaleTo(dst []float64, c float64, s []float64) []float64 {
	check("ScaleTo", len(dst), len(s))
	for i, v := range s {
		dst[i] = c * v
	}
	return dst
}

// AddConst adds c to every element of dst.
func AddConst(c float64, dst []float64) {
	for i := range dst {
		dst[i] += c
	}
}

// AddScaled adds alpha·s to dst: dst[i] += alpha·s[i], the product rounded
// before the sum (no fused multiply-add), as NumPy computes it.
func AddScaled(dst []float64, alpha float64, s []float64) {
	check("AddScaled", len(dst), len(s))
	for i, v := range s {
		dst[i] += float64(alpha * v)
	}
}

// AddScaledTo sets dst[i] = y[i] + alpha·s[i], the product rounded before
// the sum, and returns dst.
func AddScaledTo(dst, y []float64, alpha float64, s []float64) []float64 {
	check("AddScaledTo", len(dst), len(y), len(s))
	for i, v := range s {
		dst[i] = y[i] + float64(alpha*v)
	}
	return dst
}

// Exp sets dst[i] = e^s[i]. dst may be s.
func Exp(dst, s []float64) {
	check("Exp", len(dst), len(s))
	for i, v := range s {
		dst[i] = math.Exp(v)
	}
}

// Exprel sets dst[i] = (e^x − 1)/x with x = s[i], and 1 at x = 0, computed
// with math.Expm1 so that it stays accurate near 0. dst may be s. The
// opening rates of Hodgkin and Huxley's m and n gates have the form
// x/(1 − e^−x) = 1/exprel(−x), which is 0/0 at one voltage if written
// directly; Brian2 offers the same function.
func Exprel(dst, s []float64) {
	check("Exprel", len(dst), len(s))
	for i, x := range s {
		dst[i] = exprel(x)
	}
}

func exprel(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Expm1(x) / x
}

// Log sets dst[i] = ln s[i] (NaN for a negative s[i], −Inf for 0). dst may
// be s.
func Log(dst, s []float64) {
	check("Log", len(dst), len(s))
	for i, v := range s {
		dst[i] = math.Log(v)
	}
}

// Sqrt sets dst[i] = √s[i] (NaN for a negative s[i]). dst may be s.
func Sqrt(dst, s []float64) {
	check("Sqrt", len(dst), len(s))
	for i, v := range s {
		dst[i] = math.Sqrt(v)
	}
}

// Pow sets dst[i] = s[i]^p, as math.Pow. dst may be s. For small whole
// powers (the m³ and n⁴ of Hodgkin–Huxley) MulTo and Mul are faster and
// round as x·x·x does.
func Pow(dst, s []float64, p float64) {
	check("Pow", len(dst), len(s))
	for i, v := range s {
		dst[i] = math.Pow(v, p)
	}
}

// Clamp limits every element of dst to [lo, hi]. NaN stays NaN.
func Clamp(dst []float64, lo, hi float64) {
	for i, v := range dst {
		if v < lo {
			dst[i] = lo
		} else if v > hi {
			dst[i] = hi
		}
	}
}

// MinTo sets dst[i] = min(s[i], t[i]), as math.Min, and returns dst.
func MinTo(dst, s, t []float64) []float64 {
	check("MinTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = math.Min(s[i], t[i])
	}
	return dst
}

// MaxTo sets dst[i] = max(s[i], t[i]), as math.Max, and returns dst.
func MaxTo(dst, s, t []float64) []float64 {
	check("MaxTo", len(dst), len(s), len(t))
	for i := range dst {
		dst[i] = math.Max(s[i], t[i])
	}
	return dst
}

// GreaterEqual sets dst[i] to 1 where s[i] ≥ c and to 0 elsewhere (NaN
// included): a mask for Where, or a Heaviside step to multiply by.
func GreaterEqual(dst, s []float64, c float64) {
	check("GreaterEqual", len(dst), len(s))
	for i, v := range s {
		if v >= c {
			dst[i] = 1
		} else {
			dst[i] = 0
		}
	}
}

// Where sets dst[i] = s[i] where cond[i] ≠ 0 and t[i] elsewhere, as
// NumPy's where. dst may be s or t.
func Where(dst, cond, s, t []float64) {
	check("Where", len(dst), len(cond), len(s), len(t))
	for i, c := range cond {
		if c != 0 {
			dst[i] = s[i]
		} else {
			dst[i] = t[i]
		}
	}
}

// Threshold appends to fired the indices i, in increasing order, at which
// v[i] ≥ theta, and returns it: the spike condition of models that reset
// v after a spike.
func Threshold(v []float64, theta float64, fired []int) []int {
	for i, x := range v {
		if x >= theta {
			fired = append(fired, i)
		}
	}
	return fired
}

// ThresholdEach is Threshold with one threshold per neuron: it appends the
// indices at which v[i] ≥ theta[i].
func ThresholdEach(v, theta []float64, fired []int) []int {
	check("ThresholdEach", len(v), len(theta))
	for i, x := range v {
		if x >= theta[i] {
			fired = append(fired, i)
		}
	}
	return fired
}

// Crossings appends to fired the indices i, in increasing order, at which
// v rose through theta since prev: prev[i] < theta ≤ v[i]. It is the spike
// condition of models whose potential is not reset (Hodgkin–Huxley): a
// neuron fires once per upstroke, however long it stays above theta.
// Keep the previous v with Copy(prev, v) before each update.
func Crossings(prev, v []float64, theta float64, fired []int) []int {
	check("Crossings", len(prev), len(v))
	for i, x := range v {
		if x >= theta && prev[i] < theta {
			fired = append(fired, i)
		}
	}
	return fired
}

// SetAt sets dst[i] = x for every index i in idx: the reset v ← c.
func SetAt(dst []float64, idx []int, x float64) {
	for _, i := range idx {
		dst[i] = x
	}
}

// SetAtFrom sets dst[i] = src[i] for every index i in idx: a reset to
// per-neuron values.
func SetAtFrom(dst []float64, idx []int, src []float64) {
	check("SetAtFrom", len(dst), len(src))
	for _, i := range idx {
		dst[i] = src[i]
	}
}

// AddAt adds x to dst[i] for every index i in idx: the jump u ← u + d.
func AddAt(dst []float64, idx []int, x float64) {
	for _, i := range idx {
		dst[i] += x
	}
}

// AddAtFrom adds src[i] to dst[i] for every index i in idx.
func AddAtFrom(dst []float64, idx []int, src []float64) {
	check("AddAtFrom", len(dst), len(src))
	for _, i := range idx {
		dst[i] += src[i]
	}
}

// Sum returns the sum of the elements of s, added in order.
func Sum(s []float64) float64 {
	var sum float64
	for _, v := range s {
		sum += v
	}
	return sum
}

// Min returns the smallest element of s, as floats.Min: NaN elements are
// skipped unless every element is NaN. It panics if s is empty.
func Min(s []float64) float64 {
	if len(s) == 0 {
		panic("vec.Min: empty slice: need at least one element")
	}
	m := s[0]
	for _, v := range s[1:] {
		if v < m || math.IsNaN(m) {
			m = v
		}
	}
	return m
}

// Max returns the largest element of s, as floats.Max: NaN elements are
// skipped unless every element is NaN. It panics if s is empty.
func Max(s []float64) float64 {
	if len(s) == 0 {
		panic("vec.Max: empty slice: need at least one element")
	}
	m := s[0]
	for _, v := range s[1:] {
		if v > m || math.IsNaN(m) {
			m = v
		}
	}
	return m
}
