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
	prepare(workers int)           // make per-goroutine scratch space
	// deliverBlock returns the number of synaptic events it delivered.
	deliverBlock(fired []int, I []float64, block, worker int) int
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
		bd.prepare(1)
		for b := range nb {
			counts[b] = bd.deliverBlock(net.fired, I, b, 0)
		}
	} else {
		bd.prepare(min(workers(), nb))
		parallelChunks(nb, func(w, b int) {
			counts[b] = bd.deliverBlock(net.fired, I, b, w)
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
	counts := net.blockCounts(nb)
	for len(net.parts) < nb {
		net.parts = append(net.parts, nil)
	}
	if cap(net.oks) < nb {
		net.oks = make([]bool, nb)
	}
	oks := net.oks[:nb]
	block := func(w, b int) {
		lo, hi := bd.blockRange(b)
		if noise != nil {
			noise.stimulate(net, I, lo, hi)
		}
		counts[b] = bd.deliverBlock(fired, I, b, w)
		net.parts[b], oks[b] = net.stepNeurons(lo, hi, I, net.parts[b][:0])
	}
	if workers() > 1 && nb > 1 && (bd.expectedEvents(len(fired)) >= float64(parallelMinEvents) || net.n >= parallelMinNeurons) {
		bd.prepare(min(workers(), nb))
		if net.team != nil {
			net.team.run(nb, block)
		} else {
			parallelChunks(nb, block)
		}
	} else {
		bd.prepare(1)
		for b := range nb {
			block(0, b)
		}
	}
	net.fired = net.fired[:0]
	ok = true
	for b := range nb {
		net.fired = append(net.fired, net.parts[b]...)
		ok = ok && oks[b]
		net.events += int64(counts[b])
	}
	return true, ok
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
