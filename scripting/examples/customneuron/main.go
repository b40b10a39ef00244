// Customneuron defines three neuron types in the script — leaky
// integrate-and-fire (LIF), quadratic integrate-and-fire (QIF) and
// adaptive exponential integrate-and-fire (AdEx) — and simulates them next
// to the tutorial's built-in Izhikevich populations: all five are
// connected at random by the network, receive noise, and are recorded
// alike.
//
// A model implements snn.Model: Step advances the whole population by one
// step, so the interpreter makes one call per population per step. The
// update rules are written with the compiled helpers of snn/vec, so no
// loop over neurons runs interpreted.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/vec"
)

// LIF is a leaky integrate-and-fire population:
//
//	τ v' = −(v − rest) + R·I,  fire at v ≥ theta, then v ← reset.
type LIF struct {
	V                  []float64
	Tau, R             float64 // ms, MΩ-like gain
	Rest, Theta, Reset float64 // mV

	tmp []float64
}

func NewLIF(n int) *LIF {
	m := &LIF{V: make([]float64, n), Tau: 10, R: 1.5, Rest: -65, Theta: -50, Reset: -70, tmp: make([]float64, n)}
	vec.Fill(m.V, m.Rest)
	return m
}

func (m *LIF) Len() int                { return len(m.V) }
func (m *LIF) State() (v, u []float64) { return m.V, nil }

func (m *LIF) Step(I []float64, fired []int) []int {
	// tmp = rest − v + R·I; v += DT/τ · tmp
	vec.Fill(m.tmp, m.Rest)
	vec.Sub(m.tmp, m.V)
	vec.AddScaled(m.tmp, m.R, I)
	vec.AddScaled(m.V, snn.DefaultDT/m.Tau, m.tmp)
	fired = vec.Threshold(m.V, m.Theta, fired)
	vec.SetAt(m.V, fired, m.Reset)
	return fired
}

// QIF is a quadratic integrate-and-fire population:
//
//	τ v' = k(v − rest)(v − crit) + I,  fire at v ≥ peak, then v ← reset.
type QIF struct {
	V                       []float64
	Tau, K                  float64
	Rest, Crit, Peak, Reset float64

	a, b []float64
}

func NewQIF(n int) *QIF {
	m := &QIF{V: make([]float64, n), Tau: 10, K: 0.04, Rest: -65, Crit: -50, Peak: 30, Reset: -65,
		a: make([]float64, n), b: make([]float64, n)}
	vec.Fill(m.V, m.Rest)
	return m
}

func (m *QIF) Len() int                { return len(m.V) }
func (m *QIF) State() (v, u []float64) { return m.V, nil }

func (m *QIF) Step(I []float64, fired []int) []int {
	vec.Copy(m.a, m.V)
	vec.AddConst(-m.Rest, m.a) // a = v − rest
	vec.Copy(m.b, m.V)
	vec.AddConst(-m.Crit, m.b) // b = v − crit
	vec.MulTo(m.a, m.a, m.b)
	vec.Scale(m.K, m.a) // a = k(v − rest)(v − crit)
	vec.Add(m.a, I)
	vec.AddScaled(m.V, snn.DefaultDT/m.Tau, m.a)
	fired = vec.Threshold(m.V, m.Peak, fired)
	vec.SetAt(m.V, fired, m.Reset)
	return fired
}

// AdEx is an adaptive exponential integrate-and-fire population (Brette
// and Gerstner 2005), integrated in Sub substeps per 1 ms step:
//
//	C v' = −gL(v − EL) + gL·ΔT·exp((v − VT)/ΔT) − w + Gain·I
//	τw w' = a(v − EL) − w
//	at v ≥ Peak: v ← Vr, w ← w + b
//
// Units: mV, ms, pF, nS, pA; Gain turns the network's input into pA.
type AdEx struct {
	V, W                       []float64
	C, GL, EL, VT, DeltaT      float64
	TauW, A, B, Vr, Peak, Gain float64
	Sub                        int

	ex, dv, dw, spiked []float64
	idx                []int
}

