package snn

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gosnn/gosnn/snn/rng"
)

// Config describes a network: its populations in order (neuron indices
// follow that order), how they are connected, and its random generator.
// [Tutorial] returns the tutorial's configuration.
type Config struct {
	Populations []PopulationConfig

	// Generator supplies the network's random numbers: the
	// heterogeneity, the dense weights and the noise. Nil means
	// rng.NewNumPy(Seed), the tutorial's generator (Seed must then be
	// below 2³²); rng.NewFastStreams is the fast one.
	Generator rng.Generator
	// Seed seeds the default generator and the streams that sparse
	// connectivity is drawn from (see [Connectivity]), which do not depend
	// on the generator.
	Seed uint64

	// Synapses connects the neurons. Nil means random weights drawn as in
	// the tutorial: those from the neurons of population j are
	// Weight_j·U(0, 1), negated when the population is inhibitory; they
	// form a dense matrix, or sparse synapses when Connectivity is set.
	Synapses Synapses

	// Connectivity, when Synapses is nil, draws sparse random synapses by
	// its rule instead of the dense matrix (see [Connectivity]), stored
	// with WeightPrecision (a dense matrix is always float64).
	Connectivity    *Connectivity
	WeightPrecision WeightPrecision

	// Stimuli act on the whole network's input vector, after every
	// population's own stimuli.
	Stimuli []Stimulus

	// DT is the length of a step in ms, for the whole network; 0 means
	// DefaultDT, the tutorial's 1 ms. It must be a finite number > 0, and
	// divide 1 ms when a population has [Noise]; Pulse times must be whole
	// steps. At a step other than 1 ms, a model of one's own must implement
	// [TimeStepper]. Inputs mean the same at any step: a current moves v by
	// dt·I per step, and a spike of weight w moves its targets' v by about
	// w mV (its weight, divided by dt, is added to their I during the next
	// step; for ImplicitEuler v jumps by w at the start of it).
	DT float64
	// Scheme is the integration scheme of the built-in Izhikevich neurons
	// (the zero value is the tutorial's); models of one's own ignore it.
	// Only the tutorial's scheme at 1 ms runs the vectorised kernels.
	Scheme Scheme

	// Plasticity, if not nil, changes the weights in response to spikes
	// (see [Plasticity]; [STDP] is built in), and Monitors observe the
	// network after every step ([WeightMonitor]). A network with either
	// steps by the reference plan (step.go).
	Plasticity Plasticity
	Monitors   []Monitor

	// MaxBytes limits the memory the network's weights may take, and
	// that a run may take to record (see [EstimateMemory]); 0 means
	// DefaultMaxBytes.
	MaxBytes int64

	// tuning, set by tests, tunes the engine (thresholds, goroutines).
	tuning tuning
	// err is an error of the options that made the Config (Tutorial),
	// reported by New.
	err error
}

// DefaultMaxBytes is the default memory limit for a network's weights:
// 8 GB, a dense network of about 31 600 neurons.
const DefaultMaxBytes int64 = 8e9

// PopulationConfig describes one population.
type PopulationConfig struct {
	Name string
	Size int

	// Params are the Izhikevich parameters of every neuron, before
	// Jitter. Use a preset's: snn.RS.Params. A population needs Params
	// or a Model: all-zero Params with no Model are refused.
	Params Params
	// Jitter, if not nil, varies each neuron's parameters with one
	// uniform random number per neuron (the tutorial's heterogeneity).
	Jitter Jitter

	// Model, if not nil, replaces the Izhikevich neurons built from
	// Params and Jitter by dynamics of your own; its Len must be Size.
	Model Model

	// Variables, if not nil, names the model's variables for recording
	// (RunOptions.Record). A Model that implements [StateVariables] needs
	// none; in an interpreted script set Variables to the model itself,
	// as the interpreter hides the methods a Model has beyond its own.
	Variables StateVariables

	// TimeStepper, if not nil, is told the network's step instead of the
	// Model (see [TimeStepper]). A Model that implements SetTimeStep needs
	// none; in an interpreted script set TimeStepper to the model itself,
	// as for Variables.
	TimeStepper TimeStepper

	// Inhibitory populations make negative weights.
	Inhibitory bool
	// Weight scales the population's random outgoing weights, in the
	// current units of the input I (at 1 ms, mV of v): they are drawn from
	// U(0, Weight), or −U(0, Weight) if Inhibitory, and a spike moves the
	// postsynaptic neuron's v by about its weight, in the next step (see
	// Config.DT).
	Weight float64

	// Stimuli inject current into this population, in order. The
	// tutorial's is Gaussian noise: &snn.Noise{Std: 5} (excitatory) and
	// &snn.Noise{Std: 2} (inhibitory).
	Stimuli []Stimulus
}

