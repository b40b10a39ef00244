package snn

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// DefaultDT is the default length of one simulation step in ms, the
// tutorial's: a network's step is [Config].DT, or DefaultDT when that is
// 0. Inside the package time is counted in steps, so step t of a network
// with step dt starts at t·dt ms.
const DefaultDT = 1.0

// DT is the tutorial's step of 1 ms.
//
// Deprecated: the step is a setting of each network ([Config].DT); use
// [Network.TimeStep] or [Result.TimeStep] for the step of a network or a
// run, and DefaultDT for the default.
const DT = DefaultDT

// Threshold is the peak potential (mV): a neuron whose v reaches it fires.
const Threshold = 30.0

// A Model is the dynamics of one population: it advances all of its
// neurons by one time step at a time. The simulator calls Step once per
// population per step, never once per neuron, so a model written in an
// interpreted script costs one call per step.
type Model interface {
	// Len returns the number of neurons.
	Len() int
	// Step advances every neuron by one step of the network (1 ms unless
	// the model implements [TimeStepper] and was told another step) under
	// the input current I (one entry per neuron), appends the indices of
	// the neurons that fired, in increasing order, to fired and returns it.
	Step(I []float64, fired []int) []int
	// State returns the neurons' membrane potential v and recovery
	// variable u, which the simulator records. A model without a second
	// variable returns nil for u. The simulator only reads them.
	State() (v, u []float64)
}

// StateVariables is implemented by a [Model] that names its state
// variables, so that a run can record any of them ([RunOptions].Record):
// a Hodgkin–Huxley model's gates m, h and n, an adaptation current. The
// simulator only reads the slices, between steps. (A model written in an
// interpreted script must also be given as [PopulationConfig].Variables.)
type StateVariables interface {
	// Variables returns the names of the variables, e.g. v, m, h, n.
	Variables() []string
	// Variable returns the present values of the named variable, one per
	// neuron, or nil when the model has no variable of that name.
	Variable(name string) []float64
}

// Izhikevich is a population of Izhikevich neurons, each with its own
// parameters. Index i of every slice belongs to neuron i.
//
// The neurons advance by steps of 1 ms with the tutorial's scheme unless
// told otherwise: [New] sets a network's step and scheme ([Config].DT,
// [Config].Scheme) with SetTimeStep and SetScheme.
type Izhikevich struct {
	A, B, C, D []float64 // parameters
	V, U       []float64 // state: membrane potential (mV) and recovery

	dt     float64 // step in ms; 0 means DefaultDT
	scheme Scheme
}

// SetTimeStep makes every later Step advance the neurons by dt ms (see
// [TimeStepper]); dt must be a finite number > 0.
func (z *Izhikevich) SetTimeStep(dt float64) error {
	dt, err := checkDT(dt)
	if err != nil {
		return err
	}
	z.dt = dt
	return nil
}

// TimeStep returns the step of the neurons in ms.
func (z *Izhikevich) TimeStep() float64 {
	if z.dt == 0 {
		return DefaultDT
	}
	return z.dt
}

// SetScheme makes every later Step use the integration scheme s.
func (z *Izhikevich) SetScheme(s Scheme) error {
	if !s.valid() {
		return fmt.Errorf("integration scheme %d: the schemes are %v", int(s), schemeNames)
	}
	z.scheme = s
	return nil
}

// Scheme returns the neurons' integration scheme.
func (z *Izhikevich) Scheme() Scheme { return z.scheme }

// exact reports whether the neurons step by the tutorial's 1 ms update,
// [izhikevich], which the vector kernel implements.
func (z *Izhikevich) exact() bool {
	return z.scheme == TutorialScheme && (z.dt == 0 || z.dt == DefaultDT)
}

// NewIzhikevich returns n identical neurons with parameters p, at rest in
// the tutorial's initial state: v = −65 mV and u = b·v.
func NewIzhikevich(n int, p Params) *Izhikevich {
	z := &Izhikevich{
		A: make([]float64, n), B: make([]float64, n),
		C: make([]float64, n), D: make([]float64, n),
		V: make([]float64, n), U: make([]float64, n),
	}
	for i := range n {
		z.Set(i, p)
	}
	z.Reset()
	return z
}

// Set gives neuron i the parameters p.
func (z *Izhikevich) Set(i int, p Params) {
	z.A[i], z.B[i], z.C[i], z.D[i] = p.A, p.B, p.C, p.D
}

// Params returns the parameters of neuron i.
func (z *Izhikevich) Params(i int) Params {
	return Params{z.A[i], z.B[i], z.C[i], z.D[i]}
}

// Reset puts every neuron in the initial state v = −65 mV, u = b·v.
func (z *Izhikevich) Reset() {
	for i := range z.V {
		z.V[i] = -65
		z.U[i] = z.B[i] * z.V[i]
	}
}

// Len returns the number of neurons.
func (z *Izhikevich) Len() int { return len(z.V) }

// State returns v and u.
func (z *Izhikevich) State() (v, u []float64) { return z.V, z.U }

// Variables returns the names of the state variables: v and u.
func (z *Izhikevich) Variables() []string { return []string{"v", "u"} }

