package nb

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
)

// A Verdict is what a check cell tells the student: whether the answer is
// right and, when it is not, why.
type Verdict struct {
	OK  bool
	Why string
}

func (v Verdict) String() string {
	if v.OK {
		return "✔ right: " + v.Why
	}
	return "✘ not yet: " + v.Why
}

// Print prints the verdict in the cell's output.
func (v Verdict) Print() { fmt.Println(v) }

// A StepFunc advances one neuron with parameters p and input I by the
// tutorial's 1 ms scheme and reports whether it fired (after the reset).
type StepFunc func(v, u, I float64, p snn.Params) (v2, u2 float64, fired bool)

// CheckStep (notebook 1) runs step and the library's neuron side by side
// for 1000 ms under a noisy input, for every preset, and compares v and u
// bit for bit.
func CheckStep(step StepFunc) Verdict {
	if step == nil {
		return Verdict{Why: "write the step function first"}
	}
	for _, p := range snn.Presets() {
		z := snn.NewIzhikevich(1, p.Params)
		v, u := z.V[0], z.U[0]
		rng := NumPy(1)
		I := make([]float64, 1)
		var fired []int
		for t := range 1000 {
			rng.Normal(I)
			I[0] = 6 + 3*I[0]
			fired = z.Step(I, fired[:0])
			var f bool
			v, u, f = step(v, u, I[0], p.Params)
			switch {
			case f != (len(fired) > 0):
				return Verdict{Why: fmt.Sprintf("%s, step %d: you say fired = %v, the library %v; compare v with 30 mV after the two half steps and the u update, then reset v ← c, u ← u + d", p.Name, t, f, len(fired) > 0)}
			case v != z.V[0] || u != z.U[0]:
				why := fmt.Sprintf("%s, step %d: v = %v, u = %v, the library has v = %v, u = %v", p.Name, t, v, u, z.V[0], z.U[0])
				if math.Abs(v-z.V[0]) < 1e-9*math.Max(1, math.Abs(v)) && math.Abs(u-z.U[0]) < 1e-9*math.Max(1, math.Abs(u)) {
					why += ": the same up to the last bits. Did you write x*y + z? On arm64 (and other CPUs with a fused multiply-add) Go may compute that with one rounding instead of two; write float64(x*y) + z to round the product as NumPy does. Otherwise check the order of the operations"
				} else {
					why += ": update v twice by half a step, then u once with the new v: u += a·(b·v − u)"
				}
				return Verdict{Why: why}
			}
		}
	}
	return Verdict{OK: true, Why: "v, u and the spikes are identical to the library's for all 7 presets over 1000 steps"}
}

// UJumps returns, for each spike of neuron i in res (which must trace it),
// by how much u rose in the step of the spike: u at the end of that step
// minus u at the end of the step before.
func UJumps(res *snn.Result, i int) []float64 {
	tr := res.Traces
	k := -1
	for j, n := range tr.Neurons {
		if n == i {
			k = j
		}
	}
	if k < 0 {
		return nil
	}
	var jumps []float64
	for _, s := range res.Spikes {
		if s.Neuron == i && s.T > res.Start {
			t := s.T - res.Start
			m := len(tr.Neurons)
			jumps = append(jumps, tr.U[t*m+k]-tr.U[(t-1)*m+k])
		}
	}
	return jumps
}

// CheckUJumps (notebook 2) compares the student's jumps of u at the
// spikes of neuron i (tutorial network, seed 0) with UJumps.
func CheckUJumps(i int, jumps []float64) Verdict {
	res := Tutorial.Run(0, &snn.RunOptions{Trace: []int{i}})
	want := UJumps(res, i)
	if len(jumps) != len(want) {
		return Verdict{Why: fmt.Sprintf("neuron %d fires %d times (after its first step), you have %d jumps", i, len(want), len(jumps))}
	}
	for k := range want {
		if math.Abs(jumps[k]-want[k]) > 1e-9 {
			return Verdict{Why: fmt.Sprintf("neuron %d, spike %d: you have %.4f, want %.4f: take u at the end of the spike's step minus u at the end of the step before", i, k, jumps[k], want[k])}
		}
	}
	return Verdict{OK: true, Why: fmt.Sprintf("neuron %d's u rises by %.2f … %.2f at its spikes", i, minOf(want), maxOf(want))}
}

func minOf(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}