// TutorialOptions are the choices of the tutorial's network, each named,
// so that none can be passed in another's place: Ne excitatory neurons of
// preset Exc followed by Ni inhibitory neurons of preset Inh, weight scales
// We and Wi, and the seed of the NumPy generator. Every field is taken as
// it is; start from [DefaultTutorial], the original's, and change what you
// study.
//
// The weights are in the tutorial's current units (those of the input I,
// which moves v by about I mV per ms at rest); the tutorial's network is
// tuned for 800 + 200 neurons, and a larger one with the same We and Wi
// gets proportionally more synaptic input and runs away into fast,
// synchronous firing. Scaling scales the weights with the population sizes
// to keep the input per neuron as it is at 800 + 200 (see [WeightScaling]).
type TutorialOptions struct {
	Ne, Ni   int     // neurons; a population of size 0 is left out
	Exc, Inh Preset  // neuron types
	We, Wi   float64 // weight scales (current units): weights from U(0, We) and −U(0, Wi)
	Seed     uint64  // seed of the NumPy generator (np.random.seed)
	// Scaling scales We by the rule for Ne against 800 and Wi for Ni
	// against 200; the zero value, NoScaling, keeps them as they are.
	Scaling WeightScaling
}

// A WeightScaling is a rule that scales the tutorial's weights with the
// size of a population, relative to the tutorial's 800 excitatory and 200
// inhibitory neurons, so that a larger or smaller network keeps its
// activity. A population of the tutorial's size keeps its weight exactly.
type WeightScaling int

const (
	// NoScaling keeps We and Wi: the tutorial's network, exactly.
	NoScaling WeightScaling = iota
	// ScaleTotalInput multiplies a population's weight by ref/n (ref 800
	// or 200, n its size): the mean total input a neuron receives from the
	// population stays the same, its fluctuations shrink as 1/√n.
	ScaleTotalInput
	// ScaleSqrtN multiplies a population's weight by √(ref/n), the
	// balanced-network rule: the fluctuations of the input stay the same
	// and the mean grows as √n.
	ScaleSqrtN
)

var weightScalingNames = [...]string{"none", "total-input", "sqrt-n"}

// String returns the rule's name: none, total-input or sqrt-n.
func (s WeightScaling) String() string {
	if s < 0 || int(s) >= len(weightScalingNames) {
		return fmt.Sprintf("WeightScaling(%d)", int(s))
	}
	return weightScalingNames[s]
}

// ParseWeightScaling returns the rule named none, total-input or sqrt-n
// (as String writes them), ignoring case.
func ParseWeightScaling(name string) (WeightScaling, error) {
	for k, n := range weightScalingNames {
		if strings.EqualFold(n, strings.TrimSpace(name)) {
			return WeightScaling(k), nil
		}
	}
	return NoScaling, fmt.Errorf("unknown weight scaling %q: the rules are none, total-input and sqrt-n", name)
}

// scale returns w scaled for a population of n neurons against ref.
func (s WeightScaling) scale(w float64, n, ref int) float64 {
	switch s {
	case ScaleTotalInput:
		return w * float64(ref) / float64(n)
	case ScaleSqrtN:
		return w * math.Sqrt(float64(ref)/float64(n))
	}
	return w
}

// DefaultTutorial returns the original network's options: 800 RS and 200
// LTS neurons, weight scales 0.5 and 1.0, seed 0.
func DefaultTutorial() TutorialOptions {
	return TutorialOptions{Ne: 800, Ni: 200, Exc: RS, Inh: LTS, We: 0.5, Wi: 1.0, Seed: 0}
}

// Tutorial returns the configuration of the tutorial's network with the
// options o: heterogeneous neurons as in Izhikevich (2003), densely
// connected, with Gaussian noise of standard deviation 5 (excitatory) and
// 2 (inhibitory), and the NumPy generator seeded with o.Seed. The
// original is Tutorial(DefaultTutorial()); change any field of the
// Config before passing it to [New].
//
// A population of size 0 is left out, as NumPy's code draws nothing for
// it: Ni 0 makes a purely excitatory network.
//
// An unknown o.Scaling is reported by [New], as an error of the
// configuration: Tutorial itself cannot fail.
func Tutorial(o TutorialOptions) Config {
	cfg := Config{Seed: o.Seed}
	if o.Scaling < NoScaling || o.Scaling > ScaleSqrtN {
		cfg.err = fmt.Errorf("tutorial weight scaling %d: the rules are snn.NoScaling, snn.ScaleTotalInput and snn.ScaleSqrtN", int(o.Scaling))
	}
	if o.Ne != 0 {
		cfg.Populations = append(cfg.Populations, PopulationConfig{
			Name: "excitatory", Size: o.Ne, Params: o.Exc.Params, Jitter: ExcitatoryJitter,
			Weight: o.Scaling.scale(o.We, o.Ne, 800), Stimuli: []Stimulus{&Noise{Std: 5}}})
	}
	if o.Ni != 0 {
		cfg.Populations = append(cfg.Populations, PopulationConfig{
			Name: "inhibitory", Size: o.Ni, Params: o.Inh.Params, Jitter: InhibitoryJitter,
			Inhibitory: true, Weight: o.Scaling.scale(o.Wi, o.Ni, 200), Stimuli: []Stimulus{&Noise{Std: 2}}})
	}
	return cfg
}