func NewAdEx(n int) *AdEx {
	m := &AdEx{V: make([]float64, n), W: make([]float64, n),
		C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, TauW: 144, A: 4, B: 80.5, Vr: -70.6, Peak: 20,
		Gain: 60, Sub: 10,
		ex: make([]float64, n), dv: make([]float64, n), dw: make([]float64, n), spiked: make([]float64, n)}
	vec.Fill(m.V, m.EL)
	return m
}

func (m *AdEx) Len() int                { return len(m.V) }
func (m *AdEx) State() (v, u []float64) { return m.V, m.W }

func (m *AdEx) Step(I []float64, fired []int) []int {
	h := snn.DefaultDT / float64(m.Sub)
	for s := 0; s < m.Sub; s++ {
		// ex = exp((v − VT)/ΔT), capped so that a neuron past its peak
		// cannot overflow before it is reset.
		vec.Copy(m.ex, m.V)
		vec.AddConst(-m.VT, m.ex)
		vec.Scale(1/m.DeltaT, m.ex)
		vec.Clamp(m.ex, -50, 20)
		vec.Exp(m.ex, m.ex)
		// dw = a(v − EL) − w, from the old v.
		vec.Copy(m.dw, m.V)
		vec.AddConst(-m.EL, m.dw)
		vec.Scale(m.A, m.dw)
		vec.Sub(m.dw, m.W)
		// dv = −gL(v − EL) + gL·ΔT·ex − w + Gain·I
		vec.Copy(m.dv, m.V)
		vec.AddConst(-m.EL, m.dv)
		vec.Scale(-m.GL, m.dv)
		vec.AddScaled(m.dv, m.GL*m.DeltaT, m.ex)
		vec.Sub(m.dv, m.W)
		vec.AddScaled(m.dv, m.Gain, I)
		vec.AddScaled(m.V, h/m.C, m.dv)
		vec.AddScaled(m.W, h/m.TauW, m.dw)
		m.idx = vec.Threshold(m.V, m.Peak, m.idx[:0])
		vec.SetAt(m.V, m.idx, m.Vr)
		vec.AddAt(m.W, m.idx, m.B)
		vec.SetAt(m.spiked, m.idx, 1)
	}
	fired = vec.Threshold(m.spiked, 1, fired)
	vec.Fill(m.spiked, 0)
	return fired
}

func main() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 400, Ni: 100, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 1})
	cfg.Populations = append(cfg.Populations,
		snn.PopulationConfig{Name: "lif", Size: 100, Model: NewLIF(100), Weight: 0.5,
			Stimuli: []snn.Stimulus{&snn.Noise{Std: 8}, snn.Constant{Current: 8}}},
		snn.PopulationConfig{Name: "qif", Size: 100, Model: NewQIF(100), Weight: 0.5,
			Stimuli: []snn.Stimulus{&snn.Noise{Std: 5}, snn.Constant{Current: 3}}},
		snn.PopulationConfig{Name: "adex", Size: 100, Model: NewAdEx(100), Weight: 0.5,
			Stimuli: []snn.Stimulus{&snn.Noise{Std: 5}, snn.Constant{Current: 8}}},
	)
	net, err := snn.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := net.Run(context.Background(), 500, &snn.RunOptions{Trace: []int{0, 500, 600}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	counts := make([]int, len(res.Populations))
	for _, s := range res.Spikes {
		for k, p := range res.Populations {
			if s.Neuron >= p.Start && s.Neuron < p.Start+p.Size {
				counts[k]++
			}
		}
	}
	for k, p := range res.Populations {
		fmt.Printf("%-10s %4d neurons %6d spikes  %6.2f Hz\n", p.Name, p.Size, counts[k], float64(counts[k])/float64(p.Size)/(res.Duration()/1000))
	}
	lif := res.Traces.Of(res.Traces.V, 1)
	fmt.Printf("LIF neuron 500: v from %.3f to %.3f mV over the run\n", minOf(lif), maxOf(lif))
	if err := res.Save(snn.OutPath("run")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func minOf(x []float64) float64 {
	m := x[0]
	for _, v := range x {
		if v < m {
			m = v
		}
	}
	return m
}

func maxOf(x []float64) float64 {
	m := x[0]
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}
