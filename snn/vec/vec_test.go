package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

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

// specials are the inputs every element-wise function is also checked on:
// signed zeros, ±1, the ends of the float range, infinities, NaN and the
// voltage at which Hodgkin–Huxley's rate x/(1 − e^−x) is 0/0.
var specials = []float64{0, math.Copysign(0, -1), 1, -1, 1e-300, -1e-300, 1e-9, -1e-9, 1e300, -1e300,
	math.Inf(1), math.Inf(-1), math.NaN(), -40, 709.5, -745.5, 0.5, 2}

// inputs returns n random values, wide-spread, followed by the specials.
func inputs(r *rand.Rand, n int) []float64 {
	return append(randVec(r, n), specials...)
}

// same reports whether a and b are the same float64, NaN equal to NaN and
// +0 different from −0.
func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

func exprel(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Expm1(x) / x
}

// TestUnary checks each function of the form F(dst, s) against the scalar
// expression it names, bit for bit, on random and special inputs, both
// into a separate slice and in place (dst = s).
func TestUnary(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		name   string
		vec    func(dst, s []float64)
		scalar func(x float64) float64
	}{
		{"Copy", vec.Copy, func(x float64) float64 { return x }},
		{"Exp", vec.Exp, math.Exp},
		{"Exprel", vec.Exprel, exprel},
		{"Log", vec.Log, math.Log},
		{"Sqrt", vec.Sqrt, math.Sqrt},
		{"Reciprocal", vec.Reciprocal, func(x float64) float64 { return 1 / x }},
		{"Pow(3)", func(d, s []float64) { vec.Pow(d, s, 3) }, func(x float64) float64 { return math.Pow(x, 3) }},
		{"Pow(0.5)", func(d, s []float64) { vec.Pow(d, s, 0.5) }, func(x float64) float64 { return math.Pow(x, 0.5) }},
		{"Pow(-1.5)", func(d, s []float64) { vec.Pow(d, s, -1.5) }, func(x float64) float64 { return math.Pow(x, -1.5) }},
		{"ScaleTo", func(d, s []float64) { vec.ScaleTo(d, -0.3, s) }, func(x float64) float64 { return -0.3 * x }},
		{"GreaterEqual", func(d, s []float64) { vec.GreaterEqual(d, s, -40) }, func(x float64) float64 {
			if x >= -40 {
				return 1
			}
			return 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := inputs(r, 200)
			want := make([]float64, len(s))
			for i, x := range s {
				want[i] = tt.scalar(x)
			}
			dst := randVec(r, len(s))
			tt.vec(dst, s)
			inPlace := slices.Clone(s)
			tt.vec(inPlace, inPlace)
			for i := range s {
				if !same(dst[i], want[i]) {
					t.Fatalf("%s(%v) = %v, want %v", tt.name, s[i], dst[i], want[i])
				}
				if !same(inPlace[i], want[i]) {
					t.Fatalf("%s(%v) in place = %v, want %v", tt.name, s[i], inPlace[i], want[i])
				}
			}
		})
	}
}

// TestExprelIsTheFormula checks Exprel against the formula it stands for,
// (e^x − 1)/x, where that formula is accurate, and that it is continuous
// through 0, where the formula is 0/0.
func TestExprelIsTheFormula(t *testing.T) {
	x := []float64{-50, -4, -1, -0.1, 0.1, 1, 4, 50}
	got := make([]float64, len(x))
	vec.Exprel(got, x)
	for i, v := range x {
		if want := (math.Exp(v) - 1) / v; math.Abs(got[i]-want) > 1e-12*math.Abs(want) {
			t.Errorf("Exprel(%v) = %v, want (e^x − 1)/x = %v", v, got[i], want)
		}
	}
	near := []float64{-1e-12, 0, 1e-12}
	vec.Exprel(near, near)
	for _, v := range near {
		if math.Abs(v-1) > 1e-11 {
			t.Errorf("Exprel near 0 = %v, want 1 (continuous)", v)
		}
	}
}

