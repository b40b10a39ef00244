package spnet

import (
	"errors"
	"fmt"
	"math"
	mathbits "math/bits"

	"github.com/gosnn/gosnn/snn/internal/kernel"
	"github.com/gosnn/gosnn/snn/rng"
)

// Config sets the size of a polychronization network. The zero value of a
// field means the paper's value; [Default] returns them all.
type Config struct {
	Excitatory int     // excitatory (regular spiking) neurons; 800
	Inhibitory int     // inhibitory (fast spiking) neurons; 200
	Synapses   int     // outgoing synapses per neuron; 100
	MaxDelay   int     // longest axonal delay in ms; 20
	MaxWeight  float64 // largest excitatory weight (C_max); 10
	Seed       uint32  // srand(Seed) before the network is drawn; 0 as in the original
}

// Default returns the configuration of the published network: 800 + 200
// neurons, 100 synapses each, delays up to 20 ms, weights up to 10, seed 0.
func Default() Config {
	return Config{Excitatory: 800, Inhibitory: 200, Synapses: 100, MaxDelay: 20, MaxWeight: 10}
}

func (c Config) withDefaults() Config {
	d := Default()
	if c.Excitatory == 0 {
		c.Excitatory = d.Excitatory
	}
	if c.Inhibitory == 0 {
		c.Inhibitory = d.Inhibitory
	}
	if c.Synapses == 0 {
		c.Synapses = d.Synapses
	}
	if c.MaxDelay == 0 {
		c.MaxDelay = d.MaxDelay
	}
	if c.MaxWeight == 0 {
		c.MaxWeight = d.MaxWeight
	}
	return c
}

// maxDelayLimit bounds MaxDelay so that delays fit the ring of pending
// spikes and a byte per synapse.
const maxDelayLimit = 255

func (c Config) validate() error {
	switch {
	case c.Excitatory < 1 || c.Inhibitory < 0:
		return fmt.Errorf("spnet: %d excitatory and %d inhibitory neurons: need at least 1 excitatory and no negative count", c.Excitatory, c.Inhibitory)
	case c.Excitatory+c.Inhibitory > 1<<24:
		return fmt.Errorf("spnet: %d neurons: at most %d are allowed", c.Excitatory+c.Inhibitory, 1<<24)
	case c.MaxDelay < 1 || c.MaxDelay > maxDelayLimit:
		return fmt.Errorf("spnet: maximal delay %d ms: allowed are 1 to %d ms", c.MaxDelay, maxDelayLimit)
	case c.Synapses < 1 || c.Synapses%c.MaxDelay != 0:
		return fmt.Errorf("spnet: %d synapses per neuron: need a positive multiple of the maximal delay (%d), so that every delay has as many synapses", c.Synapses, c.MaxDelay)
	case c.Synapses > c.Excitatory+c.Inhibitory-1:
		return fmt.Errorf("spnet: %d synapses per neuron but only %d other neurons to connect to", c.Synapses, c.Excitatory+c.Inhibitory-1)
	case c.Inhibitory > 0 && c.Synapses > c.Excitatory:
		return fmt.Errorf("spnet: %d synapses per inhibitory neuron but only %d excitatory targets", c.Synapses, c.Excitatory)
	case !(c.MaxWeight > 0) || math.IsInf(c.MaxWeight, 0):
		return fmt.Errorf("spnet: maximal weight %v: need a positive finite number", c.MaxWeight)
	}
	return nil
}

// Model constants of the published network.
const (
	threshold = 30.0  // mV: a neuron with v ≥ 30 fires at the start of the next ms
	resetV    = -65.0 // c
	recoveryB = 0.2   // b
)