// PopulationInfo locates a population inside the network.
type PopulationInfo struct {
	Name       string
	Start      int // network index of the first neuron
	Size       int
	Inhibitory bool
}

// Network is a simulated network. Build one with [New], then call Run (or
// Step). It is not safe for concurrent use.
type Network struct {
	pops    []population
	syn     Synapses
	rng     rng.Generator
	stimuli []Stimulus
	n       int
	t       int       // steps done
	dt      float64   // step in ms
	scheme  Scheme    // of the built-in Izhikevich neurons
	general bool      // dt ≠ 1 ms or another scheme: inputs are mixed (mixInput)
	current []float64 // input current I of every neuron in this step
	stim    []float64 // when general: the stimuli's part of current
	synIn   []float64 // when general: the synaptic weights delivered in this step
	fired   []int     // network indices of the neurons that fired in the last step
	events  int64
	limit   int64
	build   time.Duration
	eng     engine // how steps are done (step.go)

	// Plasticity and monitors (plasticity.go); lastSpike is nil without.
	rule      Plasticity
	monitors  []Monitor
	lastSpike []int
}

type population struct {
	PopulationInfo
	model   Model
	vars    StateVariables // the model's named variables, or nil
	stimuli []Stimulus
}

// New builds the network that cfg describes, drawing its random numbers in
// this order: one uniform number per neuron for each population with a
// Jitter, population by population; then, when cfg.Synapses is nil, the
// weight matrix, one block of columns per population, each block
// row-major (as NumPy's rand(N, n) fills it).
//
// With cfg.Connectivity the synapses are drawn after the heterogeneity, from
// per-row streams of cfg.Seed rather than from the generator (see
// [Connectivity]).
func New(cfg Config) (*Network, error) {
	start := time.Now()
	net, err := newNetwork(cfg)
	if err != nil {
		return nil, err
	}
	net.build = time.Since(start)
	return net, nil
}

// BuildTime returns how long [New] took to build the network (drawing its
// parameters and synapses); [Result.Wall] does not include it.
func (net *Network) BuildTime() time.Duration { return net.build }

