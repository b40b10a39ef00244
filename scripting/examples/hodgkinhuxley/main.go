// Hodgkinhuxley adds a population of Hodgkin–Huxley neurons, written in
// this script, to the tutorial's Izhikevich network: the three populations
// are connected at random by the network, receive noise, and are recorded
// alike. It prints each population's rate and draws a raster (raster.png),
// the membrane potential of one Hodgkin–Huxley neuron above its gating
// variables m, h and n, which the model declares so that a run can
// record them (traces.png), and the
// distribution of the neurons' rates in each population (rates.png).
//
// The model is written with snn/vec, one compiled call per operation for
// the whole population, so the interpreted script runs about as fast as its
// compiled build (go test -bench HodgkinHuxley ./scripting measures it).
//
// Usage: hodgkinhuxley [MS [N]] simulates MS milliseconds (default 300)
// with N Hodgkin–Huxley neurons (default 500).
package main

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"strconv"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/vec"
)

// HH is a population of Hodgkin–Huxley neurons (Hodgkin and Huxley 1952,
// with the resting potential at −65 mV):
//
//	C v' = gNa m³h (ENa − v) + gK n⁴ (EK − v) + gL (EL − v) + Gain·I
//	x'   = αx(v)(1 − x) − βx(v) x   for the gates x = m, h, n
//
// Units: mV, ms, µF/cm², mS/cm², µA/cm²; Gain turns the network's input
// into µA/cm². Each 1 ms step is Sub substeps of exponential Euler (as
// Brian2's exponential_euler): every variable relaxes exactly towards its
// value at equilibrium with the others held fixed, which stays stable at
// steps where forward Euler would not. A neuron fires when v rises
// through 0 mV; v is not reset.
type HH struct {
	V, M, H, N []float64

	C, GNa, GK, GL, ENa, EK, EL, Gain float64
	Sub                               int

	// Scratch: the six rates, conductances, one target and one factor.
	am, bm, ah, bh, an, bn []float64
	gna, gk, target, decay []float64
	prev, spiked           []float64
	idx                    []int
}

func NewHH(n int) *HH {
	mk := func() []float64 { return make([]float64, n) }
	m := &HH{V: mk(), M: mk(), H: mk(), N: mk(),
		C: 1, GNa: 120, GK: 36, GL: 0.3, ENa: 50, EK: -77, EL: -54.387, Gain: 1, Sub: 20,
		am: mk(), bm: mk(), ah: mk(), bh: mk(), an: mk(), bn: mk(),
		gna: mk(), gk: mk(), target: mk(), decay: mk(), prev: mk(), spiked: mk()}
	// Rest: v = −65 mV and every gate at its steady state there.
	vec.Fill(m.V, -65)
	m.rates()
	for _, g := range []struct{ x, a, b []float64 }{{m.M, m.am, m.bm}, {m.H, m.ah, m.bh}, {m.N, m.an, m.bn}} {
		vec.AddTo(g.x, g.a, g.b)
		vec.DivTo(g.x, g.a, g.x) // x∞ = α/(α + β)
	}
	return m
}

func (m *HH) Len() int { return len(m.V) }

// State returns v and, as the recorded second variable, the potassium
// activation n: the slow variable that plays the part of Izhikevich's u.
func (m *HH) State() (v, u []float64) { return m.V, m.N }

// Variables names the variables a run can record (snn.RunOptions.Record).
func (m *HH) Variables() []string { return []string{"v", "m", "h", "n"} }

// Variable returns the named variable's values, or nil.
func (m *HH) Variable(name string) []float64 {
	switch name {
	case "v":
		return m.V
	case "m":
		return m.M
	case "h":
		return m.H
	case "n":
		return m.N
	}
	return nil
}

// expRate sets dst = k·exp(s·(v − v0)), a rate of the form of βm, αh, βn.
func expRate(dst, v []float64, k, s, v0 float64) {
	vec.ScaleTo(dst, s, v)
	vec.AddConst(-s*v0, dst)
	vec.Exp(dst, dst)
	vec.Scale(k, dst)
}