// TestBinary checks each function of two slices against its scalar
// expression, bit for bit: the To form into a third slice and, where it
// exists, the in-place form dst op= s.
func TestBinary(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	tests := []struct {
		name    string
		to      func(dst, s, t []float64)
		inPlace func(dst, s []float64) // nil if there is none
		scalar  func(a, b float64) float64
	}{
		{"Add", func(d, s, t []float64) { vec.AddTo(d, s, t) }, vec.Add, func(a, b float64) float64 { return a + b }},
		{"Sub", func(d, s, t []float64) { vec.SubTo(d, s, t) }, vec.Sub, func(a, b float64) float64 { return a - b }},
		{"Mul", func(d, s, t []float64) { vec.MulTo(d, s, t) }, vec.Mul, func(a, b float64) float64 { return a * b }},
		{"Div", func(d, s, t []float64) { vec.DivTo(d, s, t) }, vec.Div, func(a, b float64) float64 { return a / b }},
		{"Min", func(d, s, t []float64) { vec.MinTo(d, s, t) }, nil, math.Min},
		{"Max", func(d, s, t []float64) { vec.MaxTo(d, s, t) }, nil, math.Max},
		{"AddScaled", func(d, s, t []float64) { vec.AddScaledTo(d, s, 0.04, t) },
			func(d, s []float64) { vec.AddScaled(d, 0.04, s) },
			func(a, b float64) float64 { p := 0.04 * b; return a + p }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every pair of specials, then random pairs.
			var a, b []float64
			for _, x := range specials {
				for _, y := range specials {
					a, b = append(a, x), append(b, y)
				}
			}
			a, b = append(a, randVec(r, 300)...), append(b, randVec(r, 300)...)
			want := make([]float64, len(a))
			for i := range a {
				want[i] = tt.scalar(a[i], b[i])
			}
			got := make([]float64, len(a))
			tt.to(got, a, b)
			for i := range got {
				if !same(got[i], want[i]) {
					t.Fatalf("%sTo(%v, %v) = %v, want %v", tt.name, a[i], b[i], got[i], want[i])
				}
			}
			if tt.inPlace != nil {
				d := slices.Clone(a)
				tt.inPlace(d, b)
				for i := range d {
					if !same(d[i], want[i]) {
						t.Fatalf("%s: %v op %v = %v, want %v", tt.name, a[i], b[i], d[i], want[i])
					}
				}
			}
		})
	}
}

// TestConstant checks the functions that take one slice and constants.
func TestConstant(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name   string
		vec    func(dst []float64)
		scalar func(x float64) float64
	}{
		{"Fill", func(d []float64) { vec.Fill(d, 3) }, func(float64) float64 { return 3 }},
		{"Scale", func(d []float64) { vec.Scale(-0.3, d) }, func(x float64) float64 { return -0.3 * x }},
		{"AddConst", func(d []float64) { vec.AddConst(140, d) }, func(x float64) float64 { return x + 140 }},
		{"Clamp", func(d []float64) { vec.Clamp(d, -10, 10) }, func(x float64) float64 {
			if math.IsNaN(x) {
				return x
			}
			return math.Max(-10, math.Min(10, x))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d0 := inputs(r, 100)
			d := slices.Clone(d0)
			tt.vec(d)
			for i := range d {
				if w := tt.scalar(d0[i]); !same(d[i], w) {
					t.Fatalf("%s(%v) = %v, want %v", tt.name, d0[i], d[i], w)
				}
			}
		})
	}
}

func TestWhere(t *testing.T) {
	cond := []float64{1, 0, -2, math.NaN(), 0}
	s := []float64{10, 11, 12, 13, 14}
	u := []float64{20, 21, 22, 23, 24}
	dst := make([]float64, 5)
	vec.Where(dst, cond, s, u)
	// NaN ≠ 0, so it selects s, as NumPy's where does.
	if want := []float64{10, 21, 12, 13, 24}; !slices.Equal(dst, want) {
		t.Errorf("Where = %v, want %v", dst, want)
	}
	// In place: keep s where cond, else take u.
	vec.Where(s, cond, s, u)
	if want := []float64{10, 21, 12, 13, 24}; !slices.Equal(s, want) {
		t.Errorf("Where in place = %v, want %v", s, want)
	}
}

