package snn

import (
	"sync/atomic"

	"github.com/gosnn/gosnn/snn/internal/par"
)

// This file holds the engine's multi-core plans (see plan in step.go). They
// follow the rule of package par: the work is cut where the problem, not
// the number of cores, says, so the spikes are the same for any
// GOMAXPROCS.

// A blockDeliverer delivers to one block of postsynaptic neurons at a
// time, so that goroutines deliver one step's spikes to different blocks
// at once. Each neuron's sum is the same whichever goroutine forms it.
type blockDeliverer interface {
	blocks() int
	blockRange(b int) (lo, hi int) // the postsynaptic neurons of block b
	prepare()                      // make scratch space
	// deliverBlock returns the number of synaptic events it delivered.
	deliverBlock(fired []int, I []float64, block int) int
	// expectedEvents estimates a step's events from its number of
	// spikes, to decide whether delivery is worth spreading over cores.
	expectedEvents(spikes int) float64
}

// deliver adds the synaptic input of the neurons that fired in the last
// step to I, on all cores when the step has enough events, and returns the
// number of events.
func (net *Network) deliver(I []float64) int {
	bd := net.eng.bd
	if bd == nil {
		return net.syn.Deliver(net.fired, I)
	}
	if len(net.fired) == 0 {
		return 0
	}
	nb := bd.blocks()
	counts := net.blockCounts(nb)
	if bd.expectedEvents(len(net.fired)) < float64(net.eng.minEvents) || nb == 1 {
		bd.prepare()
		for b := range nb {
			counts[b] = bd.deliverBlock(net.fired, I, b)
		}
	} else {
		bd.prepare()
		par.Chunks(net.eng.workers(), nb, func(_, b int) {
			counts[b] = bd.deliverBlock(net.fired, I, b)
		})
	}
	e := 0
	for _, c := range counts {
		e += c
	}
	return e
}

// blockCounts returns scratch space for nb per-block event counts.
func (net *Network) blockCounts(nb int) []int {
	if cap(net.eng.counts) < nb {
		net.eng.counts = make([]int, nb)
	}
	return net.eng.counts[:nb]
}

// stepIzhikevich advances population p of built-in neurons, on all cores
// when it is large, and appends the network indices of the neurons that
// fired, in increasing order, to net.fired. It reports whether every
// neuron's state is still finite.
func (net *Network) stepIzhikevich(p *population, z *Izhikevich, I []float64) bool {
	e := &net.eng
	n := z.Len()
	w := e.workers()
	if n < e.minNeurons || w == 1 {
		var ok bool
		e.local, ok = z.stepRange(0, n, I, e.local[:0])
		for _, i := range e.local {
			net.fired = append(net.fired, p.Start+i)
		}
		return ok
	}
	for len(e.parts) < w {
		e.parts = append(e.parts, nil)
	}
	if cap(e.oks) < w {
		e.oks = make([]bool, w)
	}
	oks := e.oks[:w]
	used := par.Ranges(w, n, 1024, func(k, lo, hi int) {
		e.parts[k], oks[k] = z.stepRange(lo, hi, I, e.parts[k][:0])
	})
	ok := true
	for k := range used {
		for _, i := range e.parts[k] {
			net.fired = append(net.fired, p.Start+i)
		}
		ok = ok && oks[k]
	}
	return ok
}

