package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/vec"
)

func randVec(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64() * 30
	}
	return x
}

// TestElementwise compares every helper with the obvious loop.
func TestElementwise(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := randVec(r, 37), randVec(r, 37)
	tests := []struct {
		name string
		got  func(dst []float64)
		want func(i int, d float64) float64
	}{
		{"Fill", func(d []float64) { vec.Fill(d, 3) }, func(i int, d float64) float64 { return 3 }},
		{"Copy", func(d []float64) { vec.Copy(d, x) }, func(i int, d float64) float64 { return x[i] }},
		{"Add", func(d []float64) { vec.Add(d, x) }, func(i int, d float64) float64 { return d + x[i] }},
		{"Sub", func(d []float64) { vec.Sub(d, x) }, func(i int, d float64) float64 { return d - x[i] }},
		{"Mul", func(d []float64) { vec.Mul(d, x, y) }, func(i int, d float64) float64 { return x[i] * y[i] }},
		{"MulInPlace", func(d []float64) { vec.MulInPlace(d, x) }, func(i int, d float64) float64 { return d * x[i] }},
		{"Scale", func(d []float64) { vec.Scale(d, -0.3) }, func(i int, d float64) float64 { return d * -0.3 }},
		{"AddConst", func(d []float64) { vec.AddConst(d, 140) }, func(i int, d float64) float64 { return d + 140 }},
		{"AddScaled", func(d []float64) { vec.AddScaled(d, 0.04, x) }, func(i int, d float64) float64 { p := 0.04 * x[i]; return d + p }},
		{"Exp", func(d []float64) { vec.Exp(d, y) }, func(i int, d float64) float64 { return math.Exp(y[i]) }},
		{"Clamp", func(d []float64) { vec.Clamp(d, -10, 10) }, func(i int, d float64) float64 { return math.Max(-10, math.Min(10, d)) }},
		{"SetAt", func(d []float64) { vec.SetAt(d, []int{0, 5, 36}, -65) }, func(i int, d float64) float64 {
			if i == 0 || i == 5 || i == 36 {
				return -65
			}
			return d
		}},
		{"AddAt", func(d []float64) { vec.AddAt(d, []int{2, 3}, 8) }, func(i int, d float64) float64 {
			if i == 2 || i == 3 {
				return d + 8
			}
			return d
		}},
		{"SetAtFrom", func(d []float64) { vec.SetAtFrom(d, []int{1, 4}, x) }, func(i int, d float64) float64 {
			if i == 1 || i == 4 {
				return x[i]
			}
			return d
		}},
		{"AddAtFrom", func(d []float64) { vec.AddAtFrom(d, []int{7}, y) }, func(i int, d float64) float64 {
			if i == 7 {
				return d + y[i]
			}
			return d
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d0 := randVec(r, len(x))
			d := slices.Clone(d0)
			tt.got(d)
			for i := range d {
				if w := tt.want(i, d0[i]); d[i] != w {
					t.Fatalf("element %d: got %v, want %v", i, d[i], w)
				}
			}
		})
	}
}

func TestThreshold(t *testing.T) {
	v := []float64{29.9, 30, 31, -65, 1e9}
	if got, want := vec.Threshold(v, 30, []int{-1}), []int{-1, 1, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("Threshold = %v, want %v", got, want)
	}
	theta := []float64{29, 31, 31, -70, 2e9}
	if got, want := vec.ThresholdEach(v, theta, nil), []int{0, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("ThresholdEach = %v, want %v", got, want)
	}
	if got := vec.Sum([]float64{1, 2, 3.5}); got != 6.5 {
		t.Errorf("Sum = %v, want 6.5", got)
	}
}

func TestLengthMismatchPanicsWithLengths(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("Add of slices of lengths 3 and 2 did not panic")
		}
		if msg := fmt.Sprint(r); msg != "vec.Add: slices of lengths 3 and 2: all slices must have the same length" {
			t.Errorf("panic message %q", msg)
		}
	}()
	vec.Add(make([]float64, 3), make([]float64, 2))
}

// izhStep is the Izhikevich update written with the helpers, as the
// package documentation shows it.
func izhStep(z *snn.Izhikevich, I, tmp []float64, fired []int) []int {
	v, u := z.V, z.U
	for range 2 {
		vec.Mul(tmp, v, v)
		vec.Scale(tmp, 0.04)
		vec.AddScaled(tmp, 5, v)
		vec.AddConst(tmp, 140)
		vec.Sub(tmp, u)
		vec.Add(tmp, I)
		vec.AddScaled(v, 0.5, tmp)
	}
	vec.Mul(tmp, z.B, v)
	vec.Sub(tmp, u)
	vec.MulInPlace(tmp, z.A)
	vec.Add(u, tmp)
	fired = vec.Threshold(v, snn.Threshold, fired)
	vec.SetAtFrom(v, fired, z.C)
	vec.AddAtFrom(u, fired, z.D)
	return fired
}

// TestIzhikevichBitExact checks that the helpers reproduce the built-in
// model bit for bit, so a scripted model built from them matches NumPy.
func TestIzhikevichBitExact(t *testing.T) {
	const n = 500
	r := rand.New(rand.NewPCG(3, 4))
	a, b := snn.NewIzhikevich(n, snn.RS.Params), snn.NewIzhikevich(n, snn.RS.Params)
	for i := range n {
		p := snn.ExcitatoryJitter(snn.RS.Params, r.Float64())
		a.Set(i, p)
		b.Set(i, p)
	}
	a.Reset()
	b.Reset()
	I, tmp := make([]float64, n), make([]float64, n)
	var fa, fb []int
	spikes := 0
	for step := range 300 {
		for i := range I {
			I[i] = 5 * r.NormFloat64()
		}
		fa = a.Step(I, fa[:0])
		fb = izhStep(b, I, tmp, fb[:0])
		spikes += len(fa)
		if !slices.Equal(fa, fb) || !slices.Equal(a.V, b.V) || !slices.Equal(a.U, b.U) {
			t.Fatalf("step %d: helpers differ from the built-in model", step)
		}
	}
	if spikes == 0 {
		t.Fatal("no neuron fired: the comparison tested nothing")
	}
}

func ExampleThreshold() {
	v := []float64{-65, 31, 12, 30}
	fired := vec.Threshold(v, 30, nil)
	vec.SetAt(v, fired, -65)
	fmt.Println(fired, v)
	// Output: [1 3] [-65 -65 12 -65]
}
