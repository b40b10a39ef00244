package snn

import (
	"fmt"
	"runtime"
	"slices"

	"github.com/gosnn/gosnn/snn/rng"
)

// Step advances the network by one time step of dt ms ([Config].DT, 1 ms
// by default). This is the whole schedule of a step, in order, as
// referenceStep writes it:
//
//  1. Input: I is set to zero, then each population's stimuli add their
//     current, population by population, then the network's stimuli. (The
//     tutorial's only stimulus is Gaussian noise, drawn for the excitatory
//     neurons first.)
//  2. Synaptic input: every neuron i receives I[i] += Σⱼ S[i, j] over the
//     neurons j that fired in the previous step.
//  3. Dynamics: each population's model advances its neurons (for
//     Izhikevich neurons: two half-steps of v, one step of u, then v ≥ 30
//     mV fires and resets v ← c, u ← u + d).
//  4. The neurons that fired are remembered for step 2 of the next step.
//  5. With [Plasticity] or [Monitor]s (plasticity.go): the plasticity's
//     Stepped hook, then the monitors. The plasticity also sees, at the
//     start of step 2, each neuron that fired in the previous step
//     (PostSpike), and with [DelayedSparse] synapses each spike that
//     arrives (PreSpike), after its weights joined the input.
//
// At a step dt other than 1 ms, or with a scheme other than the
// tutorial's, phase 1 fills the stimuli's part of I, phase 2 sums the
// weights delivered apart, and I becomes stimuli + weights/dt, so that a
// spike of weight w moves v by about w mV at any dt (mixInput); neurons of
// the ImplicitEuler scheme instead take the weights as a jump of v and
// only the stimuli as their current, as NEURON does. Spikes of step t are
// delivered in step t+1, a delay of one step, at any dt.
//
// Step returns an error, and leaves the network unusable, when a neuron's
// state stops being a finite number.
//
// Large networks use all cores for the synaptic input and the dynamics of
// built-in neurons (and, with the fast generator, for the noise); every
// neuron's input is summed in the same order whatever the number of
// cores, so the spikes are the same for any GOMAXPROCS.
func (net *Network) Step() error {
	return net.step(net.nextInput(nil))
}

// referenceStep is the schedule of [Network.Step] written plainly, phase by
// phase, on one goroutine; in is the input drawn ahead for this step, or
// nil. Every engine plan below does the same arithmetic in the same order
// and is tested against it bit for bit (TestPlansMatchReference). The
// tutorial's NumPy loop, phase by phase:
//
//	I = np.concatenate((5*randn(Ne), 2*randn(Ni)))  # 1. drawInput
//	I += np.sum(S[:, fired], axis=1)                # 2. net.syn.Deliver
//	v += 0.5*(0.04*v**2 + 5*v + 140 - u + I)        # 3. advance: each model's
//	v += 0.5*(0.04*v**2 + 5*v + 140 - u + I)        #    Step (izhikevich in
//	u += a*(b*v - u)                                #    model.go)
//	fired = np.where(v >= 30)[0]                    # 4. who fired, reset
//	v[fired], u[fired] = c[fired], u[fired] + d[fired]
func (net *Network) referenceStep(in []float64) error {
	if net.general {
		net.drawInput(in, net.stim)                                // 1. input
		clear(net.synIn)                                           //
		net.seeSpikes()                                            // 2. plasticity: post-spikes
		net.events += int64(net.syn.Deliver(net.fired, net.synIn)) // 2. synaptic input
		net.mixInput()                                             //
		net.fired = net.advance(net.fired[:0])                     // 3. dynamics, 4. who fired
		net.endStep()                                              // 5. plasticity, monitors
		net.t++
		return net.checkFinite()
	}
	I := net.current
	net.drawInput(in, I)                               // 1. input
	net.seeSpikes()                                    // 2. plasticity: post-spikes
	net.events += int64(net.syn.Deliver(net.fired, I)) // 2. synaptic input
	net.fired = net.advance(net.fired[:0])             // 3. dynamics, 4. who fired
	net.endStep()                                      // 5. plasticity, monitors
	net.t++
	return net.checkFinite()
}

// mixInput completes phase 2 at a general step (see Step): I = stim +
// synIn/dt, and the neurons of the ImplicitEuler scheme jump by synIn,
// except those that fired in the last step: NEURON delivers such a jump
// just before its WATCH sees v > 30 mV, and the reset then discards it.
func (net *Network) mixInput() {
	I, stim, syn, dt := net.current, net.stim, net.synIn, net.dt
	for i := range I {
		I[i] = stim[i] + syn[i]/dt
	}
	fired := net.fired // the last step's, in increasing order
	for k, p := range net.pops {
		if z := net.eng.izh[k]; z != nil && z.scheme == ImplicitEuler {
			syn := syn[p.Start : p.Start+p.Size]
			j, _ := slices.BinarySearch(fired, p.Start)
			for i, w := range syn {
				if j < len(fired) && fired[j] == p.Start+i {
					j++
					continue
				}
				z.V[i] += w
			}
		}
	}
}

