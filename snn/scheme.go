package snn

import (
	"fmt"
	"math"
	"strings"
)

// A Scheme is a numerical method by which built-in [Izhikevich] neurons
// advance one step of dt ms:
//
//	v' = 0.04v² + 5v + 140 − u + I,  u' = a(bv − u),
//	v ≥ 30 mV (v > 30 mV for ImplicitEuler): v ← c, u ← u + d.
//
// Every scheme checks the threshold once, at the end of the step, so a
// spike time is known to within one step, and all of them converge to the
// same spike times as dt shrinks, at first order (TestSchemesConverge).
// A network's scheme is [Config].Scheme; models of one's own integrate
// themselves and ignore it.
type Scheme int

const (
	// TutorialScheme, the zero value, is the tutorial's (and Izhikevich
	// 2003's): two forward-Euler half steps of dt/2 for v, then one step of
	// dt for u with the new v. At dt = 1 ms it is the NumPy tutorial's
	// update bit for bit, and the one the fast kernels implement.
	TutorialScheme Scheme = iota
	// ForwardEuler advances v and u by one step of dt from the state at the
	// start of the step. It is coarse at large steps: the tutorial's network
	// fires at 9.4 Hz with it at 1 ms, 8.5 Hz at 0.5 ms and below.
	ForwardEuler
	// RK4 is the classical fourth-order Runge–Kutta method on (v, u), with
	// I held for the step. Between spikes it is fourth order; the threshold
	// check at the step's end makes spike times first order. At large dt
	// its stages overshoot wildly near a spike (v' grows as v²): use dt ≤
	// 0.1 ms (the tutorial's network: 7.3 Hz at 1 ms, 8.5 Hz at 0.5 ms).
	RK4
	// ImplicitEuler is NEURON's fixed-step method (secondorder = 0) as it
	// runs PyNN's Izhikevich cell (pyNN/neuron/nmodl/izhikevich.mod): v by
	// implicit Euler with the current linearised around the present v,
	// using NEURON's numerical derivative with a 0.001 mV difference; then
	// u by implicit Euler (derivimplicit) with the new v; a spike when v >
	// 30 mV, then v ← c, u ← u + d. A spike's synaptic input is applied as
	// a jump v ← v + w at the start of the next step, as izhikevich.mod's
	// NET_RECEIVE does, not spread over the step as a current; a jump that
	// reaches a neuron at the end of its own spike step is lost, as in
	// NEURON, whose reset follows it. Like NEURON, it needs small steps: the
	// linearised update divides by 1 − dt·f'(v), f'(v) = 0.08v + 5, which
	// changes sign below the threshold when dt > 1/f'(30 mV) ≈ 0.135 ms, and
	// v then moves the wrong way (the tutorial's network fires at 1.2 Hz at
	// 1 ms, 4.9 Hz at 0.25 ms, 8.6 Hz at 0.1 ms). See [implicitEuler] for
	// what differs from NEURON.
	ImplicitEuler
)

var schemeNames = [...]string{"tutorial", "euler", "rk4", "neuron"}

// String returns the scheme's name: tutorial, euler, rk4 or neuron.
func (s Scheme) String() string {
	if s < 0 || int(s) >= len(schemeNames) {
		return fmt.Sprintf("Scheme(%d)", int(s))
	}
	return schemeNames[s]
}

// SchemeNames returns the names of the schemes, in the order of their
// constants, as String writes them and ParseScheme reads them.
func SchemeNames() []string { return append([]string(nil), schemeNames[:]...) }

// ParseScheme returns the scheme named tutorial, euler, rk4 or neuron (as
// String writes them), ignoring case; "implicit-euler" is another name for
// neuron.
func ParseScheme(name string) (Scheme, error) {
	name = strings.TrimSpace(name)
	for k, n := range schemeNames {
		if strings.EqualFold(n, name) {
			return Scheme(k), nil
		}
	}
	if strings.EqualFold(name, "implicit-euler") {
		return ImplicitEuler, nil
	}
	return TutorialScheme, fmt.Errorf("unknown integration scheme %q: the schemes are %s", name, strings.Join(schemeNames[:], ", "))
}

// valid reports whether s is one of the constants.
func (s Scheme) valid() bool { return s >= 0 && int(s) < len(schemeNames) }

// A TimeStepper is told the length of the network's step before a run: a
// [Model] or a [Stimulus] that implements it can run at any step. [New]
// calls SetTimeStep(dt) once, with dt in ms, on every model and stimulus
// that implements it (also at the default 1 ms), and refuses a network
// whose step is not 1 ms when a model of its own does not implement it. An
// error (e.g. a step the model cannot take) makes New fail with it.
type TimeStepper interface {
	SetTimeStep(dt float64) error
}

// checkDT returns the step that dt stands for: dt, or DefaultDT for 0.
func checkDT(dt float64) (float64, error) {
	if dt == 0 {
		return DefaultDT, nil
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return 0, fmt.Errorf("time step %g ms: must be a finite number > 0 (0 means the default, %g ms)", dt, DefaultDT)
	}
	return dt, nil
}