// RunawayRate is the rate (Hz per neuron) above which the notebooks call a
// tutorial-sized network runaway: nearly three times the tutorial's 7.5 Hz.
const RunawayRate = 20.0

// SweepWi runs the tutorial network (we = 0.5, seed 0) for each wi and
// returns the rates.
func SweepWi(wis []float64) []float64 {
	rates := make([]float64, len(wis))
	for k, wi := range wis {
		n := Tutorial
		n.Name, n.Wi = fmt.Sprintf("wi = %g", wi), wi
		rates[k] = n.Run(0, nil).Rate()
	}
	return rates
}

// CheckRunawayWi (notebook 3) checks the student's answer to: lowering wi
// from 1.0 in steps of 0.1 (we = 0.5, seed 0), at which wi does the network
// first run away (rate above RunawayRate), and what is the all-fire input
// (Net.AllFireInput) there?
func CheckRunawayWi(wi, balance float64) Verdict {
	var wis []float64
	for k := 10; k >= 1; k-- {
		wis = append(wis, float64(k)/10)
	}
	rates := SweepWi(wis)
	want := math.NaN()
	for k, r := range rates {
		if r > RunawayRate {
			want = wis[k]
			break
		}
	}
	n := Tutorial
	n.Wi = want
	switch {
	case math.Abs(wi-want) > 1e-9:
		return Verdict{Why: fmt.Sprintf("wi = %g is not the first runaway value; run the sweep and compare each rate with %g Hz", wi, RunawayRate)}
	case math.Abs(balance-n.AllFireInput()) > 0.5:
		return Verdict{Why: fmt.Sprintf("wi = %g is right, but the all-fire input there is not %g: it is 800·we/2 − 200·wi/2", wi, balance)}
	}
	return Verdict{OK: true, Why: fmt.Sprintf("the network runs away from wi = %g, an all-fire input of %+.0f (the tutorial's is +100)", want, n.AllFireInput())}
}

// Threshold returns the threshold v₊ (mV) of a neuron with parameter b and
// no input: the upper root of 0.04v² + (5 − b)v + 140 = 0 (notebook 1);
// −50 mV for b = 0.2. A neuron reset above it runs into its next spike
// without any input. It returns NaN when there is no root (b > 0.27).
func Threshold(b float64) float64 {
	k := 5 - b
	return (-k + math.Sqrt(k*k-0.16*140)) / 0.08
}

// NoNegativeD is the tutorial's excitatory jitter with d raised to 0 where
// the jitter made it negative: each spike can no longer lower u.
func NoNegativeD(p snn.Params, r float64) snn.Params {
	q := snn.ExcitatoryJitter(p, r)
	q.D = max(q.D, 0)
	return q
}

// ResetBelowThreshold is the tutorial's excitatory jitter with c kept half
// a millivolt below the neuron's Threshold where the jitter raised it above.
func ResetBelowThreshold(p snn.Params, r float64) snn.Params {
	q := snn.ExcitatoryJitter(p, r)
	q.C = min(q.C, Threshold(q.B)-0.5)
	return q
}

// CheckJitters (notebook 4) checks the student's versions of NoNegativeD
// (keepD) and ResetBelowThreshold (keepC) for the excitatory presets of
// the notebooks, on a fine grid of r.
func CheckJitters(keepD, keepC snn.Jitter) Verdict {
	if keepD == nil || keepC == nil {
		return Verdict{Why: "write both jitter functions first"}
	}
	for _, preset := range []snn.Preset{snn.IB, snn.RZ, snn.RS, snn.CH} {
		for k := range 1001 {
			r := float64(k) / 1000
			p := preset.Params
			tut := snn.ExcitatoryJitter(p, r)
			if got, want := keepD(p, r), NoNegativeD(p, r); got != want {
				return Verdict{Why: fmt.Sprintf("keepD(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with d = max(d, 0), nothing else changed", preset.Name, r, got, tut)}
			}
			if got, want := keepC(p, r), ResetBelowThreshold(p, r); got.A != want.A || got.B != want.B || got.D != want.D || math.Abs(got.C-want.C) > 1e-9 {
				return Verdict{Why: fmt.Sprintf("keepC(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with c = min(c, nb.Threshold(b) − 0.5) = %.4g, nothing else changed", preset.Name, r, got, tut, want.C)}
			}
		}
	}
	return Verdict{OK: true, Why: "both jitters change only what they should, for IB, RZ, RS and CH"}
}
