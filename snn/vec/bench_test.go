package vec_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gosnn/gosnn/snn/vec"
)

// The cost per element of the operations a Hodgkin–Huxley step is made
// of, at population sizes where the interpreter's cost per call (about a
// microsecond) is small (1000) or negligible (100 000) beside the work.

func benchmarkUnary(b *testing.B, n int, f func(dst, s []float64)) {
	r := rand.New(rand.NewPCG(1, 2))
	s, dst := randVec(r, n), make([]float64, n)
	b.SetBytes(int64(16 * n))
	b.ResetTimer()
	for range b.N {
		f(dst, s)
	}
}

func benchmarkBinary(b *testing.B, n int, f func(dst, s, t []float64) []float64) {
	r := rand.New(rand.NewPCG(1, 2))
	s, t, dst := randVec(r, n), randVec(r, n), make([]float64, n)
	b.SetBytes(int64(24 * n))
	b.ResetTimer()
	for range b.N {
		f(dst, s, t)
	}
}

func BenchmarkExp1k(b *testing.B)      { benchmarkUnary(b, 1000, vec.Exp) }
func BenchmarkExp100k(b *testing.B)    { benchmarkUnary(b, 100000, vec.Exp) }
func BenchmarkExprel1k(b *testing.B)   { benchmarkUnary(b, 1000, vec.Exprel) }
func BenchmarkExprel100k(b *testing.B) { benchmarkUnary(b, 100000, vec.Exprel) }
func BenchmarkReciprocal1k(b *testing.B) {
	benchmarkUnary(b, 1000, vec.Reciprocal)
}
func BenchmarkMulTo1k(b *testing.B)   { benchmarkBinary(b, 1000, vec.MulTo) }
func BenchmarkMulTo100k(b *testing.B) { benchmarkBinary(b, 100000, vec.MulTo) }
func BenchmarkDivTo1k(b *testing.B)   { benchmarkBinary(b, 1000, vec.DivTo) }
