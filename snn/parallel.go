package snn

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Parallelism in this package follows one rule: the work is split into
// pieces whose boundaries depend only on the problem (never on the number
// of cores), or the pieces write disjoint results that do not depend on
// how the work was split. Either way the same seed gives the same spikes
// for any GOMAXPROCS.

// workers returns how many goroutines a parallel phase may use.
func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// parallelRanges splits [0, n) into at most workers() contiguous ranges
// of at least grain elements (aligned to 8) and calls f(k, lo, hi) on the
// k-th of them, in parallel. f must write only results that belong to its
// range, and the results must not depend on where the ranges are cut. It
// returns the number of ranges.
func parallelRanges(n, grain int, f func(k, lo, hi int)) int {
	w := workers()
	if grain < 1 {
		grain = 1
	}
	if w > 1 && n/grain < w {
		w = n / grain
	}
	if w <= 1 {
		f(0, 0, n)
		return 1
	}
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		lo, hi := split(n, w, k)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(k, lo, hi)
		}()
	}
	lo, hi := split(n, w, 0)
	f(0, lo, hi)
	wg.Wait()
	return w
}

// split returns the k-th of w ranges of [0, n), aligned to multiples of 8
// so that neighbouring ranges do not share a cache line of float64s.
func split(n, w, k int) (lo, hi int) {
	lo = (n * k / w) &^ 7
	hi = (n * (k + 1) / w) &^ 7
	if k == w-1 {
		hi = n
	}
	return lo, hi
}

// parallelChunks calls f(worker, chunk) for every chunk in [0, chunks),
// handing chunks to at most workers() goroutines as they become free.
// worker (0 ≤ worker < the number of goroutines) lets f use per-goroutine
// scratch space; the result of a chunk must not depend on which worker
// ran it. It returns the number of goroutines used.
func parallelChunks(chunks int, f func(worker, chunk int)) int {
	w := min(workers(), chunks)
	if w <= 1 {
		for c := range chunks {
			f(0, c)
		}
		return 1
	}
	var next atomic.Int64
	work := func(k int) {
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			f(k, c)
		}
	}
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(k)
		}()
	}
	work(0) // the calling goroutine is worker 0
	wg.Wait()
	return w
}