// Network is the polychronization network: Izhikevich neurons, synapses
// with axonal delays, a plasticity rule, thalamic input and monitors,
// advanced one millisecond at a time by [Network.Step]. The schedule of a
// millisecond is written out in the package documentation.
//
// Neuron state is neuron-major: V[i], U[i] are neuron i's membrane
// potential (mV) and recovery variable; A[i] and D[i] its parameters a and
// d. Neurons 0…Excitatory−1 are excitatory.
type Network struct {
	cfg Config

	V, U []float64
	A, D []float64
	// I is the input of the present millisecond, rebuilt by every Step.
	I []float64

	// Syn holds the synapses; its weights are what plasticity changes.
	Syn *Synapses

	// Plasticity changes weights in response to spikes; nil keeps them
	// fixed. New sets the built-in spnet STDP rule.
	Plasticity Plasticity
	// Input adds external input each millisecond after I is zeroed; nil
	// gives none. New sets the thalamic input of the original.
	Input Stimulus
	// Monitors observe each millisecond after the integration, in order.
	Monitors []Monitor

	rand *rng.Glibc

	t int64 // the present millisecond (the next one Step simulates)
	// pending holds the neurons that fired in each of the last MaxDelay
	// milliseconds, in firing order: pending[t mod MaxDelay] is the
	// present millisecond's. Its spikes are still on their way.
	pending [][]int32
	// arrivals[T mod MaxDelay] lists the synapse ranges through which
	// spikes arrive in millisecond T, in the order the spikes were fired
	// (by time, then neuron); the delivery walks it backwards, newest
	// first. It is derived from pending and the synapses (see schedule).
	arrivals  [][]arrival
	fired     []int32 // the spikes of the millisecond being (or last) simulated
	lastSpike []int64
	mask      []uint8 // the threshold test's bits, four neurons to a byte
}

// New draws the published network with srand(cfg.Seed) and glibc's rand(),
// exactly as poly_spnet.cpp does, and returns it with the built-in STDP rule
// and the thalamic input attached and the clock at 0.
func New(cfg Config) (*Network, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	n := newEmpty(cfg)
	n.rand = rng.NewGlibc(cfg.Seed)
	n.Syn = drawSynapses(cfg, n.rand)
	for i := range n.V {
		n.V[i] = resetV + float64(10*n.rand01())
	}
	for i := range n.U {
		n.U[i] = float64(recoveryB * n.V[i])
	}
	n.Plasticity = NewSTDP(n)
	n.Input = Thalamic{Amplitude: 20}
	return n, nil
}

// newEmpty allocates a network of cfg's size with parameters set and no
// synapses, state or generator.
func newEmpty(cfg Config) *Network {
	N := cfg.Excitatory + cfg.Inhibitory
	n := &Network{
		cfg:       cfg,
		V:         make([]float64, N),
		U:         make([]float64, N),
		A:         make([]float64, N),
		D:         make([]float64, N),
		I:         make([]float64, N),
		pending:   make([][]int32, cfg.MaxDelay),
		arrivals:  make([][]arrival, cfg.MaxDelay),
		lastSpike: make([]int64, N),
		mask:      make([]uint8, N/4),
	}
	for i := range N {
		if i < cfg.Excitatory {
			n.A[i], n.D[i] = 0.02, 8 // regular spiking
		} else {
			n.A[i], n.D[i] = 0.1, 2 // fast spiking
		}
		n.lastSpike[i] = NoSpike
	}
	return n
}

// NoSpike is the time [Network.LastSpike] reports for a neuron that has not
// fired.
const NoSpike = math.MinInt64

// rand01 is the original's rand01: 0.9999999·rand()/RAND_MAX, in [0, 1).
func (n *Network) rand01() float64 {
	return float64(0.9999999*float64(n.rand.Rand())) / rng.GlibcRandMax
}

// RandomIndex returns floor(size·rand01) from the network's generator, the
// original's way of drawing a neuron; stimuli use it to draw from the
// same sequence as the original.
func (n *Network) RandomIndex(size int) int {
	return int(math.Floor(float64(float64(size) * n.rand01())))
}

// Config returns the network's configuration with defaults filled in.
func (n *Network) Config() Config { return n.cfg }

// Len returns the number of neurons.
func (n *Network) Len() int { return len(n.V) }

// Excitatory returns the number of excitatory neurons; they come first.
func (n *Network) Excitatory() int { return n.cfg.Excitatory }

