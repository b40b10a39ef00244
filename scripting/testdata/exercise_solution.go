// Solution of scripting/examples/exercise (used by the tests).
//
// Exercise: write the Izhikevich neuron's update rule yourself.
//
// The simulator calls Step once per time step (1 ms) with the input
// current of every neuron. Fill in the three TODOs in Step using the
// vector helpers of snn/vec (vec.MulTo, vec.Scale, vec.AddScaled,
// vec.AddConst, vec.Sub, vec.Add, vec.Mul, vec.Threshold,
// vec.SetAtFrom, vec.AddAtFrom ...), then run
//
//	snn run scripting/examples/exercise/main.go
//
// The self-check at the bottom runs your model and the built-in one on the
// same input and tells you which parts already agree. It uses no package
// that --sandbox refuses, so submissions can be checked with
//
//	snn run --sandbox --timeout 1m submission.go The equations:
//
//	v' = 0.04v² + 5v + 140 − u + I   (two half-steps of 0.5 ms)
//	u' = a(bv − u)                    (one step of 1 ms, with the new v)
//	if v ≥ 30 mV: v ← c, u ← u + d
//
// To match the built-in model exactly, compute 0.04v² + 5v + 140 − u + I
// in that order, from left to right.
package main

import (
	"fmt"
	"io"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/vec"
)

// MyIzhikevich is a population of Izhikevich neurons; index i of every
// slice belongs to neuron i.
type MyIzhikevich struct {
	A, B, C, D []float64 // parameters
	V, U       []float64 // state
	tmp        []float64 // scratch space for your computation
}

func (m *MyIzhikevich) Len() int                { return len(m.V) }
func (m *MyIzhikevich) State() (v, u []float64) { return m.V, m.U }

func (m *MyIzhikevich) Step(I []float64, fired []int) []int {
	// Solution of TODO 1.
	for half := 0; half < 2; half++ {
		vec.MulTo(m.tmp, m.V, m.V)
		vec.Scale(0.04, m.tmp)
		vec.AddScaled(m.tmp, 5, m.V)
		vec.AddConst(140, m.tmp)
		vec.Sub(m.tmp, m.U)
		vec.Add(m.tmp, I)
		vec.AddScaled(m.V, 0.5, m.tmp)
	}
	// Solution of TODO 2.
	vec.MulTo(m.tmp, m.B, m.V)
	vec.Sub(m.tmp, m.U)
	vec.Mul(m.tmp, m.A)
	vec.Add(m.U, m.tmp)
	// Solution of TODO 3.
	fired = vec.Threshold(m.V, snn.Threshold, fired)
	vec.SetAtFrom(m.V, fired, m.C)
	vec.AddAtFrom(m.U, fired, m.D)
	return fired
}

// ---- self-check: no need to change anything below ----

func main() {
	const n, steps = 200, 300
	ref := snn.NewIzhikevich(n, snn.RS.Params)
	mine := &MyIzhikevich{
		A: make([]float64, n), B: make([]float64, n), C: make([]float64, n), D: make([]float64, n),
		V: make([]float64, n), U: make([]float64, n), tmp: make([]float64, n),
	}
	g := rng.NewFastStreams(7)
	r := make([]float64, n)
	g.Uniform(r)
	for i := 0; i < n; i++ {
		p := snn.ExcitatoryJitter(snn.RS.Params, r[i])
		ref.Set(i, p)
		mine.A[i], mine.B[i], mine.C[i], mine.D[i] = p.A, p.B, p.C, p.D
	}
	ref.Reset()
	copy(mine.V, ref.V)
	copy(mine.U, ref.U)

	I := make([]float64, n)
	var fRef, fMine []int
	vOK, uOK, spikesOK := true, true, true
	maxV, maxU := 0.0, 0.0
	spikes := 0
	// What your model computed, for the grader: t, neuron, v, u, fired.
	var rows []float64
	for t := 0; t < steps; t++ {
		g.Normal(I)
		vec.Scale(5, I)
		fRef = ref.Step(I, fRef[:0])
		fMine = mine.Step(I, fMine[:0])
		start := len(rows)
		for i := 0; i < n; i++ {
			rows = append(rows, float64(t), float64(i), mine.V[i], mine.U[i], 0)
		}
		for _, i := range fMine {
			if i >= 0 && i < n {
				rows[start+5*i+4] = 1
			}
		}
		spikes += len(fRef)
		if !equalInts(fRef, fMine) {
			spikesOK = false
		}
		maxV = math.Max(maxV, maxDiff(ref.V, mine.V))
		maxU = math.Max(maxU, maxDiff(ref.U, mine.U))
		// Keep both models on the same state so each check judges one step.
		copy(mine.V, ref.V)
		copy(mine.U, ref.U)
	}
	vOK, uOK = maxV < 1e-9, maxU < 1e-9
	if err := writeRows(snn.OutPath("exercise.csv"), rows); err != nil {
		fmt.Println("could not write exercise.csv for the grader:", err)
	}

	fmt.Printf("self-check: %d neurons, %d steps, the built-in model fired %d times\n", n, steps, spikes)
	passed := 0
	check := func(ok bool, what, hint string) {
		if ok {
			passed++
			fmt.Printf("  ok        %s\n", what)
		} else {
			fmt.Printf("  NOT YET   %s: %s\n", what, hint)
		}
	}
	check(vOK, "membrane potential v (TODO 1 and 3)", fmt.Sprintf("largest difference %.4g mV", maxV))
	check(uOK, "recovery variable u (TODO 2 and 3)", fmt.Sprintf("largest difference %.4g", maxU))
	check(spikesOK, "spikes (TODO 3)", "the neurons that fired differ")
	if passed < 3 {
		fmt.Printf("%d of 3 checks pass; keep going\n", passed)
		return
	}
	fmt.Println("all checks passed: your model is the Izhikevich neuron")
}

// writeRows writes rows, five numbers each, as CSV.
func writeRows(path string, rows []float64) error {
	return snn.WriteFile(path, func(w io.Writer) error {
		if _, err := fmt.Fprintln(w, "t,neuron,v,u,fired"); err != nil {
			return err
		}
		for k := 0; k+5 <= len(rows); k += 5 {
			if _, err := fmt.Fprintf(w, "%d,%d,%.17g,%.17g,%d\n", int(rows[k]), int(rows[k+1]), rows[k+2], rows[k+3], int(rows[k+4])); err != nil {
				return err
			}
		}
		return nil
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}
