package rng

import "math"

// Rand01 is the uniform generator of Izhikevich's C and C++ programs
// (spnet.cpp, poly_spnet.cpp): glibc's rand() ([Glibc]) scaled by his
// macro
//
//	rand01 = 0.9999999·rand()/RAND_MAX,
//
// a number in [0, 1) that never reaches 1. As a network's [Generator] it
// draws, with package snn's Thalamic stimulus, the original's thalamic
// input; its state is the Glibc's, saved by MarshalBinary.
//
// Normal, which no program of Izhikevich's uses, takes pairs of rand01
// numbers by the polar method (Go's math.Log; a pair's second number is
// dropped at the end of an odd-length vector): reproducible, but matched
// to no reference.
type Rand01 struct {
	Glibc
}

// NewRand01 returns the generator after srand(seed).
func NewRand01(seed uint32) *Rand01 {
	g := new(Rand01)
	g.Seed(seed)
	return g
}

// Float64 returns the next rand01.
func (g *Rand01) Float64() float64 {
	return float64(0.9999999*float64(g.Rand())) / GlibcRandMax
}

// Uniform fills dst with rand01 numbers, in order.
func (g *Rand01) Uniform(dst []float64) {
	for i := range dst {
		dst[i] = g.Float64()
	}
}

// Normal fills dst with standard normal numbers from pairs of rand01
// numbers by the polar method.
func (g *Rand01) Normal(dst []float64) {
	for i := 0; i < len(dst); i += 2 {
		var x1, x2, r2 float64
		for {
			x1 = float64(2*g.Float64()) - 1
			x2 = float64(2*g.Float64()) - 1
			r2 = float64(x1*x1) + float64(x2*x2)
			if r2 < 1 && r2 != 0 {
				break
			}
		}
		f := math.Sqrt(float64(-2*math.Log(r2)) / r2)
		dst[i] = float64(f * x1)
		if i+1 < len(dst) {
			dst[i+1] = float64(f * x2)
		}
	}
}