// Below these sizes a phase of a step runs on one goroutine: starting
// goroutines would cost more than it saves. They change only speed, never
// results; tests lower them to exercise the parallel paths on small
// networks.
var (
	parallelMinEvents  = 1 << 15 // synaptic events in one step
	parallelMinNeurons = 1 << 13 // neurons of one population
)

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
	bd, ok := net.syn.(blockDeliverer)
	if !ok {
		return net.syn.Deliver(net.fired, I)
	}
	if len(net.fired) == 0 {
		return 0
	}
	nb := bd.blocks()
	counts := net.blockCounts(nb)
	if bd.expectedEvents(len(net.fired)) < float64(parallelMinEvents) || nb == 1 {
		bd.prepare()
		for b := range nb {
			counts[b] = bd.deliverBlock(net.fired, I, b)
		}
	} else {
		bd.prepare()
		parallelChunks(nb, func(_, b int) {
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
	if cap(net.counts) < nb {
		net.counts = make([]int, nb)
	}
	return net.counts[:nb]
}

// stepIzhikevich advances population p of built-in neurons, on all cores
// when it is large, and appends the network indices of the neurons that
// fired, in increasing order, to net.fired. It reports whether every
// neuron's state is still finite.
func (net *Network) stepIzhikevich(p *population, z *Izhikevich, I []float64) bool {
	n := z.Len()
	if n < parallelMinNeurons || workers() == 1 {
		var ok bool
		net.local, ok = z.stepRange(0, n, I, net.local[:0])
		for _, i := range net.local {
			net.fired = append(net.fired, p.Start+i)
		}
		return ok
	}
	w := workers()
	for len(net.parts) < w {
		net.parts = append(net.parts, nil)
	}
	oks := make([]bool, w)
	used := parallelRanges(n, 1024, func(k, lo, hi int) {
		net.parts[k], oks[k] = z.stepRange(lo, hi, I, net.parts[k][:0])
	})
	ok := true
	for k := range used {
		for _, i := range net.parts[k] {
			net.fired = append(net.fired, p.Start+i)
		}
		ok = ok && oks[k]
	}
	return ok
}

// deliverAndStep is steps 2–4 of [Network.Step] (and step 1, drawing the
// noise, when noise is not nil: see noise_fused.go) done block by block when
// the synapses deliver by blocks and every population is built-in
// Izhikevich neurons: each goroutine takes a block of postsynaptic
// neurons, sums its synaptic input and at once advances its neurons,
// while the input is still in the core's cache, so a step needs one
// parallel phase instead of two. It reports whether it did the work (not
// otherwise) and whether every state is still finite.
func (net *Network) deliverAndStep(I []float64, noise *fusedNoise) (done, ok bool) {
	bd, isBD := net.syn.(blockDeliverer)
	if !isBD {
		return false, false
	}
	for k := range net.pops {
		if _, isIzh := net.pops[k].model.(*Izhikevich); !isIzh {
			return false, false
		}
	}
	fired := net.fired
	nb := bd.blocks()
	parallel := workers() > 1 && nb > 1 && (bd.expectedEvents(len(fired)) >= float64(parallelMinEvents) || net.n >= parallelMinNeurons)
	bd.prepare()
	if bs, isBS := bd.(blockSummer); isBS && parallel {
		return true, net.sumAndStep(bs, I, noise)
	}
	counts := net.blockCounts(nb)
	for len(net.parts) < nb {
		net.parts = append(net.parts, nil)
	}
	if cap(net.oks) < nb {
		net.oks = make([]bool, nb)
	}
	oks := net.oks[:nb]
	block := func(_, b int) {
		lo, hi := bd.blockRange(b)
		if noise != nil {
			noise.stimulate(net, I, lo, hi)
		}
		counts[b] = bd.deliverBlock(fired, I, b)
		net.parts[b], oks[b] = net.stepNeurons(lo, hi, I, net.parts[b][:0])
	}
	if parallel {
		if net.team != nil {
			net.team.run(nb, block, net.takeBeside())
		} else {
			parallelChunks(nb, block)
		}
	} else {
		for b := range nb {
			block(0, b)
		}
	}
	return true, net.gather(nb, counts)
}

// gather collects the spikes and event counts of a step done in chunks
// parts[:chunks] and oks[:chunks] (in neuron order) and delivery blocks
// counts, and reports whether every state is still finite.
func (net *Network) gather(chunks int, counts []int) bool {
	net.fired = net.fired[:0]
	ok := true
	for c := range chunks {
		net.fired = append(net.fired, net.parts[c]...)
		ok = ok && net.oks[c]
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
// their noise, adds their sums, advances them): about 15 µs of work, so
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
	fired := net.fired
	nb := bs.blocks()
	counts := net.blockCounts(nb)
	st := &net.shared
	st.reset(bs)
	chunks := len(st.bounds) - 1
	for len(net.parts) < chunks {
		net.parts = append(net.parts, nil)
	}
	if cap(net.oks) < chunks {
		net.oks = make([]bool, chunks)
	}
	oks := net.oks[:chunks]
	// draw draws chunk c's noise unless another goroutine took it, and
	// reports whether it did.
	draw := func(c int) bool {
		if !st.noise[c].CompareAndSwap(noiseFree, noiseTaken) {
			return false
		}
		noise.stimulate(net, I, st.bounds[c], st.bounds[c+1])
		st.noise[c].Store(noiseDrawn)
		return true
	}
	goroutines := workers()
	if net.team != nil {
		goroutines = net.team.helpers + 1
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
					for st.noise[c].Load() != noiseDrawn {
						// Another goroutine is drawing it.
					}
				}
				if len(fired) > 0 {
					bs.addSums(I, lo, hi)
				}
				net.parts[c], oks[c] = net.stepNeurons(lo, hi, I, net.parts[c][:0])
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
	if net.team != nil {
		net.team.run(goroutines, work, net.takeBeside())
	} else {
		parallelChunks(goroutines, work)
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
		z := p.model.(*Izhikevich)
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
