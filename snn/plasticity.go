package snn

import (
	"fmt"
	"math"
)

// Plasticity changes synaptic weights in response to spikes. A network
// with a Plasticity (Config.Plasticity) calls its hooks at fixed points of
// every step (see [Network.Step]):
//
//   - PostSpike for each neuron that fired in the previous step, in index
//     order, at the start of the step's synaptic input, before any spike
//     is delivered;
//   - PreSpike for each spike that arrives through [DelayedSparse]
//     synapses, after their weights joined their targets' input;
//   - Stepped at the end of the step, after the neurons were advanced;
//     [Network.Fired] and LastSpike then hold the step's own spikes, for
//     a rule that reacts at once.
//
// During a hook, [Network.Time] is the step being done; a neuron's spike
// times are [Network.LastSpike] (and, for a PreSpike, the spike fired in
// step Time − delay). The weights are the synapses' own slice,
// [DelayedSparse.Weights]. A hook may draw random numbers from
// [Network.Rand]: they come in the schedule's order, after the step's
// stimuli, at any GOMAXPROCS (no input is drawn ahead for such a
// network). The interface is small and not generic, so a script can
// implement a rule of its own; [STDP] is built in.
//
// A rule that also has a method Attach(*Network) error is attached when
// the network is built, before its first step, and may refuse the
// network. A rule that implements encoding.BinaryMarshaler and
// BinaryUnmarshaler is saved and restored by [Network.Save] and
// [Network.Load].
type Plasticity interface {
	// PostSpike is called for neuron, which fired in step Time−1.
	PostSpike(net *Network, neuron int)
	// PreSpike is called when a spike of neuron pre arrives through the
	// synapses lo … hi−1 of the network's DelayedSparse (one delay).
	PreSpike(net *Network, pre, lo, hi int)
	// Stepped is called at the end of step Time.
	Stepped(net *Network)
}

// A Monitor observes the network at the end of every step, after the
// plasticity (Config.Monitors). [WeightMonitor] records weights. A monitor
// that also has a method Attach(*Network) error is attached when the
// network is built and may refuse it.
type Monitor interface {
	Observe(net *Network)
}

// attacher is implemented by rules and monitors that prepare for their
// network.
type attacher interface {
	Attach(net *Network) error
}

// NoSpike is the step [Network.LastSpike] reports for a neuron that has
// not fired.
const NoSpike = math.MinInt

// LastSpike returns the last step in which neuron i fired, or NoSpike.
// Only a network with Plasticity or Monitors keeps spike times; any other
// reports NoSpike.
func (net *Network) LastSpike(i int) int {
	if net.lastSpike == nil {
		return NoSpike
	}
	return net.lastSpike[i]
}

// stepMs returns the length of the network's step in ms, by which the
// delays, the STDP period and the monitors' intervals are converted to
// steps (positiveSteps in delay.go).
func (net *Network) stepMs() float64 { return net.dt }

// stepsIn converts a duration of ms to whole steps of the network.
func (net *Network) stepsIn(ms float64) (int, bool) { return positiveSteps(ms, net.stepMs()) }

// DelayedSynapses returns the network's synapses if they are a
// [DelayedSparse], or nil.
func (net *Network) DelayedSynapses() *DelayedSparse {
	d, _ := net.syn.(*DelayedSparse)
	return d
}

// initPlasticity binds delayed synapses to net and attaches the
// plasticity and monitors of cfg.
func (net *Network) initPlasticity(cfg Config) error {
	d, delayed := net.syn.(*DelayedSparse)
	if delayed {
		if err := d.bind(net); err != nil {
			return err
		}
	}
	if cfg.Plasticity == nil && len(cfg.Monitors) == 0 {
		return nil
	}
	net.rule = cfg.Plasticity
	net.monitors = cfg.Monitors
	net.lastSpike = make([]int, net.n)
	for i := range net.lastSpike {
		net.lastSpike[i] = NoSpike
	}
	if a, ok := net.rule.(attacher); ok {
		if err := a.Attach(net); err != nil {
			return fmt.Errorf("plasticity: %w", err)
		}
	}
	for k, m := range net.monitors {
		if m == nil {
			return fmt.Errorf("monitor %d is nil", k)
		}
		if a, ok := m.(attacher); ok {
			if err := a.Attach(net); err != nil {
				return fmt.Errorf("monitor %d: %w", k, err)
			}
		}
	}
	return nil
}

// observed reports whether the network has plasticity or monitors, whose
// hooks only the reference plan calls.
func (net *Network) observed() bool { return net.lastSpike != nil }

// seeSpikes is the start of phase 2: the plasticity sees the spikes of the
// previous step as postsynaptic spikes.
func (net *Network) seeSpikes() {
	if net.rule == nil {
		return
	}
	for _, i := range net.fired {
		net.rule.PostSpike(net, i)
	}
}

// endStep is phase 5: spike times are noted, then the plasticity's Stepped
// hook and the monitors run.
func (net *Network) endStep() {
	if net.lastSpike == nil {
		return
	}
	for _, i := range net.fired {
		net.lastSpike[i] = net.t
	}
	if net.rule != nil {
		net.rule.Stepped(net)
	}
	for _, m := range net.monitors {
		m.Observe(net)
	}
}

// Plasticity returns the network's plasticity rule (Config.Plasticity), or
// nil.
func (net *Network) Plasticity() Plasticity { return net.rule }