// Variable returns V for "v", U for "u", and nil for any other name.
func (z *Izhikevich) Variable(name string) []float64 {
	switch name {
	case "v":
		return z.V
	case "u":
		return z.U
	}
	return nil
}

// Step advances every neuron by one step (1 ms, or the step SetTimeStep
// gave) under input current I and appends the indices of the neurons that
// fired to fired. Each neuron follows [izhikevich] at 1 ms with the
// tutorial's scheme, otherwise its scheme's function (scheme.go).
func (z *Izhikevich) Step(I []float64, fired []int) []int {
	fired, _ = z.stepRange(0, len(z.V), I, fired)
	return fired
}

// izhikevich advances one neuron with parameters a, b, c, d from state
// (v, u) by 1 ms under input current I and reports whether it fired.
//
// This is the tutorial's (and Izhikevich's 2003) update, written in the
// same order of floating-point operations as the NumPy code so that results
// agree bit for bit. The explicit float64 conversions stop a compiler from
// fusing a multiply and an add into one, differently rounded, instruction.
//
// Artefacts of the 1 ms scheme, kept for exactness: v' grows as v², so
// on the step of a spike the half-steps overshoot the 30 mV threshold,
// often to hundreds of mV (over a thousand for an RS neuron under I =
// 10), and u is then updated with that v before the reset: u jumps by
// d + a(b·v_peak − u), not by d (up to 70 % more than d for that RS
// neuron; TestSpikeStepOvershootRaisesU). Spike times are whole
// milliseconds, and the recorded v of a spike step is already c, so
// traces never show the peak. A smaller step ([Config].DT; the same
// scheme there is halfSteps) shrinks the overshoot and the jump of u with
// it: the tutorial's network then fires faster, its inhibitory neurons by
// about a quarter at 0.1 ms (TestNetworkRatesAcrossTimeSteps).
func izhikevich(v, u, a, b, c, d, I float64) (float64, float64, bool) {
	// v' = 0.04v² + 5v + 140 − u + I, in two half-steps of 0.5 ms for
	// numerical stability.
	v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	// u' = a(bv − u), one step of 1 ms using the new v.
	u += float64(a * (float64(b*v) - u))
	// Spike: at 30 mV, v is reset to c and u grows by d.
	if v >= Threshold {
		return c, u + d, true
	}
	return v, u, false
}

// stepRange is Step for the neurons lo ≤ i < hi only; calls for disjoint
// ranges may run concurrently. It also reports whether all their states
// are still finite numbers (x − x is 0 for a finite x and NaN otherwise).
//
// On CPUs with AVX2 a vector kernel (internal/kernel/kernel_amd64.s)
// advances four neurons at a time with the operations of [izhikevich], bit
// for bit; the loop below does the rest. Other steps and schemes use
// stepScheme.
func (z *Izhikevich) stepRange(lo, hi int, I []float64, fired []int) ([]int, bool) {
	if !z.exact() {
		return z.stepScheme(lo, hi, I, fired)
	}
	V, U, A, B, C, D := z.V[lo:hi], z.U[lo:hi], z.A[lo:hi], z.B[lo:hi], z.C[lo:hi], z.D[lo:hi]
	U, A, B, C, D = U[:len(V)], A[:len(V)], B[:len(V)], C[:len(V)], D[:len(V)]
	I = I[lo:hi]
	I = I[:len(V)]
	done, fired, finite := kernel.Izhikevich(V, U, A, B, C, D, I, lo, fired)
	check := 0.0
	for i := done; i < len(V); i++ {
		v, u, spiked := izhikevich(V[i], U[i], A[i], B[i], C[i], D[i], I[i])
		if spiked {
			fired = append(fired, lo+i)
		}
		V[i], U[i] = v, u
		check += (v - v) + (u - u)
	}
	return fired, finite && check == 0
}

// stepScheme is stepRange by the neurons' scheme and step, in Go.
func (z *Izhikevich) stepScheme(lo, hi int, I []float64, fired []int) ([]int, bool) {
	step, dt := schemeStep(z.scheme), z.TimeStep()
	check := 0.0
	for i := lo; i < hi; i++ {
		v, u, spiked := step(z.V[i], z.U[i], z.A[i], z.B[i], z.C[i], z.D[i], I[i], dt)
		if spiked {
			fired = append(fired, i)
		}
		z.V[i], z.U[i] = v, u
		check += (v - v) + (u - u)
	}
	return fired, check == 0
}

// Validate reports parameters that would make the simulation meaningless:
// a NaN or infinite parameter, or a reset potential at or above the
// threshold (the neuron would fire on every step).
func (z *Izhikevich) Validate() error {
	for i := range z.V {
		p := z.Params(i)
		for _, x := range []float64{p.A, p.B, p.C, p.D} {
			if !finite(x) {
				return fmt.Errorf("neuron %d: parameters %+v: every parameter must be a finite number", i, p)
			}
		}
		if p.C >= Threshold {
			return fmt.Errorf("neuron %d: reset potential c = %g mV must be below the %g mV threshold", i, p.C, Threshold)
		}
	}
	return nil
}
