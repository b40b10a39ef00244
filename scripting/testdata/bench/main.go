// Bench runs the tutorial network (800 RS + 200 LTS, seed 0) with the
// neuron model chosen by its first argument, for scripting's benchmarks:
//
//	builtin  snn's compiled Izhikevich populations (the script only
//	         assembles built-in parts)
//	vec      an Izhikevich model written in this script with snn/vec
//	loop     an Izhikevich model written in this script as a loop over
//	         neurons
//
// Usage: bench MODEL STEPS REPS. It prints the spike count of a run and the
// mean wall time of the simulation loop (net.Run) in nanoseconds. All three
// models reproduce the tutorial bit for bit: 7648 spikes in 1000 steps.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/vec"
)

// Params holds per-neuron Izhikevich parameters and state.
type Params struct {
	A, B, C, D, V, U []float64
}

func newParams(n int, p snn.Params, jitter snn.Jitter, r []float64) Params {
	m := Params{A: make([]float64, n), B: make([]float64, n), C: make([]float64, n), D: make([]float64, n),
		V: make([]float64, n), U: make([]float64, n)}
	for i := 0; i < n; i++ {
		q := jitter(p, r[i])
		m.A[i], m.B[i], m.C[i], m.D[i] = q.A, q.B, q.C, q.D
		m.V[i] = -65
		m.U[i] = m.B[i] * m.V[i]
	}
	return m
}

// Vec is the Izhikevich model written with the vector helpers.
type Vec struct {
	Params
	tmp []float64
}

func (m *Vec) Len() int                { return len(m.V) }
func (m *Vec) State() (v, u []float64) { return m.V, m.U }
func (m *Vec) Step(I []float64, fired []int) []int {
	for half := 0; half < 2; half++ {
		vec.MulTo(m.tmp, m.V, m.V)
		vec.Scale(0.04, m.tmp)
		vec.AddScaled(m.tmp, 5, m.V)
		vec.AddConst(140, m.tmp)
		vec.Sub(m.tmp, m.U)
		vec.Add(m.tmp, I)
		vec.AddScaled(m.V, 0.5, m.tmp)
	}
	vec.MulTo(m.tmp, m.B, m.V)
	vec.Sub(m.tmp, m.U)
	vec.Mul(m.tmp, m.A)
	vec.Add(m.U, m.tmp)
	fired = vec.Threshold(m.V, snn.Threshold, fired)
	vec.SetAtFrom(m.V, fired, m.C)
	vec.AddAtFrom(m.U, fired, m.D)
	return fired
}

// Loop is the Izhikevich model written as a loop over neurons.
type Loop struct{ Params }

func (m *Loop) Len() int                { return len(m.V) }
func (m *Loop) State() (v, u []float64) { return m.V, m.U }
func (m *Loop) Step(I []float64, fired []int) []int {
	// Re-slicing to one length lets the compiler drop the bounds checks
	// in the loop (native runs); the interpreter does not mind.
	n := len(m.V)
	V, U, A, B, C, D, I := m.V, m.U[:n], m.A[:n], m.B[:n], m.C[:n], m.D[:n], I[:n]
	for i, v := range V {
		u, in := U[i], I[i]
		v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + in))
		v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + in))
		u += float64(A[i] * (float64(B[i]*v) - u))
		if v >= snn.Threshold {
			v = C[i]
			u += D[i]
			fired = append(fired, i)
		}
		V[i], U[i] = v, u
	}
	return fired
}

func network(model string) (*snn.Network, error) {
	cfg := snn.Tutorial(snn.DefaultTutorial())
	if model == "builtin" {
		return snn.New(cfg)
	}
	// Draw the heterogeneity as snn.New would, then hand the generator
	// over for the weights and the noise.
	g := rng.NewNumPy(0)
	re, ri := make([]float64, 800), make([]float64, 200)
	g.Uniform(re)
	g.Uniform(ri)
	exc := newParams(800, snn.RS.Params, snn.ExcitatoryJitter, re)
	inh := newParams(200, snn.LTS.Params, snn.InhibitoryJitter, ri)
	switch model {
	case "vec":
		cfg.Populations[0].Model = &Vec{exc, make([]float64, 800)}
		cfg.Populations[1].Model = &Vec{inh, make([]float64, 200)}
	case "loop":
		cfg.Populations[0].Model = &Loop{exc}
		cfg.Populations[1].Model = &Loop{inh}
	default:
		return nil, fmt.Errorf("unknown model %q: want builtin, vec or loop", model)
	}
	cfg.Generator = g
	return snn.New(cfg)
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: bench builtin|vec|loop STEPS REPS")
		os.Exit(2)
	}
	steps, err1 := strconv.Atoi(os.Args[2])
	reps, err2 := strconv.Atoi(os.Args[3])
	if err1 != nil || err2 != nil || steps < 1 || reps < 1 {
		fmt.Fprintln(os.Stderr, "STEPS and REPS must be whole numbers ≥ 1")
		os.Exit(2)
	}
	var total int64
	spikes := 0
	for k := 0; k < reps; k++ {
		net, err := network(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		res, err := net.Run(context.Background(), steps, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		total += res.Wall.Nanoseconds()
		spikes = len(res.Spikes)
	}
	fmt.Println(spikes, total/int64(reps))
}
