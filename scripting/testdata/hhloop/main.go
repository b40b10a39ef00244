// Hhloop is examples/hodgkinhuxley's Hodgkin–Huxley population written
// the obvious way, as a loop over neurons, for BenchmarkHodgkinHuxley's
// comparison: interpreted, such a loop costs one interpreted operation per
// neuron and term, which snn/vec's one call per population avoids.
//
// Usage: hhloop MS N simulates MS milliseconds with N Hodgkin–Huxley
// neurons beside the example's 500 Izhikevich neurons, and prints the
// population's spike count.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/gosnn/gosnn/snn"
)

// HH has the example's equations, parameters and exponential-Euler
// substeps, one neuron at a time.
type HH struct {
	V, M, H, N, spiked []float64
	Sub                int
}

func exprel(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Expm1(x) / x
}

func rates(v float64) (am, bm, ah, bh, an, bn float64) {
	am = 1 / exprel(-(v+40)/10)
	bm = 4 * math.Exp(-(v+65)/18)
	ah = 0.07 * math.Exp(-(v+65)/20)
	bh = 1 / (1 + math.Exp(-(v+35)/10))
	an = 0.1 / exprel(-(v+55)/10)
	bn = 0.125 * math.Exp(-(v+65)/80)
	return
}

func relax(x, a, b, h float64) float64 {
	inf := a / (a + b)
	return inf + (x-inf)*math.Exp(-h*(a+b))
}

func NewHH(n int) *HH {
	m := &HH{V: make([]float64, n), M: make([]float64, n), H: make([]float64, n), N: make([]float64, n),
		spiked: make([]float64, n), Sub: 20}
	am, bm, ah, bh, an, bn := rates(-65)
	for i := range m.V {
		m.V[i], m.M[i], m.H[i], m.N[i] = -65, am/(am+bm), ah/(ah+bh), an/(an+bn)
	}
	return m
}

func (m *HH) Len() int                { return len(m.V) }
func (m *HH) State() (v, u []float64) { return m.V, m.N }

func (m *HH) Step(I []float64, fired []int) []int {
	h := snn.DefaultDT / float64(m.Sub)
	for i := range m.V {
		v, mm, hh, n := m.V[i], m.M[i], m.H[i], m.N[i]
		spiked := false
		for s := 0; s < m.Sub; s++ {
			am, bm, ah, bh, an, bn := rates(v)
			gna := 120 * mm * mm * mm * hh
			gk := 36 * n * n * n * n
			g := gna + gk + 0.3
			target := (gna*50 + gk*-77 + 0.3*-54.387 + I[i]) / g
			prev := v
			v = target + (v-target)*math.Exp(-h*g)
			mm, hh, n = relax(mm, am, bm, h), relax(hh, ah, bh, h), relax(n, an, bn, h)
			if prev < 0 && v >= 0 {
				spiked = true
			}
		}
		m.V[i], m.M[i], m.H[i], m.N[i] = v, mm, hh, n
		if spiked {
			fired = append(fired, i)
		}
	}
	return fired
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: hhloop MS N")
		os.Exit(2)
	}
	ms, err1 := strconv.Atoi(os.Args[1])
	n, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || ms < 1 || n < 1 {
		fmt.Fprintln(os.Stderr, "MS and N must be whole numbers ≥ 1")
		os.Exit(2)
	}
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 400, Ni: 100, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 1})
	cfg.Populations = append(cfg.Populations, snn.PopulationConfig{
		Name: "hodgkin-huxley", Size: n, Model: NewHH(n), Weight: 0.1,
		Stimuli: []snn.Stimulus{&snn.Noise{Std: 3}}})
	net, err := snn.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := net.Run(context.Background(), ms, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	count := 0
	for _, s := range res.Spikes {
		if s.Neuron >= 500 {
			count++
		}
	}
	fmt.Println(count)
}