// wholeSteps returns ms/dt when it is a whole number of steps (to a
// relative 1e-9, so that 0.3 ms is 3 steps of 0.1 ms), and false
// otherwise.
func wholeSteps(ms, dt float64) (int, bool) {
	x := ms / dt
	r := math.Round(x)
	if math.Abs(x-r) > 1e-9*max(1, math.Abs(r)) || math.Abs(r) > math.MaxInt32 {
		return 0, false
	}
	return int(r), true
}

// halfSteps is TutorialScheme at any step dt: [izhikevich] with the half
// steps of dt/2 and the step of u of dt. At dt = 1 it is izhikevich bit for
// bit (multiplying by 1 is exact; TestHalfStepsIsTutorialAtOneMs).
func halfSteps(v, u, a, b, c, d, I, dt float64) (float64, float64, bool) {
	h := 0.5 * dt
	v += float64(h * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	v += float64(h * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	u += float64(dt * float64(a*(float64(b*v)-u)))
	if v >= Threshold {
		return c, u + d, true
	}
	return v, u, false
}

// dvdt and dudt are the right-hand sides of the model.
func dvdt(v, u, I float64) float64    { return 0.04*v*v + 5*v + 140 - u + I }
func dudt(v, u, a, b float64) float64 { return a * (b*v - u) }

// euler is ForwardEuler: both derivatives at the start of the step.
func euler(v, u, a, b, c, d, I, dt float64) (float64, float64, bool) {
	v, u = v+dt*dvdt(v, u, I), u+dt*dudt(v, u, a, b)
	if v >= Threshold {
		return c, u + d, true
	}
	return v, u, false
}

// rk4 is RK4: the classical Runge–Kutta stages on (v, u) with I constant.
func rk4(v, u, a, b, c, d, I, dt float64) (float64, float64, bool) {
	k1v, k1u := dvdt(v, u, I), dudt(v, u, a, b)
	v2, u2 := v+dt/2*k1v, u+dt/2*k1u
	k2v, k2u := dvdt(v2, u2, I), dudt(v2, u2, a, b)
	v3, u3 := v+dt/2*k2v, u+dt/2*k2u
	k3v, k3u := dvdt(v3, u3, I), dudt(v3, u3, a, b)
	v4, u4 := v+dt*k3v, u+dt*k3u
	k4v, k4u := dvdt(v4, u4, I), dudt(v4, u4, a, b)
	v += dt / 6 * (k1v + 2*k2v + 2*k3v + k4v)
	u += dt / 6 * (k1u + 2*k2u + 2*k3u + k4u)
	if v >= Threshold {
		return c, u + d, true
	}
	return v, u, false
}

// implicitEuler is ImplicitEuler, NEURON's fixed step for izhikevich.mod,
// under the stimulus current I (the synaptic jump was applied to v before
// the step). NEURON solves C·Δv/dt = −i(v) + I·C with the current i
// linearised around v, g = di/dv taken as (i(v+0.001) − i(v))/0.001, which
// for i = −C·f(v) is
//
//	v ← v + dt·(f(v) + I) / (1 − dt·(f(v+0.001) − f(v))/0.001),
//
// then (nrn_state, after v) integrates u' = a(bv − u) by derivimplicit,
// u ← (u + dt·a·b·v)/(1 + dt·a), and the WATCH (v > vthresh) resets v ← c,
// u ← u + d. What is not identical: NEURON scales the currents by the
// segment's area and capacitance (1e2/area, cm) and solves u by a Newton
// iteration, so its numbers differ in the last bits; it detects the
// threshold at the start of the next step and records the spike at that
// time, (T+1)·dt, where gosnn records step T; and with PyNN's minimum
// delay of one step its spikes reach their targets one step later than
// gosnn's, which delivers them in the next step.
func implicitEuler(v, u, a, b, c, d, I, dt float64) (float64, float64, bool) {
	// The float64 conversions keep each product rounded on its own, so that
	// the reference in testdata/neuron_scheme.py gives the same bits.
	f := float64(float64(float64(0.04*v)*v)+float64(5*v)) + 140 - u
	w := v + 0.001
	g := (float64(float64(float64(0.04*w)*w)+float64(5*w)) + 140 - u - f) / 0.001
	v += float64(dt*(f+I)) / (1 - float64(dt*g))
	u = (u + float64(float64(float64(dt*a)*b)*v)) / (1 + float64(dt*a))
	if v > Threshold {
		return c, u + d, true
	}
	return v, u, false
}

// schemeStep returns the function of scheme s.
func schemeStep(s Scheme) func(v, u, a, b, c, d, I, dt float64) (float64, float64, bool) {
	switch s {
	case ForwardEuler:
		return euler
	case RK4:
		return rk4
	case ImplicitEuler:
		return implicitEuler
	}
	return halfSteps
}