// input returns the input vector of population k's model: I, or, at a
// general step for ImplicitEuler neurons, the stimuli alone (see Step).
func (net *Network) input(k int) []float64 {
	if z := net.eng.izh[k]; net.general && z != nil && z.scheme == ImplicitEuler {
		return net.stim
	}
	return net.current
}

// drawInput is phase 1: I becomes in when the input of this step was drawn
// ahead (in not nil), otherwise zero plus every stimulus's current.
func (net *Network) drawInput(in, I []float64) {
	if in != nil {
		copy(I, in)
		return
	}
	clear(I)
	net.stimulate(net.t, I)
}

// stimulate adds every stimulus's current for step t to I, in the order
// Step documents: population by population, then the network's.
func (net *Network) stimulate(t int, I []float64) {
	for _, p := range net.pops {
		for _, s := range p.stimuli {
			s.Stimulate(t, I[p.Start:p.Start+p.Size], net.rng)
		}
	}
	for _, s := range net.stimuli {
		s.Stimulate(t, I, net.rng)
	}
}

// advance is phases 3 and 4 on one goroutine: every population's model
// steps under its part of the input (net.input), and the network indices
// of the neurons that fired are appended to fired, in increasing order.
func (net *Network) advance(fired []int) []int {
	for k := range net.pops {
		fired = net.stepModel(&net.pops[k], net.input(k), fired)
	}
	return fired
}

// stepModel steps population p's model under its part of I and appends
// the network indices of the neurons that fired to fired.
func (net *Network) stepModel(p *population, I []float64, fired []int) []int {
	net.eng.local = p.model.Step(I[p.Start:p.Start+p.Size], net.eng.local[:0])
	for _, i := range net.eng.local {
		fired = append(fired, p.Start+i)
	}
	return fired
}

// checkFinite reports the first neuron whose state is NaN or infinite.
func (net *Network) checkFinite() error {
	for _, p := range net.pops {
		v, u := p.model.State()
		for i, x := range v {
			if !finite(x) || (u != nil && !finite(u[i])) {
				var ux float64
				if u != nil {
					ux = u[i]
				}
				return fmt.Errorf("step %d (t = %g ms): neuron %d (population %q, index %d) has v = %g, u = %g with input I = %g: the state is no longer a finite number; lower the weights or input currents%s",
					net.t-1, float64(net.t-1)*net.dt, p.Start+i, p.Name, i, x, ux, net.current[p.Start+i], net.schemeHint())
			}
		}
	}
	return nil
}

// schemeHint suggests a smaller step when a scheme that needs one lost its
// neurons to infinity.
func (net *Network) schemeHint() string {
	if (net.scheme == ForwardEuler || net.scheme == RK4) && net.dt > 0.1 {
		return fmt.Sprintf(", or the step (%g ms with scheme %v; try 0.1 ms or less)", net.dt, net.scheme)
	}
	return ""
}

// A plan is how the engine does a step. The plan is chosen once, when the
// network is built (choosePlan), from what cannot change afterwards: the
// synapses' type, the populations' models, the stimuli and the generator.
// Every plan gives the spikes, states and inputs of referenceStep bit for
// bit; they differ in speed only.
//
//	plan        chosen for                          a step
//	reference   tests, and networks with            referenceStep, on one goroutine
//	            Plasticity or Monitors
//	phases      a model of one's own, synapses      the phases in order; delivery by
//	            that do not deliver by blocks, or   blocks and built-in populations
//	            a step other than 1 ms or another   by ranges, on all cores when
//	            scheme than the tutorial's          large (stepPhases)
//	blocks      Dense or Sparse synapses, and only  phases 2–4 block by block: a
//	            built-in Izhikevich neurons         goroutine delivers a block and
//	                                                at once advances its neurons
//	                                                (deliverAndStep)
//	fusedNoise  blocks, the fast generator, and     blocks, each drawing its own
//	            one Noise per population only       noise first (noise_fused.go)
//
// Within blocks and fusedNoise, a step of Sparse synapses large enough to
// go parallel shares its blocks (sumAndStep): they form their sums apart
// from the input, and a goroutine out of blocks draws the others' noise.
//
// Two more choices are made when a run starts, as they depend on the
// number of cores: drawing the noise ahead on another goroutine
// (noise_ahead.go; stimuli that are all Noise, at least two cores, not for
// fusedNoise networks at or above minNeurons), and a team of waiting
// helpers between the steps' parallel phases (parallel_team.go;
// fusedNoise networks at or above minNeurons without noise ahead).
type plan int

const (
	planReference plan = iota
	planPhases
	planBlocks
	planFusedNoise
)

var planNames = [...]string{"reference", "phases", "blocks", "fusedNoise"}

func (p plan) String() string { return planNames[p] }

