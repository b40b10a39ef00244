package snn

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/rng"
)

// A Stimulus injects current into neurons. Each step the simulator sets the
// input vector to zero and calls every stimulus in order; a stimulus adds
// its current to I.
//
// Time and units: t is the index of the step about to be computed (0 for
// the network's first step, counting on across runs; see
// [Network.Time]), and Stimulate is called before the neurons are
// updated, so the current it adds acts during the step, from t·DT to
// (t+1)·DT ms; with DT = 1 ms, t is also the start time in ms. Currents
// are in the tutorial's current units: those of the input I in
// v' = 0.04v² + 5v + 140 − u + I, in which an input of 1 moves a neuron's
// v by about 1 mV per ms (think of the pA of Izhikevich's papers scaled
// by the membrane's capacitance).
//
// A stimulus attached to a population sees that population's part of the
// input vector (I[0] is the population's first neuron); one attached to the
// network sees the whole vector. r is the network's generator: a
// stimulus that draws random numbers from it keeps the run reproducible.
type Stimulus interface {
	Stimulate(t int, I []float64, r rng.Generator)
}

// StimulusFunc adapts a function to the Stimulus interface.
type StimulusFunc func(t int, I []float64, r rng.Generator)

// Stimulate calls f(t, I, r).
func (f StimulusFunc) Stimulate(t int, I []float64, r rng.Generator) { f(t, I, r) }

// Noise is Gaussian white noise: each step every neuron receives an
// independent current Std·N(0, 1) (Std in current units). The tutorial gives excitatory neurons
// Std 5 and inhibitory ones Std 2.
type Noise struct {
	Std float64

	buf []float64
}

// Stimulate adds Std·N(0, 1) to each entry of I, drawing len(I) normal
// numbers from r in order.
func (n *Noise) Stimulate(t int, I []float64, r rng.Generator) {
	if a, ok := r.(normalAdder); ok {
		a.AddNormal(I, n.Std)
		return
	}
	if cap(n.buf) < len(I) {
		n.buf = make([]float64, len(I))
	}
	buf := n.buf[:len(I)]
	r.Normal(buf)
	for i, x := range buf {
		I[i] += n.Std * x
	}
}

// A normalAdder draws normal numbers and adds them, scaled, to a vector
// in one pass, with the result of Normal followed by dst[i] += std·z[i].
// [rng.FastStreams] is one.
type normalAdder interface {
	AddNormal(dst []float64, std float64)
}

// Constant adds the same current (current units) to every neuron on every
// step.
type Constant struct {
	Current float64
}

// Stimulate adds c.Current to each entry of I.
func (c Constant) Stimulate(t int, I []float64, r rng.Generator) {
	for i := range I {
		I[i] += c.Current
	}
}

// Pulse adds Current (current units) to every neuron from step Start up
// to, not including, step End; End 0 means until the end of the run.
// Start, End, Period and Width count steps of the network (ms, at DT =
// 1 ms), as the t of Stimulate does. It is a step current
// when End is 0 and a single pulse otherwise. With Period > 0 the pulse
// repeats: it is on while (t−Start) mod Period < Width.
type Pulse struct {
	Current    float64
	Start, End int
	Period     int // repeat period in steps; 0: no repetition
	Width      int // on-time per period in steps (with Period)
}

// Stimulate adds the pulse's current at step t.
func (p Pulse) Stimulate(t int, I []float64, r rng.Generator) {
	if t < p.Start || (p.End > 0 && t >= p.End) {
		return
	}
	if p.Period > 0 && (t-p.Start)%p.Period >= p.Width {
		return
	}
	for i := range I {
		I[i] += p.Current
	}
}

// validateStimulus checks the built-in stimuli's fields.
func validateStimulus(s Stimulus) error {
	switch s := s.(type) {
	case nil:
		return fmt.Errorf("nil stimulus")
	case *Thalamic:
		return s.validate()
	case *Noise:
		if !finite(s.Std) || s.Std < 0 {
			return fmt.Errorf("noise: standard deviation %g: must be a finite number ≥ 0", s.Std)
		}
	case Constant:
		if !finite(s.Current) {
			return fmt.Errorf("constant current %g: must be a finite number", s.Current)
		}
	case Pulse:
		if !finite(s.Current) {
			return fmt.Errorf("pulse current %g: must be a finite number", s.Current)
		}
		if s.Start < 0 || (s.End != 0 && s.End <= s.Start) {
			return fmt.Errorf("pulse from step %d to %d: need 0 ≤ Start < End (or End = 0 for no end)", s.Start, s.End)
		}
		if s.Period < 0 || (s.Period > 0 && (s.Width <= 0 || s.Width > s.Period)) {
			return fmt.Errorf("pulse period %d, width %d: need 0 < Width ≤ Period, or Period = 0", s.Period, s.Width)
		}
	}
	return nil
}
