package spnet

import (
	"runtime"
	"sync/atomic"
)

// A pipelined run splits a millisecond between two goroutines without
// changing a bit of the result. The network's dynamics — threshold,
// delivery of input, integration, monitors — need the weights but never
// the STDP rule's derivatives, traces or spike history, and the weights
// change only at the end of a period. So [Network.Run] lets the dynamics
// run ahead while a second goroutine replays, millisecond by millisecond
// and in the original's order, what the rule does with the spikes:
// potentiation when a neuron fires, depression when a spike arrives, the
// decay of the traces. Every derivative therefore receives the same
// operations in the same order as in a plain run. The two meet at the end
// of every second and every period (before the monitors, so a statistic
// or callback sees the whole state, and before the weight update) and at
// the end of Run.
//
// Only parts whose effect on the state is known take part: the rule must
// be the built-in [*STDP], the input none or [Thalamic], and the monitors
// of this package's kinds ([*Spikes], [*SpikeWriter], [*Stats],
// [*Weights], [*Rhythm]); with anything else, or one CPU, Run steps
// plainly.

// pipelineMinMs is the shortest Run that starts a second goroutine.
const pipelineMinMs = 100

// pipelineEnabled lets tests compare pipelined and plain runs.
var pipelineEnabled = true

// pipelineWindow is how far (in ms) the dynamics may run ahead of the
// plasticity: the log of fired neurons holds that many milliseconds, and
// the two meet at least once per window (every second).
const pipelineWindow = 1000

// pipelineNudge is how often (in ms) the dynamics wakes the plasticity.
const pipelineNudge = 16

type pipeline struct {
	net  *Network
	stdp *STDP

	// Written by the dynamics, read by the plasticity after published:
	// log[t % window] holds the neurons that fired at t.
	log       [pipelineWindow][]int32
	published atomic.Int64 // the log holds every ms before this one
	want      atomic.Int64 // 1 + the ms the dynamics waits for the plasticity to reach (0: not waiting)
	wake      chan struct{}
	ack       chan struct{}
	finished  chan struct{}

	// The plasticity goroutine's own: the next millisecond to replay, and
	// its copy of the network's lists of arriving synapses, kept from the
	// same spikes in the same way.
	next     int64
	arrivals [][]arrival
}

// pipelines reports whether a Run of ms milliseconds would be pipelined,
// and the rule it would replay.
func (n *Network) pipelines(ms int) (*STDP, bool) {
	stdp, ok := n.Plasticity.(*STDP)
	if !ok || !pipelineEnabled || ms < pipelineMinMs || runtime.GOMAXPROCS(0) < 2 {
		return nil, false
	}
	switch n.Input.(type) {
	case nil, Thalamic:
	default:
		return nil, false
	}
	for _, m := range n.Monitors {
		switch m.(type) {
		case *Spikes, *SpikeWriter, *Stats, *Weights, *Rhythm:
		default:
			return nil, false
		}
	}
	return stdp, true
}

// newPipeline starts a pipeline for a Run of ms milliseconds, or returns
// nil if the run should step plainly.
func (n *Network) newPipeline(ms int) *pipeline {
	stdp, ok := n.pipelines(ms)
	if !ok {
		return nil
	}
	pl := &pipeline{
		net:      n,
		stdp:     stdp,
		wake:     make(chan struct{}, 1),
		ack:      make(chan struct{}),
		finished: make(chan struct{}),
		next:     n.t,
		arrivals: make([][]arrival, len(n.arrivals)),
	}
	for s, list := range n.arrivals {
		pl.arrivals[s] = append([]arrival(nil), list...)
	}
	pl.published.Store(n.t)
	go pl.work()
	return pl
}

// publish hands the plasticity the neurons that fired at t.
func (pl *pipeline) publish(t int64, fired []int32) {
	k := t % pipelineWindow
	pl.log[k] = append(pl.log[k][:0], fired...)
	pl.published.Store(t + 1)
	if (t+1)%pipelineNudge == 0 {
		pl.nudge()
	}
}

func (pl *pipeline) nudge() {
	select {
	case pl.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// meetsAt reports whether the dynamics must wait for the plasticity at the
// end of millisecond t's integration.
func (pl *pipeline) meetsAt(t int64) bool {
	return (t+1)%pipelineWindow == 0 || pl.stdp.periodEnds(t)
}

// wait returns when the plasticity has replayed every millisecond before
// upTo.
func (pl *pipeline) wait(upTo int64) {
	pl.want.Store(upTo + 1)
	pl.nudge()
	<-pl.ack
}

// stop waits for the plasticity to replay everything published and ends
// its goroutine.
func (pl *pipeline) stop() {
	pl.wait(pl.published.Load())
	close(pl.wake)
	<-pl.finished
}

func (pl *pipeline) work() {
	defer close(pl.finished)
	for range pl.wake {
		for {
			upTo := pl.published.Load()
			for ; pl.next < upTo; pl.next++ {
				pl.replay(pl.next)
			}
			if w := pl.want.Load(); w != 0 && pl.next >= w-1 {
				pl.want.Store(0)
				pl.ack <- struct{}{}
			}
			if pl.published.Load() == upTo {
				break
			}
		}
	}
}

// replay does the rule's part of millisecond t, as a plain Step would:
// Fired for each neuron that fired, in index order; the depression of
// every excitatory synapse a spike arrives through (each synapse at most
// once a millisecond, so their order does not matter); the decay of the
// traces.
func (pl *pipeline) replay(t int64) {
	p, syn := pl.stdp, pl.net.Syn
	for _, i := range pl.log[t%pipelineWindow] {
		p.fired(int(i), t)
		scheduleInto(pl.arrivals, syn, int(i), t, 1)
	}
	post, deriv, ltd := syn.Post, p.Deriv, p.ltd
	s := int(t % int64(len(pl.arrivals)))
	for _, a := range pl.arrivals[s] {
		lo, hi := int(a.lo), int(a.hi)
		if lo >= p.plastic {
			continue
		}
		ps := post[lo:hi]
		ds := deriv[lo:hi]
		ds = ds[:len(ps)]
		for j, q := range ps {
			ds[j] -= ltd[q]
		}
	}
	pl.arrivals[s] = pl.arrivals[s][:0]
	p.decayTraces()
}
