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
//	vec.Mul(tmp, v, v)        // tmp = v²
//	vec.Scale(tmp, 0.04)      // tmp = 0.04v²
//	vec.AddScaled(tmp, 5, v)  // tmp += 5v
//	vec.AddConst(tmp, 140)    // tmp += 140
//	vec.Sub(tmp, u)           // tmp −= u
//	vec.Add(tmp, I)           // tmp += I
//	vec.AddScaled(v, 0.5, tmp) // v += 0.5·tmp
//
// which rounds exactly as the NumPy expression does.
//
// Every function works element by element on slices of equal length and
// panics, with the lengths in the message, when they differ; index lists
// (the neurons that fired) must hold valid indices. Destination slices
// come first, as in copy. The functions are not generic so that scripts
// interpreted by yaegi can call them.
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

// Add adds x to dst: dst[i] += x[i].
func Add(dst, x []float64) {
	check("Add", len(dst), len(x))
	for i, v := range x {
		dst[i] += v
	}
}

// Sub subtracts x from dst: dst[i] −= x[i].
func Sub(dst, x []float64) {
	check("Sub", len(dst), len(x))
	for i, v := range x {
		dst[i] -= v
	}
}

// Mul sets dst[i] = x[i]·y[i]. dst may be x or y.
func Mul(dst, x, y []float64) {
	check("Mul", len(dst), len(x), len(y))
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
}

// MulInPlace multiplies dst by x: dst[i] ·= x[i].
func MulInPlace(dst, x []float64) {
	check("MulInPlace", len(dst), len(x))
	for i, v := range x {
		dst[i] *= v
	}
}

// Scale multiplies dst by alpha: dst[i] ·= alpha.
func Scale(dst []float64, alpha float64) {
	for i := range dst {
		dst[i] *= alpha
	}
}

// AddConst adds c to every element of dst.
func AddConst(dst []float64, c float64) {
	for i := range dst {
		dst[i] += c
	}
}

// AddScaled adds alpha·x to dst: dst[i] += alpha·x[i], the product rounded
// before the sum (no fused multiply-add), as NumPy computes it.
func AddScaled(dst []float64, alpha float64, x []float64) {
	check("AddScaled", len(dst), len(x))
	for i, v := range x {
		dst[i] += float64(alpha * v)
	}
}

// Exp sets dst[i] = e^x[i]. dst may be x.
func Exp(dst, x []float64) {
	check("Exp", len(dst), len(x))
	for i, v := range x {
		dst[i] = math.Exp(v)
	}
}

// Clamp limits every element of dst to [lo, hi].
func Clamp(dst []float64, lo, hi float64) {
	for i, v := range dst {
		if v < lo {
			dst[i] = lo
		} else if v > hi {
			dst[i] = hi
		}
	}
}

// Threshold appends to fired the indices i, in increasing order, at which
// v[i] ≥ theta, and returns it: the spike condition of most models.
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

// Sum returns the sum of the elements of x, added in order.
func Sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