// TestIndexed checks the reset operations on the neurons that fired.
func TestIndexed(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	x := randVec(r, 37)
	idx := []int{0, 5, 36}
	in := func(i int) bool { return slices.Contains(idx, i) }
	tests := []struct {
		name string
		got  func(dst []float64)
		want func(i int, d float64) float64
	}{
		{"SetAt", func(d []float64) { vec.SetAt(d, idx, -65) }, func(i int, d float64) float64 {
			if in(i) {
				return -65
			}
			return d
		}},
		{"AddAt", func(d []float64) { vec.AddAt(d, idx, 8) }, func(i int, d float64) float64 {
			if in(i) {
				return d + 8
			}
			return d
		}},
		{"SetAtFrom", func(d []float64) { vec.SetAtFrom(d, idx, x) }, func(i int, d float64) float64 {
			if in(i) {
				return x[i]
			}
			return d
		}},
		{"AddAtFrom", func(d []float64) { vec.AddAtFrom(d, idx, x) }, func(i int, d float64) float64 {
			if in(i) {
				return d + x[i]
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

// TestAgreesWithGonum checks that every function that shares its name
// with gonum/floats computes what floats does, bit for bit, so that code
// moves between the two unchanged. (AddScaled is left out: gonum may fuse
// its multiply-add on some platforms, which vec never does; Sum because
// gonum adds in a different order.)
func TestAgreesWithGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	s, u := randVec(r, 101), randVec(r, 101)
	type pair struct {
		name        string
		ours, gonum func(dst []float64)
	}
	for _, p := range []pair{
		{"Add", func(d []float64) { vec.Add(d, s) }, func(d []float64) { floats.Add(d, s) }},
		{"AddTo", func(d []float64) { vec.AddTo(d, s, u) }, func(d []float64) { floats.AddTo(d, s, u) }},
		{"AddConst", func(d []float64) { vec.AddConst(2.5, d) }, func(d []float64) { floats.AddConst(2.5, d) }},
		{"Sub", func(d []float64) { vec.Sub(d, s) }, func(d []float64) { floats.Sub(d, s) }},
		{"SubTo", func(d []float64) { vec.SubTo(d, s, u) }, func(d []float64) { floats.SubTo(d, s, u) }},
		{"Mul", func(d []float64) { vec.Mul(d, s) }, func(d []float64) { floats.Mul(d, s) }},
		{"MulTo", func(d []float64) { vec.MulTo(d, s, u) }, func(d []float64) { floats.MulTo(d, s, u) }},
		{"Div", func(d []float64) { vec.Div(d, s) }, func(d []float64) { floats.Div(d, s) }},
		{"DivTo", func(d []float64) { vec.DivTo(d, s, u) }, func(d []float64) { floats.DivTo(d, s, u) }},
		{"Scale", func(d []float64) { vec.Scale(-1.7, d) }, func(d []float64) { floats.Scale(-1.7, d) }},
		{"ScaleTo", func(d []float64) { vec.ScaleTo(d, -1.7, s) }, func(d []float64) { floats.ScaleTo(d, -1.7, s) }},
	} {
		d0 := randVec(r, len(s))
		a, b := slices.Clone(d0), slices.Clone(d0)
		p.ours(a)
		p.gonum(b)
		if !slices.Equal(a, b) {
			t.Errorf("vec.%s differs from floats.%s", p.name, p.name)
		}
	}
	for _, x := range [][]float64{s, {math.NaN(), 3, math.NaN(), -2}, {math.NaN()}, {-0.0, 0}, {math.Inf(-1), 1}} {
		if got, want := vec.Min(x), floats.Min(x); !same(got, want) {
			t.Errorf("vec.Min(%v) = %v, floats.Min = %v", x[:min(4, len(x))], got, want)
		}
		if got, want := vec.Max(x), floats.Max(x); !same(got, want) {
			t.Errorf("vec.Max(%v) = %v, floats.Max = %v", x[:min(4, len(x))], got, want)
		}
	}
	// Returned slices are dst, as in gonum.
	d := make([]float64, len(s))
	for name, got := range map[string][]float64{
		"AddTo": vec.AddTo(d, s, u), "SubTo": vec.SubTo(d, s, u), "MulTo": vec.MulTo(d, s, u),
		"DivTo": vec.DivTo(d, s, u), "ScaleTo": vec.ScaleTo(d, 2, s), "AddScaledTo": vec.AddScaledTo(d, s, 2, u),
		"MinTo": vec.MinTo(d, s, u), "MaxTo": vec.MaxTo(d, s, u),
	} {
		if &got[0] != &d[0] {
			t.Errorf("%s does not return dst", name)
		}
	}
}

func TestCrossings(t *testing.T) {
	prev := []float64{-70, -1, 5, 0, -0.5, math.NaN()}
	v := []float64{10, 0, 20, 1, -0.1, 3}
	// Up through 0: neurons 0 and 1 (reaching θ counts); 2 and 3 were
	// already above, 4 is still below; NaN before is not "below".
	if got, want := vec.Crossings(prev, v, 0, []int{-1}), []int{-1, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("Crossings = %v, want %v", got, want)
	}
}

func TestMinMaxOfEmptyPanics(t *testing.T) {
	for name, f := range map[string]func([]float64) float64{"Min": vec.Min, "Max": vec.Max} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "empty slice") {
					t.Errorf("%s(nil): panic %v, want one about the empty slice", name, r)
				}
			}()
			f(nil)
		}()
	}
}

