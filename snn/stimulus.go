package snn

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/rng"
)

// A Stimulus injects current into neurons. Each step the simulator sets the
// input vector to zero and calls every stimulus in order; a stimulus adds
// its current to I.
//
// Time and units: t is the index of the step about to be computed (0 for
// the network's first step, counting on across runs; see
// [Network.Time]), and Stimulate is called before the neurons are
// updated, so the current it adds acts during the step, from t·dt to
// (t+1)·dt ms, dt the network's step ([Config].DT, 1 ms by default, when t
// is also the start time in ms). A stimulus that needs dt implements
// [TimeStepper]: [New] tells it the step. Currents are in the tutorial's
// current units: those of the input I in v' = 0.04v² + 5v + 140 − u + I,
// in which an input of 1 moves a neuron's v by about 1 mV per ms (think of
// the pA of Izhikevich's papers scaled by the membrane's capacitance), so
// a current means the same at any dt.
//
// A stimulus attached to a population sees that population's part of the
// input vector (I[0] is the population's first neuron); one attached to the
// network sees the whole vector. r is the network's generator: a
// stimulus that draws random numbers from it keeps the run reproducible.
type Stimulus interface {
	Stimulate(t int, I []float64, r rng.Generator)
}

// StimulusFunc adapts a function to the Stimulus interface. Its t is the
// network's step index, as for any [Stimulus]: the step covers t·dt to
// (t+1)·dt ms, with dt the step the network was built with ([Config].DT;
// at the default 1 ms, t is the time in ms).
type StimulusFunc func(t int, I []float64, r rng.Generator)

// Stimulate calls f(t, I, r).
func (f StimulusFunc) Stimulate(t int, I []float64, r rng.Generator) { f(t, I, r) }

// Noise is the tutorial's Gaussian noise: every 1 ms each neuron receives
// a fresh, independent current Std·N(0, 1) (Std in current units), held for
// that whole millisecond. At the default step of 1 ms that is one draw per
// neuron and step, exactly the tutorial's numbers in its order; at a step
// dt of 1/k ms the draws of step t (t a multiple of k) are held for the k
// steps of their millisecond, so the input, and its dt → 0 limit, is the
// same at any step (PyNN's NoisyCurrentSource with dt = 1 ms). A network
// whose step does not divide 1 ms refuses Noise. The tutorial gives
// excitatory neurons Std 5 and inhibitory ones Std 2.
//
// A Noise holds the values of its millisecond, so at a step other than
// 1 ms each population needs its own *Noise.
type Noise struct {
	Std float64

	buf  []float64
	hold int       // steps per ms; 0 means 1
	held []float64 // Std·N(0, 1) of the present millisecond, when hold > 1
}

// SetTimeStep sets the step of the network the noise acts in, dt ms,
// which must divide 1 ms (e.g. 1, 0.5, 0.1, 0.025).
func (n *Noise) SetTimeStep(dt float64) error {
	k, ok := wholeSteps(1, dt)
	if !ok || k < 1 {
		return fmt.Errorf("noise draws one value per 1 ms and holds it for the millisecond's steps: the step %g ms must divide 1 ms (e.g. 1, 0.5, 0.1, 0.05, 0.025)", dt)
	}
	n.hold, n.held = k, nil
	return nil
}

// Stimulate adds Std·N(0, 1) to each entry of I, drawing len(I) normal
// numbers from r in order: at every step at the default 1 ms, otherwise
// at the first step of each millisecond, whose numbers it adds again in
// the millisecond's later steps.
func (n *Noise) Stimulate(t int, I []float64, r rng.Generator) {
	if n.hold > 1 {
		if t%n.hold == 0 || len(n.held) != len(I) {
			n.held = append(n.held[:0], make([]float64, len(I))...)
			n.draw(n.held, r)
		}
		for i, x := range n.held {
			I[i] += x
		}
		return
	}
	n.draw(I, r)
}

// draw adds Std·N(0, 1) to each entry of I.
func (n *Noise) draw(I []float64, r rng.Generator) {
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
// step, at any step length.
type Constant struct {
	Current float64
}

// Stimulate adds c.Current to each entry of I.
func (c Constant) Stimulate(t int, I []float64, r rng.Generator) {
	for i := range I {
		I[i] += c.Current
	}
}

// Pulse adds Current (current units) to every neuron from Start ms up to,
// not including, End ms; End 0 means until the end of the run. It is a
// step current when End is 0 and a single pulse otherwise. With Period > 0
// the pulse repeats: it is on while (t−Start) mod Period < Width. The
// times are in ms of the network's time and must be whole steps of the
// network (any whole number at the default 1 ms): the pulse is on in the
// steps that start at or after Start and before End.
type Pulse struct {
	Current    float64
	Start, End float64 // ms
	Period     float64 // repeat period in ms; 0: no repetition
	Width      float64 // on-time per period in ms (with Period)

	dt float64 // the network's step in ms; 0 means DefaultDT
}

// SetTimeStep sets the step of the network, dt ms, of which Start, End,
// Period and Width must be whole multiples.
func (p *Pulse) SetTimeStep(dt float64) error {
	for _, x := range []struct {
		name string
		ms   float64
	}{{"start", p.Start}, {"end", p.End}, {"period", p.Period}, {"width", p.Width}} {
		if _, ok := wholeSteps(x.ms, dt); !ok {
			return fmt.Errorf("pulse %s %g ms: must be a whole number of steps of %g ms", x.name, x.ms, dt)
		}
	}
	p.dt = dt
	return nil
}

// steps returns the pulse's times in steps.
func (p Pulse) steps() (start, end, period, width int) {
	dt := p.dt
	if dt == 0 {
		dt = DefaultDT
	}
	s := func(ms float64) int { return int(math.Round(ms / dt)) }
	return s(p.Start), s(p.End), s(p.Period), s(p.Width)
}

// Stimulate adds the pulse's current at step t.
func (p Pulse) Stimulate(t int, I []float64, r rng.Generator) {
	start, end, period, width := p.steps()
	if t < start || (end > 0 && t >= end) {
		return
	}
	if period > 0 && (t-start)%period >= width {
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
	case *Pulse:
		if s == nil {
			return fmt.Errorf("nil pulse")
		}
		return validateStimulus(*s)
	case Pulse:
		if !finite(s.Current) || !finite(s.Start) || !finite(s.End) || !finite(s.Period) || !finite(s.Width) {
			return fmt.Errorf("pulse %+v: every field must be a finite number", s)
		}
		if s.Start < 0 || (s.End != 0 && s.End <= s.Start) {
			return fmt.Errorf("pulse from %g to %g ms: need 0 ≤ Start < End (or End = 0 for no end)", s.Start, s.End)
		}
		if s.Period < 0 || (s.Period > 0 && (s.Width <= 0 || s.Width > s.Period)) {
			return fmt.Errorf("pulse period %g ms, width %g ms: need 0 < Width ≤ Period, or Period = 0", s.Period, s.Width)
		}
	}
	return nil
}

func (n *Noise) holdSteps() int { return n.hold }