// linRate sets dst = k·(v − v0)/(1 − exp(−(v − v0)/w)) = k·w/exprel(x)
// with x = −(v − v0)/w, the form of αm and αn, finite at v = v0.
func linRate(dst, v []float64, k, v0, w float64) {
	vec.ScaleTo(dst, -1/w, v)
	vec.AddConst(v0/w, dst)
	vec.Exprel(dst, dst)
	vec.Reciprocal(dst, dst)
	vec.Scale(k*w, dst)
}

// rates computes the six opening and closing rates (1/ms) at the current v.
func (m *HH) rates() {
	linRate(m.am, m.V, 0.1, -40, 10)
	expRate(m.bm, m.V, 4, -1.0/18, -65)
	expRate(m.ah, m.V, 0.07, -1.0/20, -65)
	expRate(m.bh, m.V, 1, -0.1, -35) // then bh = 1/(1 + that)
	vec.AddConst(1, m.bh)
	vec.Reciprocal(m.bh, m.bh)
	linRate(m.an, m.V, 0.01, -55, 10)
	expRate(m.bn, m.V, 0.125, -1.0/80, -65)
}

// relax moves x towards target by the factor decay: x = target + (x − target)·decay.
func relax(x, target, decay []float64) {
	vec.Sub(x, target)
	vec.Mul(x, decay)
	vec.Add(x, target)
}

// gate advances one gate by h ms: x∞ = α/(α + β), τ = 1/(α + β).
func (m *HH) gate(x, a, b []float64, h float64) {
	vec.AddTo(m.decay, a, b)
	vec.DivTo(m.target, a, m.decay)
	vec.Scale(-h, m.decay)
	vec.Exp(m.decay, m.decay)
	relax(x, m.target, m.decay)
}

func (m *HH) Step(I []float64, fired []int) []int {
	h := snn.DefaultDT / float64(m.Sub)
	for s := 0; s < m.Sub; s++ {
		vec.Copy(m.prev, m.V)
		m.rates() // from the old v
		// Conductances from the old gates: gna = gNa m³h, gk = gK n⁴.
		vec.MulTo(m.gna, m.M, m.M)
		vec.Mul(m.gna, m.M)
		vec.Mul(m.gna, m.H)
		vec.Scale(m.GNa, m.gna)
		vec.MulTo(m.gk, m.N, m.N)
		vec.Mul(m.gk, m.gk)
		vec.Scale(m.GK, m.gk)
		// v relaxes towards (gna·ENa + gk·EK + gL·EL + Gain·I)/g with the
		// total conductance g, at the rate g/C.
		vec.AddTo(m.decay, m.gna, m.gk)
		vec.AddConst(m.GL, m.decay) // g
		vec.ScaleTo(m.target, m.ENa, m.gna)
		vec.AddScaled(m.target, m.EK, m.gk)
		vec.AddConst(m.GL*m.EL, m.target)
		vec.AddScaled(m.target, m.Gain, I)
		vec.Div(m.target, m.decay)
		vec.Scale(-h/m.C, m.decay)
		vec.Exp(m.decay, m.decay)
		relax(m.V, m.target, m.decay)
		// The gates, from the rates at the old v.
		m.gate(m.M, m.am, m.bm, h)
		m.gate(m.H, m.ah, m.bh, h)
		m.gate(m.N, m.an, m.bn, h)

		m.idx = vec.Crossings(m.prev, m.V, 0, m.idx[:0])
		vec.SetAt(m.spiked, m.idx, 1)
	}
	fired = vec.Threshold(m.spiked, 1, fired)
	vec.Fill(m.spiked, 0)
	return fired
}