// deliverAndStep is phases 2–4 of [Network.Step] (and phase 1, drawing the
// noise, when noise is not nil: see noise_fused.go) done block by block,
// the blocks and fusedNoise plans: each goroutine takes a block of
// postsynaptic neurons, sums its synaptic input and at once advances its
// neurons, while the input is still in the core's cache, so a step needs
// one parallel phase instead of two. It reports whether every state is
// still finite.
func (net *Network) deliverAndStep(I []float64, noise *fusedNoise) bool {
	e := &net.eng
	bd := e.bd
	fired := net.fired
	nb := bd.blocks()
	parallel := e.workers() > 1 && nb > 1 && (bd.expectedEvents(len(fired)) >= float64(e.minEvents) || net.n >= e.minNeurons)
	bd.prepare()
	if e.bs != nil && parallel {
		return net.sumAndStep(e.bs, I, noise)
	}
	counts := net.blockCounts(nb)
	for len(e.parts) < nb {
		e.parts = append(e.parts, nil)
	}
	if cap(e.oks) < nb {
		e.oks = make([]bool, nb)
	}
	oks := e.oks[:nb]
	block := func(_, b int) {
		lo, hi := bd.blockRange(b)
		if noise != nil {
			noise.stimulate(net, I, lo, hi)
		}
		counts[b] = bd.deliverBlock(fired, I, b)
		e.parts[b], oks[b] = net.stepNeurons(lo, hi, I, e.parts[b][:0])
	}
	if parallel {
		if e.team != nil {
			e.team.run(nb, block, net.takeBeside())
		} else {
			par.Chunks(e.workers(), nb, block)
		}
	} else {
		for b := range nb {
			block(0, b)
		}
	}
	return net.gather(nb, counts)
}

// gather collects the spikes and event counts of a step done in chunks
// parts[:chunks] and oks[:chunks] (in neuron order) and delivery blocks
// counts, and reports whether every state is still finite.
func (net *Network) gather(chunks int, counts []int) bool {
	net.fired = net.fired[:0]
	ok := true
	for c := range chunks {
		net.fired = append(net.fired, net.eng.parts[c]...)
		ok = ok && net.eng.oks[c]
	}
	for _, e := range counts {
		net.events += int64(e)
	}
	return ok
}

// A blockSummer is a blockDeliverer that forms a block's sums apart from
// the input and adds them to any part of the block later, so that the
// input can be drawn while the sums are formed elsewhere.
type blockSummer interface {
	blockDeliverer
	// sumBlock forms block b's sums, which must be zero, and returns the
	// number of synaptic events.
	sumBlock(fired []int, b int) int
	// addSums adds the sums to I[lo:hi] (lo and hi in one block) and sets
	// them back to zero.
	addSums(I []float64, lo, hi int)
}

// stepChunk is the number of neurons sumAndStep finishes at a time (draws
// their noise, adds their sums, advances them): a short piece of work, so
// that a goroutine that finished its own block can take a fair share of
// another block's noise, and the chunk's input stays in the core's
// nearest caches from one stage to the next.
const stepChunk = 4096

// Stages of a chunk's noise in sumAndStep.
const (
	noiseFree  = iota // nobody has taken it
	noiseTaken        // a goroutine is drawing it
	noiseDrawn        // the chunk's input holds it
)

// sharedStep is what the goroutines of one sumAndStep step share.
type sharedStep struct {
	bounds  []int          // chunk c is the neurons bounds[c] ≤ i < bounds[c+1]
	first   []int          // block b's chunks are first[b] ≤ c < first[b+1]
	claimed []atomic.Bool  // block b has been taken by a goroutine
	noise   []atomic.Int32 // the stage of chunk c's noise
	drawn   waiter         // goroutines wait here for noise another is drawing
}

// reset prepares s for a step over the blocks of bd.
func (s *sharedStep) reset(bd blockDeliverer) {
	nb := bd.blocks()
	if len(s.first) != nb+1 {
		s.bounds, s.first = s.bounds[:0], s.first[:0]
		for b := range nb {
			lo, hi := bd.blockRange(b)
			s.first = append(s.first, len(s.bounds))
			for c := lo; c < hi; c += stepChunk {
				s.bounds = append(s.bounds, c)
			}
		}
		_, hi := bd.blockRange(nb - 1)
		s.first = append(s.first, len(s.bounds))
		s.bounds = append(s.bounds, hi)
		s.claimed, s.noise = make([]atomic.Bool, nb), make([]atomic.Int32, len(s.bounds)-1)
		s.drawn.init()
	}
	for b := range s.claimed {
		s.claimed[b].Store(false)
	}
	for c := range s.noise {
		s.noise[c].Store(noiseFree)
	}
}