// engine holds the plan of a network's steps, its tuning and its scratch
// space; nothing in it is part of the network's state, except pending.
type engine struct {
	plan plan
	bd   blockDeliverer   // the synapses, when they deliver by blocks
	bs   blockSummer      // the synapses, when they also sum apart from I
	izh  []*Izhikevich    // per population: its built-in neurons, or nil
	fast *rng.FastStreams // the generator, when it is the fast one

	tuning

	// pending are stimulus inputs drawn ahead by a run but not used; the
	// next steps use them, so the generator's sequence is unchanged.
	pending [][]float64

	// Scratch space of the plans.
	local     []int
	parts     [][]int // per-goroutine or per-block fired lists of a parallel step
	oks       []bool
	counts    []int      // synaptic events per delivery block
	noisePlan fusedNoise // the keys of one step's fused noise
	shared    sharedStep // the state of a step of sumAndStep
	team      *team      // helpers kept waiting during a run, or nil
	teamed    teamStats  // what the teams of the network's runs did
	beside    func()     // work for the caller during the next step's parallel phase (see Run)
}

// tuning changes an engine's speed, never its results. Below minEvents
// and minNeurons a phase of a step runs on one goroutine: starting
// goroutines would cost more than it saves; tests lower them to exercise
// the parallel paths on small networks. procs, when above 0, replaces
// GOMAXPROCS as the number of goroutines a phase may use. Zero fields
// mean the defaults.
type tuning struct {
	minEvents  int // synaptic events in one step
	minNeurons int // neurons of one population
	procs      int
	wait       waitPolicy // how goroutines wait for each other (parallel_team.go)
}

// Default tuning of an engine.
const (
	defaultMinEvents  = 1 << 15
	defaultMinNeurons = 1 << 13
)

// workers returns how many goroutines a parallel phase may use.
func (e *engine) workers() int {
	if e.procs > 0 {
		return e.procs
	}
	return max(1, runtime.GOMAXPROCS(0))
}

// choosePlan sets the engine's plan for net (see plan).
func (net *Network) choosePlan() {
	e := &net.eng
	if e.minEvents == 0 {
		e.minEvents = defaultMinEvents
	}
	if e.minNeurons == 0 {
		e.minNeurons = defaultMinNeurons
	}
	e.bd, _ = net.syn.(blockDeliverer)
	e.bs, _ = net.syn.(blockSummer)
	e.fast, _ = net.rng.(*rng.FastStreams)
	e.izh = make([]*Izhikevich, len(net.pops))
	allIzh := true
	for k, p := range net.pops {
		z, ok := p.model.(*Izhikevich)
		e.izh[k], allIzh = z, allIzh && ok
	}
	switch {
	case net.observed(): // only referenceStep calls the hooks
		e.plan = planReference
	case e.bd == nil || !allIzh || net.general:
		e.plan = planPhases
	case net.fusesNoise():
		e.plan = planFusedNoise
	default:
		e.plan = planBlocks
	}
}

// fusesNoise reports whether the network's noise can be drawn in the
// delivery phase: the fast generator and every stimulus a population's
// single Gaussian noise.
func (net *Network) fusesNoise() bool {
	if net.eng.fast == nil || len(net.stimuli) > 0 || !net.noiseOnly() {
		return false
	}
	for _, p := range net.pops {
		if len(p.stimuli) > 1 {
			return false
		}
	}
	return true
}

// step is Step by the engine's plan, with the stimulus input of this step
// already drawn (in, when not nil; see noise_ahead.go).
func (net *Network) step(in []float64) error {
	I := net.current
	switch net.eng.plan {
	case planReference:
		return net.referenceStep(in)
	case planPhases:
		return net.stepPhases(in)
	}
	var noise *fusedNoise
	if in == nil && net.eng.plan == planFusedNoise {
		noise = net.planNoise() // drawn by deliverAndStep, block by block
	} else {
		net.drawInput(in, I)
	}
	ok := net.deliverAndStep(I, noise)
	net.t++
	if ok {
		return nil
	}
	return net.checkFinite()
}

// stepPhases is the phases plan: referenceStep with delivery and built-in
// neurons on all cores when large.
func (net *Network) stepPhases(in []float64) error {
	I := net.current
	if net.general {
		net.drawInput(in, net.stim)
		clear(net.synIn)
		net.events += int64(net.deliver(net.synIn))
		net.mixInput()
	} else {
		net.drawInput(in, I)
		net.events += int64(net.deliver(I))
	}
	net.fired = net.fired[:0]
	ok := true
	for k := range net.pops {
		p := &net.pops[k]
		I := net.input(k)
		if z := net.eng.izh[k]; z != nil {
			ok = net.stepIzhikevich(p, z, I[p.Start:p.Start+p.Size]) && ok
			continue
		}
		net.fired = net.stepModel(p, I, net.fired)
		ok = false // other models' states are checked below
	}
	net.t++
	if ok {
		return nil
	}
	return net.checkFinite()
}