func newNetwork(cfg Config) (*Network, error) {
	if cfg.err != nil {
		return nil, cfg.err
	}
	if len(cfg.Populations) == 0 {
		return nil, errors.New("network has no populations: add at least one PopulationConfig (snn.Tutorial builds the tutorial's)")
	}
	dt, err := checkDT(cfg.DT)
	if err != nil {
		return nil, fmt.Errorf("Config.DT: %w", err)
	}
	if !cfg.Scheme.valid() {
		return nil, fmt.Errorf("Config.Scheme %d: the integration schemes are snn.TutorialScheme, snn.ForwardEuler, snn.RK4 and snn.ImplicitEuler (%v)", int(cfg.Scheme), schemeNames)
	}
	net := &Network{syn: cfg.Synapses, rng: cfg.Generator, dt: dt, scheme: cfg.Scheme}
	net.general = dt != DefaultDT || cfg.Scheme != TutorialScheme
	names := map[string]bool{}
	for k, pc := range cfg.Populations {
		name := pc.Name
		if name == "" {
			name = fmt.Sprintf("population %d", k)
		}
		if names[name] {
			return nil, fmt.Errorf("population %q: two populations have that name; names must be unique", name)
		}
		names[name] = true
		if pc.Size <= 0 {
			return nil, fmt.Errorf("population %q: size %d: a population needs at least one neuron", name, pc.Size)
		}
		if !finite(pc.Weight) || pc.Weight < 0 {
			return nil, fmt.Errorf("population %q: weight scale %g: must be a finite number ≥ 0 (inhibitory populations are made negative by Inhibitory: true)", name, pc.Weight)
		}
		if pc.Model == nil && pc.Params == (Params{}) {
			return nil, fmt.Errorf("population %q: no neuron model: give Params (e.g. snn.RS.Params, or snn.LookupPreset) for Izhikevich neurons, or a Model of your own", name)
		}
		if pc.Model != nil && pc.Model.Len() != pc.Size {
			return nil, fmt.Errorf("population %q: model has %d neurons but Size is %d", name, pc.Model.Len(), pc.Size)
		}
		stimuli, err := timedStimuli(pc.Stimuli, dt)
		if err != nil {
			return nil, fmt.Errorf("population %q: %w", name, err)
		}
		if pc.Model != nil {
			if err := setModelTimeStep(pc, dt); err != nil {
				return nil, fmt.Errorf("population %q: %w", name, err)
			}
		}
		net.pops = append(net.pops, population{
			PopulationInfo: PopulationInfo{Name: name, Start: net.n, Size: pc.Size, Inhibitory: pc.Inhibitory},
			model:          pc.Model,
			vars:           pc.Variables,
			stimuli:        stimuli,
		})
		net.n += pc.Size
	}
	if net.stimuli, err = timedStimuli(cfg.Stimuli, dt); err != nil {
		return nil, fmt.Errorf("network stimulus: %w", err)
	}
	if err := net.checkNoiseShared(); err != nil {
		return nil, err
	}

	limit := cfg.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	if limit < 0 {
		return nil, fmt.Errorf("memory limit %d bytes: must be > 0 (0 means the default, %d GB)", cfg.MaxBytes, DefaultMaxBytes/1e9)
	}
	net.limit = limit
	if err := cfg.WeightPrecision.validate(); err != nil {
		return nil, err
	}
	if cfg.Synapses == nil && cfg.Connectivity != nil {
		if err := checkConnectivityBytes(net.n, *cfg.Connectivity, cfg.WeightPrecision, limit); err != nil {
			return nil, err
		}
	}
	if cfg.Synapses == nil && cfg.Connectivity == nil && DenseBytes(net.n) > limit {
		return nil, denseTooLarge(net.n, limit)
	}
	if cfg.Synapses != nil && cfg.Synapses.Len() != net.n {
		return nil, fmt.Errorf("synapses connect %d neurons but the populations have %d", cfg.Synapses.Len(), net.n)
	}

	if net.rng == nil {
		if cfg.Seed > math.MaxUint32 {
			return nil, fmt.Errorf("seed %d out of range for the default NumPy generator: NumPy seeds go from 0 to 4294967295 (or set Config.Generator, e.g. to rng.NewFastStreams(seed))", cfg.Seed)
		}
		net.rng = rng.NewNumPy(uint32(cfg.Seed))
	}

	// Heterogeneity: one uniform number per neuron, population by population.
	for k, pc := range cfg.Populations {
		p := &net.pops[k]
		if pc.Model != nil {
			continue
		}
		if err := checkParams(pc.Params); err != nil {
			return nil, fmt.Errorf("population %q: %w", p.Name, err)
		}
		z := NewIzhikevich(pc.Size, pc.Params)
		if pc.Jitter != nil {
			r := make([]float64, pc.Size)
			net.rng.Uniform(r)
			for i := range r {
				z.Set(i, pc.Jitter(pc.Params, r[i]))
			}
			z.Reset()
		}
		if err := z.Validate(); err != nil {
			return nil, fmt.Errorf("population %q: %w", p.Name, err)
		}
		p.model = z
	}
	for _, p := range net.pops {
		if z, ok := p.model.(*Izhikevich); ok { // also one given as a Model
			z.dt, z.scheme = dt, cfg.Scheme
		}
	}

	// Sparse weights: per-row streams, built on all cores.
	if net.syn == nil && cfg.Connectivity != nil {
		scale := make([]float64, net.n)
		for k, p := range net.pops {
			w := cfg.Populations[k].Weight
			if p.Inhibitory {
				w = -w
			}
			for i := range p.Size {
				scale[p.Start+i] = w
			}
		}
		sp, err := NewRandomSparse(net.n, scale, *cfg.Connectivity, cfg.WeightPrecision, cfg.Seed)
		if err != nil {
			return nil, err
		}
		net.syn = sp
	}

	// Weights: one block of columns per population, drawn row-major.
	if net.syn == nil {
		weights := make([]float64, len(cfg.Populations))
		for k, pc := range cfg.Populations {
			weights[k] = pc.Weight
		}
		d := newDense(net.n)
		for pi, p := range net.pops {
			sign := 1.0
			if p.Inhibitory {
				sign = -1
			}
			row := make([]float64, p.Size)
			for i := range net.n {
				net.rng.Uniform(row)
				for k, x := range row {
					d.w[(p.Start+k)*net.n+i] = sign * weights[pi] * x
				}
			}
		}
		net.syn = d
	}
	for k := range net.pops {
		if p := &net.pops[k]; p.vars == nil {
			p.vars, _ = p.model.(StateVariables)
		}
	}
	net.current = make([]float64, net.n)
	if net.general {
		net.stim, net.synIn = make([]float64, net.n), make([]float64, net.n)
	}
	if err := net.initPlasticity(cfg); err != nil {
		return nil, err
	}
	net.eng.tuning = cfg.tuning
	net.choosePlan()
	return net, nil
}