// sumAndStep is deliverAndStep on all cores for synapses that form their
// sums apart from the input. Each goroutine takes a block of postsynaptic
// neurons and forms its sums; then, chunk by chunk from the block's
// start, it draws the chunk's noise, adds its sums and advances its
// neurons. A goroutine that runs out of blocks draws the noise of the
// others' chunks from their ends, while their owners work towards them,
// so the cores finish together even when the blocks take unequal time
// (blocks differ in synapses and populations, cores in speed). Only the
// noise is shared: it writes nothing but the input, while advancing
// another block's neurons would first move their state and sums between
// the cores' caches, which cost as much as it saved. Every neuron's input
// is formed by the same operations, in the same order, as in
// deliverAndStep's other paths. It reports whether every state is still
// finite.
func (net *Network) sumAndStep(bs blockSummer, I []float64, noise *fusedNoise) bool {
	e := &net.eng
	fired := net.fired
	nb := bs.blocks()
	counts := net.blockCounts(nb)
	st := &e.shared
	st.reset(bs)
	chunks := len(st.bounds) - 1
	for len(e.parts) < chunks {
		e.parts = append(e.parts, nil)
	}
	if cap(e.oks) < chunks {
		e.oks = make([]bool, chunks)
	}
	oks := e.oks[:chunks]
	// draw draws chunk c's noise unless another goroutine took it, and
	// reports whether it did.
	draw := func(c int) bool {
		if !st.noise[c].CompareAndSwap(noiseFree, noiseTaken) {
			return false
		}
		noise.stimulate(net, I, st.bounds[c], st.bounds[c+1])
		st.noise[c].Store(noiseDrawn)
		st.drawn.wakeAll()
		return true
	}
	spin := e.wait.budget()
	goroutines := e.workers()
	if e.team != nil {
		goroutines = e.team.helpers + 1
	}
	work := func(_, k int) {
		// Goroutine k starts at its share of the blocks, so that from step
		// to step a block tends to stay with the core whose caches hold
		// its sums and neurons.
		start := k * nb / goroutines
		for i := range nb {
			b := (start + i) % nb
			if !st.claimed[b].CompareAndSwap(false, true) {
				continue
			}
			counts[b] = bs.sumBlock(fired, b)
			for c := st.first[b]; c < st.first[b+1]; c++ {
				lo, hi := st.bounds[c], st.bounds[c+1]
				if noise != nil && !draw(c) {
					// Another goroutine is drawing it.
					st.drawn.wait(spin, func() bool { return st.noise[c].Load() == noiseDrawn })
				}
				if len(fired) > 0 {
					bs.addSums(I, lo, hi)
				}
				e.parts[c], oks[c] = net.stepNeurons(lo, hi, I, e.parts[c][:0])
			}
		}
		if noise == nil {
			return
		}
		for i := range nb {
			b := (start + i) % nb
			// From the block's end until its owner's chunks.
			for c := st.first[b+1] - 1; c >= st.first[b] && draw(c); c-- {
			}
		}
	}
	if e.team != nil {
		e.team.run(goroutines, work, net.takeBeside())
	} else {
		par.Chunks(goroutines, goroutines, work)
	}
	return net.gather(chunks, counts)
}

// stepNeurons advances the built-in neurons lo ≤ i < hi (network
// indices), which may span populations, and appends the network indices
// of those that fired to out.
func (net *Network) stepNeurons(lo, hi int, I []float64, out []int) ([]int, bool) {
	ok := true
	for k := range net.pops {
		p := &net.pops[k]
		a, b := max(lo, p.Start), min(hi, p.Start+p.Size)
		if a >= b {
			continue
		}
		z := net.eng.izh[k]
		n0 := len(out)
		var fine bool
		out, fine = z.stepRange(a-p.Start, b-p.Start, I[p.Start:p.Start+p.Size], out)
		for x := n0; x < len(out); x++ {
			out[x] += p.Start
		}
		ok = ok && fine
	}
	return out, ok
}