// TestLengthMismatch checks that every function of several slices panics
// with its name and the lengths when they differ.
func TestLengthMismatch(t *testing.T) {
	a, b := make([]float64, 3), make([]float64, 2)
	ops := map[string]func(){
		"Copy": func() { vec.Copy(a, b) }, "Add": func() { vec.Add(a, b) }, "AddTo": func() { vec.AddTo(a, a, b) },
		"Sub": func() { vec.Sub(a, b) }, "SubTo": func() { vec.SubTo(a, b, a) }, "Mul": func() { vec.Mul(a, b) },
		"MulTo": func() { vec.MulTo(a, a, b) }, "Div": func() { vec.Div(a, b) }, "DivTo": func() { vec.DivTo(a, b, a) },
		"Reciprocal": func() { vec.Reciprocal(a, b) }, "ScaleTo": func() { vec.ScaleTo(a, 2, b) },
		"AddScaled": func() { vec.AddScaled(a, 2, b) }, "AddScaledTo": func() { vec.AddScaledTo(a, a, 2, b) },
		"Exp": func() { vec.Exp(a, b) }, "Exprel": func() { vec.Exprel(a, b) }, "Log": func() { vec.Log(a, b) },
		"Sqrt": func() { vec.Sqrt(a, b) }, "Pow": func() { vec.Pow(a, b, 2) }, "MinTo": func() { vec.MinTo(a, a, b) },
		"MaxTo": func() { vec.MaxTo(a, b, a) }, "GreaterEqual": func() { vec.GreaterEqual(a, b, 0) },
		"Where": func() { vec.Where(a, a, a, b) }, "ThresholdEach": func() { vec.ThresholdEach(a, b, nil) },
		"Crossings": func() { vec.Crossings(a, b, 0, nil) }, "SetAtFrom": func() { vec.SetAtFrom(a, nil, b) },
		"AddAtFrom": func() { vec.AddAtFrom(a, nil, b) },
	}
	for name, op := range ops {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("%s of slices of lengths 3 and 2 did not panic", name)
					return
				}
				msg := fmt.Sprint(r)
				if !strings.HasPrefix(msg, "vec."+name+": slices of lengths ") || !strings.Contains(msg, "must have the same length") {
					t.Errorf("%s: panic message %q", name, msg)
				}
			}()
			op()
		}()
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

// izhStep is the Izhikevich update written with the helpers, as the
// package documentation shows it.
func izhStep(z *snn.Izhikevich, I, tmp []float64, fired []int) []int {
	v, u := z.V, z.U
	for range 2 {
		vec.MulTo(tmp, v, v)
		vec.Scale(0.04, tmp)
		vec.AddScaled(tmp, 5, v)
		vec.AddConst(140, tmp)
		vec.Sub(tmp, u)
		vec.Add(tmp, I)
		vec.AddScaled(v, 0.5, tmp)
	}
	vec.MulTo(tmp, z.B, v)
	vec.Sub(tmp, u)
	vec.Mul(tmp, z.A)
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

// A Hodgkin–Huxley neuron is not reset: it fires when v rises through
// 0 mV, once per upstroke.
func ExampleCrossings() {
	prev := []float64{-64, -10, 20, -70}
	v := []float64{-63, 15, 35, -71}
	fmt.Println(vec.Crossings(prev, v, 0, nil))
	// Output: [1]
}

// The rate αm = 0.1(v + 40)/(1 − e^−(v+40)/10) of Hodgkin and Huxley is
// 0/0 at v = −40 mV written directly; as 1/exprel(−(v + 40)/10) it is
// finite everywhere.
func ExampleExprel() {
	v := []float64{-50, -40, -30}
	am := make([]float64, len(v))
	vec.ScaleTo(am, -0.1, v) // x = −(v + 40)/10
	vec.AddConst(-4, am)
	vec.Exprel(am, am)
	vec.Reciprocal(am, am)
	fmt.Printf("%.4f\n", am)
	// Output: [0.5820 1.0000 1.5820]
}

// Where and GreaterEqual make a piecewise definition without a loop: here
// a current that flows only above −50 mV.
func ExampleWhere() {
	v := []float64{-70, -50, -20}
	on, I, zero := make([]float64, 3), []float64{5, 5, 5}, make([]float64, 3)
	vec.GreaterEqual(on, v, -50)
	vec.Where(I, on, I, zero)
	fmt.Println(I)
	// Output: [0 5 5]
}