func checkParams(p Params) error {
	for _, x := range []float64{p.A, p.B, p.C, p.D} {
		if !finite(x) {
			return fmt.Errorf("parameters %+v: every parameter must be a finite number", p)
		}
	}
	return nil
}

// timedStimuli validates stimuli and returns them as the network keeps
// them, told the step dt: a copy of the list in which each Pulse value is
// a copy that knows dt, and every [TimeStepper] told it.
func timedStimuli(stimuli []Stimulus, dt float64) ([]Stimulus, error) {
	out := make([]Stimulus, len(stimuli))
	for k, s := range stimuli {
		if err := validateStimulus(s); err != nil {
			return nil, err
		}
		switch x := s.(type) {
		case Pulse: // a value: the network keeps a copy that knows dt
			if err := x.SetTimeStep(dt); err != nil {
				return nil, fmt.Errorf("stimulus %d: %w", k, err)
			}
			s = x
		case TimeStepper:
			if err := x.SetTimeStep(dt); err != nil {
				return nil, fmt.Errorf("stimulus %d: %w", k, err)
			}
		}
		out[k] = s
	}
	return out, nil
}

// setModelTimeStep tells the model of pc the step dt, or refuses a model
// that cannot be told at a step other than 1 ms.
func setModelTimeStep(pc PopulationConfig, dt float64) error {
	ts := pc.TimeStepper
	if ts == nil {
		ts, _ = pc.Model.(TimeStepper)
	}
	if ts == nil {
		if dt == DefaultDT {
			return nil
		}
		return fmt.Errorf("its model (%T) cannot run at a step of %g ms: it advances by 1 ms unless it implements SetTimeStep(dt float64) error (snn.TimeStepper; in an interpreted script also set PopulationConfig.TimeStepper to the model)", pc.Model, dt)
	}
	if err := ts.SetTimeStep(dt); err != nil {
		return fmt.Errorf("model's SetTimeStep(%g): %w", dt, err)
	}
	return nil
}

// checkNoiseShared refuses one *Noise in two places at a step other than
// 1 ms, where it holds its values for a millisecond.
func (net *Network) checkNoiseShared() error {
	if net.dt == DefaultDT {
		return nil
	}
	seen := map[Stimulus]bool{}
	for _, s := range net.allStimuli() {
		if _, ok := s.(holder); !ok {
			continue
		}
		if seen[s] {
			return fmt.Errorf("one %T is attached twice: at a step of %g ms it holds its values for each millisecond, so give every place its own (&snn.Noise{...}, &snn.Thalamic{...})", s, net.dt)
		}
		seen[s] = true
	}
	return nil
}

// allStimuli returns the stimuli of every population, then the network's.
func (net *Network) allStimuli() []Stimulus {
	var all []Stimulus
	for _, p := range net.pops {
		all = append(all, p.stimuli...)
	}
	return append(all, net.stimuli...)
}

// A holder is an input that draws once per millisecond and holds the value
// for the millisecond's steps (Noise, Thalamic): it must not be shared at a
// step below 1 ms, and a checkpoint is taken at whole milliseconds.
type holder interface {
	// holdSteps returns the number of steps a value is held (0 or 1: one).
	holdSteps() int
}

// TimeStep returns the network's step in ms ([Config].DT).
func (net *Network) TimeStep() float64 { return net.dt }

// Scheme returns the integration scheme of the network's built-in neurons.
func (net *Network) Scheme() Scheme { return net.scheme }

// StepsFor returns the number of steps in ms milliseconds, which must be a
// whole number of steps ≥ 0: Run(ctx, net.StepsFor(1000)) runs one second.
func (net *Network) StepsFor(ms float64) (int, error) {
	k, ok := wholeSteps(ms, net.dt)
	if !ok || k < 0 || !finite(ms) {
		return 0, fmt.Errorf("%g ms: need a whole number ≥ 0 of steps of %g ms", ms, net.dt)
	}
	return k, nil
}