func main() {
	ms, n := 300, 500
	var err error
	if len(os.Args) > 1 {
		ms, err = strconv.Atoi(os.Args[1])
	}
	if err == nil && len(os.Args) > 2 {
		n, err = strconv.Atoi(os.Args[2])
	}
	if err != nil || ms < 1 || n < 1 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: hodgkinhuxley [MS [N]]: milliseconds to simulate and Hodgkin–Huxley neurons, whole numbers ≥ 1")
		os.Exit(2)
	}
	// The model alone first: one neuron under a constant 10 µA/cm², from
	// rest. Brian2 integrating the same equations with exponential_euler
	// at the same 0.05 ms step fires 33 times from 500 to 1000 ms: 66 Hz
	// (scripting/testdata/hh_brian2.py).
	single := NewHH(1)
	var fired []int
	count := 0
	for t := 0; t < 1000; t++ {
		fired = single.Step([]float64{10}, fired[:0])
		if t >= 500 {
			count += len(fired)
		}
	}
	fmt.Printf("one neuron at 10 µA/cm²: %d Hz\n", 2*count)

	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 400, Ni: 100, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 1})
	hh := NewHH(n)
	cfg.Populations = append(cfg.Populations, snn.PopulationConfig{
		Name: "hodgkin-huxley", Size: n, Model: hh, Variables: hh, Weight: 0.1,
		Stimuli: []snn.Stimulus{&snn.Noise{Std: 3}}})
	net, err := snn.New(cfg)
	check(err)
	// Trace the first Hodgkin–Huxley neuron: v, and its gates m, h and n,
	// which the model declares (its methods Variables and Variable, given
	// as PopulationConfig.Variables since the interpreter does not show
	// them through the Model interface).
	res, err := net.Run(context.Background(), ms, &snn.RunOptions{Trace: []int{500}, Record: []string{"m", "h", "n"}})
	check(err)
	// Each neuron's spike count, then each population's total and rate.
	seconds := res.Duration() / 1000
	rate := make([]float64, res.N)
	for _, s := range res.Spikes {
		rate[s.Neuron]++
	}
	for _, p := range res.Populations {
		spikes := vec.Sum(rate[p.Start : p.Start+p.Size])
		fmt.Printf("%-15s %4d neurons %6.0f spikes %7.2f Hz\n", p.Name, p.Size, spikes, spikes/float64(p.Size)/seconds)
	}
	most := vec.Max(rate)
	vec.Scale(1/seconds, rate) // counts → Hz
	v500 := res.Traces.Of(res.Traces.V, 0)
	fmt.Printf("Hodgkin–Huxley neuron 500: v from %.2f to %.2f mV\n", vec.Min(v500), vec.Max(v500))

	// Figures: the raster, and v of the traced neuron above its gates.
	// Sample k is taken at the end of step k: (k + 1) ms.
	raster, err := plots.NewRaster(res)
	check(err)
	raster.ColorPopulations = true
	check(raster.Save(snn.OutPath("raster.png")))
	t := make([]float64, len(v500))
	for k := range t {
		t[k] = float64(k+1) * snn.DefaultDT
	}
	v := plots.NewLines("", "time (ms)", "v (mV)")
	check(v.Add("v", t, v500))
	gate := plots.NewLines("", "time (ms)", "open fraction")
	for k, name := range []string{"m", "h", "n"} {
		x, err := res.Traces.Variable(name)
		check(err)
		check(gate.Add(name, t, x))
		gate.Series[k].Color = []color.Color{plots.Red, plots.Blue, plots.Green}[k]
	}
	g, err := plots.NewGrid(2, 1, plots.Panel{Title: "Hodgkin–Huxley neuron 500: membrane potential", Figure: v},
		plots.Panel{Title: "Its gates: m, h (sodium) and n (potassium)", Figure: gate})
	check(err)
	check(g.Save(snn.OutPath("traces.png")))

	// The distribution of the neurons' rates in each population.
	var hist *plots.Histogram
	for k, p := range res.Populations {
		r := rate[p.Start : p.Start+p.Size]
		if k == 0 {
			hist, err = plots.NewHistogram("Firing rates", "rate (Hz)", r, 0)
			check(err)
			hist.Samples[0].Label = p.Name
		} else {
			check(hist.Add(p.Name, r))
		}
	}
	// Rates are whole spike counts over the run: one bin per count, its
	// edges halfway between counts, so that no bin is empty by aliasing.
	hist.Bins = int(most) + 1
	hist.Min, hist.Max = -0.5/seconds, (most+0.5)/seconds
	hist.Density = true
	check(hist.Save(snn.OutPath("rates.png")))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