// Time returns the present millisecond: during a Step, the one being
// simulated; between Steps, the number of milliseconds simulated so far.
func (n *Network) Time() int64 { return n.t }

// Fired returns the neurons that fired in the millisecond being simulated
// (during a Step, for hooks and monitors) or the last one simulated
// (between Steps), in index order. The slice is the network's; it is valid
// until the next Step.
func (n *Network) Fired() []int32 { return n.fired }

// LastSpike returns the last millisecond in which neuron i fired, or
// NoSpike.
func (n *Network) LastSpike(i int) int64 { return n.lastSpike[i] }

func (n *Network) slot(t int64) int { return int(t % int64(n.cfg.MaxDelay)) }

// Step simulates one millisecond: input, threshold and reset (with the
// plasticity's Fired hook), delivery of arriving spikes (with its Arrived
// hook), two half steps of v and one of u, the monitors, and the
// plasticity's Stepped hook. Then the clock advances.
func (n *Network) Step() { n.step(nil) }

// step is Step; with a pipeline, the plasticity's part goes to it (see
// pipeline.go) and only the weight update stays here.
func (n *Network) step(pl *pipeline) {
	t := n.t
	clear(n.I)
	if n.Input != nil {
		n.Input.Inject(n, n.I)
	}
	plastic := n.Plasticity
	if pl != nil {
		plastic = nil
	}

	// Threshold: v was left by the previous millisecond's integration.
	// The kernel marks the neurons with !(v < threshold), four to a byte;
	// the Go loop tests the rest.
	s := n.slot(t)
	fired := n.pending[s][:0]
	mask := n.mask
	done := kernel.NotBelow(n.V, threshold, mask)
	for k, bits := range mask[:done/4] {
		for ; bits != 0; bits &= bits - 1 {
			fired = n.fire(fired, 4*k+mathbits.TrailingZeros8(bits), t, plastic)
		}
	}
	for i := done; i < len(n.V); i++ {
		if !(n.V[i] < threshold) {
			fired = n.fire(fired, i, t, plastic)
		}
	}
	n.pending[s] = fired
	n.fired = fired
	if pl != nil {
		pl.publish(t, fired)
	}

	n.deliver(t, plastic)
	n.integrate()

	if pl != nil && pl.meetsAt(t) {
		pl.wait(t + 1)
	}
	for _, m := range n.Monitors {
		m.Observe(n)
	}
	switch {
	case pl != nil:
		if pl.stdp.periodEnds(t) {
			pl.stdp.updateWeights(n.Syn.Weight)
		}
	case plastic != nil:
		plastic.Stepped(n)
	}
	n.t++
}

// fire resets neuron i, records its spike at t and runs the plasticity's
// Fired hook. The threshold test reads every v before the first hook runs.
func (n *Network) fire(fired []int32, i int, t int64, plastic Plasticity) []int32 {
	n.V[i] = resetV
	n.U[i] += n.D[i]
	n.lastSpike[i] = t
	fired = append(fired, int32(i))
	n.schedule(i, t, 1)
	if plastic != nil {
		plastic.Fired(n, i)
	}
	return fired
}

// arrival is a range of synapses, all of one neuron and one delay, through
// which a spike arrives.
type arrival struct{ lo, hi int32 }

// schedule lists the arrivals of neuron i's spike fired at t through its
// synapses of delay minDelay and more, each in the millisecond it arrives:
// a spike fired at t arrives through its synapses of delay d in
// millisecond t+d−1.
func (n *Network) schedule(i int, t int64, minDelay int) {
	scheduleInto(n.arrivals, n.Syn, i, t, minDelay)
}

// scheduleInto is schedule into the lists arrivals (one per millisecond
// mod MaxDelay).
func scheduleInto(arrivals [][]arrival, syn *Synapses, i int, t int64, minDelay int) {
	D := len(arrivals)
	row := syn.byDelay[i*(D+1) : (i+1)*(D+1)]
	s := int(t%int64(D)) + minDelay - 1
	if s >= D {
		s -= D
	}
	for d := minDelay; d <= D; d++ {
		if lo, hi := row[d-1], row[d]; lo != hi {
			arrivals[s] = append(arrivals[s], arrival{lo, hi})
		}
		if s++; s == D {
			s = 0
		}
	}
}

// scheduleFromPending rebuilds the arrivals from the spikes of the last
// MaxDelay−1 milliseconds (after a Load), in the order Step would have
// listed them.
func (n *Network) scheduleFromPending() {
	for s := range n.arrivals {
		n.arrivals[s] = n.arrivals[s][:0]
	}
	for age := n.cfg.MaxDelay - 1; age >= 1; age-- {
		tf := n.t - int64(age)
		if tf < 0 {
			continue
		}
		for _, i := range n.pending[n.slot(tf)] {
			n.schedule(int(i), tf, age+1)
		}
	}
}

// deliver adds the weights of the spikes arriving now to their targets'
// input in the original's order: the newest spikes first (within a
// millisecond, the highest neuron index first), a spike fired age ms ago
// through its synapses of delay age+1, in synapse order. With the built-in
// STDP it also depresses each excitatory synapse in the same pass (what
// its Arrived hook does, synapse by synapse in the same order).
func (n *Network) deliver(t int64, plastic Plasticity) {
	in, post, weight := n.I, n.Syn.Post, n.Syn.Weight
	stdp, _ := plastic.(*STDP)
	s := n.slot(t)
	list := n.arrivals[s]
	for k := len(list) - 1; k >= 0; k-- {
		lo, hi := int(list[k].lo), int(list[k].hi)
		ps := post[lo:hi]
		ws := weight[lo:hi]
		ws = ws[:len(ps)]
		switch {
		case stdp != nil && lo < stdp.plastic:
			ds, ltd := stdp.Deriv[lo:hi], stdp.ltd
			ds = ds[:len(ps)]
			for j, p := range ps {
				in[p] += ws[j]
				ds[j] -= ltd[p]
			}
		default:
			for j, p := range ps {
				in[p] += ws[j]
			}
			if plastic != nil && stdp == nil {
				plastic.Arrived(n, lo, hi)
			}
		}
	}
	n.arrivals[s] = list[:0]
}

// integrate advances v by two half steps and u by one step of
//
//	v' = 0.04v² + 5v + 140 − u + I,  u' = a(bv − u),
//
// in the original's order of operations. Every product is rounded on its
// own (float64(…)), so no compiler may fuse it into a multiply-add. Where
// the CPU has AVX2, package kernel does the same operations in the same
// order for four neurons at once (bit for bit: TestKernelsAreExact).
func (n *Network) integrate() {
	v, u, in, a := n.V, n.U, n.I, n.A
	done := kernel.SpnetIzhikevich(v, u, a, in) // the same operations, four neurons at a time
	v, u, in, a = v[done:], u[done:len(v)], in[done:len(v)], a[done:len(v)]
	for i := range v {
		v[i], u[i] = izhikevich(v[i], u[i], a[i], in[i])
	}
}

// izhikevich is one neuron's millisecond: two half steps of v under the
// input in, then one step of u with recovery rate a, in the original's
// order of operations. Network.integrate and the group search both use
// it, so they cannot drift apart.
func izhikevich(v, u, a, in float64) (float64, float64) {
	v += float64(0.5 * (float64((float64(0.04*v)+5)*v) + 140 - u + in))
	v += float64(0.5 * (float64((float64(0.04*v)+5)*v) + 140 - u + in))
	u += float64(a * (float64(recoveryB*v) - u))
	return v, u
}

// Run simulates ms milliseconds, as ms calls of Step would. With the
// built-in STDP rule and two or more CPUs, the rule's bookkeeping runs on a
// second goroutine beside the network's dynamics (see pipeline.go); the
// result is the same to the bit.
func (n *Network) Run(ms int) {
	if pl := n.newPipeline(ms); pl != nil {
		defer pl.stop()
		for range ms {
			n.step(pl)
		}
		return
	}
	for range ms {
		n.Step()
	}
}

// errNotBuilt guards methods on a zero Network.
var errNotBuilt = errors.New("spnet: the network was not built with New or Load")
