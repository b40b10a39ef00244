package snn

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A team keeps helper goroutines waiting, spinning, between the parallel
// phases of a run's steps. Starting a goroutine for every phase means
// waking an idle core, and in a virtual machine an idle vCPU is halted:
// waking it costs a sizeable part of a large network's step
// (BENCHMARKS.md, "Measurements behind the code"). A helper that spins for
// a while after each phase picks the next one up at once; after spinLimit
// without work it sleeps until woken, so a run that pauses (a slow spike
// writer, a progress callback) does not keep a core busy. A team exists
// only during Run, and only for networks whose steps are one parallel
// phase (see Network.startTeam).
//
// Which goroutine runs a chunk never changes a result (the rule of package
// par), so a team changes speed only.
type team struct {
	helpers int
	gen     atomic.Uint64           // incremented for every job
	job     atomic.Pointer[teamJob] // the current job
	parked  atomic.Int32            // helpers asleep on wake
	wake    chan struct{}
	stop    atomic.Bool
	wg      sync.WaitGroup
}

// A teamJob is one parallel phase: chunks calls of f, handed out in order.
type teamJob struct {
	f         func(worker, chunk int)
	chunks    int64
	next      atomic.Int64
	completed atomic.Int64
}

// spinLimit is how long a helper spins for work before it sleeps.
const spinLimit = 200 * time.Microsecond

// newTeam starts helpers goroutines (workers 1 … helpers; the caller of
// run is worker 0).
func newTeam(helpers int) *team {
	t := &team{helpers: helpers, wake: make(chan struct{}, helpers)}
	for k := 1; k <= helpers; k++ {
		t.wg.Add(1)
		go t.help(k)
	}
	return t
}

// help is helper k's loop: wait for a new job, work on it, repeat.
func (t *team) help(k int) {
	defer t.wg.Done()
	seen := uint64(0)
	for {
		start := time.Now()
		for spins := 0; t.gen.Load() == seen && !t.stop.Load(); spins++ {
			if spins%1024 == 1023 {
				if time.Since(start) > spinLimit {
					t.parked.Add(1)
					if t.gen.Load() == seen && !t.stop.Load() {
						<-t.wake
					}
					t.parked.Add(-1)
					start = time.Now()
				} else {
					runtime.Gosched() // let other goroutines (the GC, timers) in
				}
			}
		}
		if t.stop.Load() {
			return
		}
		seen = t.gen.Load()
		t.job.Load().work(k)
	}
}

// work runs chunks of j until none is left.
func (j *teamJob) work(worker int) {
	for {
		c := j.next.Add(1) - 1
		if c >= j.chunks {
			return
		}
		j.f(worker, int(c))
		j.completed.Add(1)
	}
}

// run calls f(worker, chunk) for every chunk in [0, chunks) on the team and
// the calling goroutine, and returns when all are done. The calling
// goroutine first calls beside, when not nil: work of its own that then
// overlaps the helpers' chunks.
func (t *team) run(chunks int, f func(worker, chunk int), beside func()) {
	j := &teamJob{f: f, chunks: int64(chunks)}
	t.job.Store(j)
	t.gen.Add(1)
	t.rouse()
	if beside != nil {
		beside()
	}
	j.work(0)
	for j.completed.Load() < j.chunks {
		// The helpers are finishing their chunks.
	}
}

// rouse wakes the helpers that went to sleep.
func (t *team) rouse() {
	for range t.parked.Load() {
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
}

// close stops the helpers and waits for them.
func (t *team) close() {
	t.stop.Store(true)
	for range t.helpers {
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
	t.wg.Wait()
}

// startTeam starts a team for a run of the network, or returns nil, when
// its steps are a single parallel phase of delivery blocks (deliverAndStep
// with the noise drawn in it) large enough to go parallel. It keeps no
// more helpers than there are blocks and other CPUs, since a spinning
// helper without a CPU of its own would only slow the others.
func (net *Network) startTeam() *team {
	e := &net.eng
	if e.plan != planFusedNoise || net.n < e.minNeurons || net.drawsAhead() {
		return nil
	}
	helpers := min(e.workers(), e.bd.blocks(), runtime.NumCPU()) - 1
	if helpers < 1 {
		return nil
	}
	return newTeam(helpers)
}

// takeBeside returns the work Run left for the calling goroutine to do
// during this step's parallel phase, or nil, and clears it.
func (net *Network) takeBeside() func() {
	f := net.eng.beside
	net.eng.beside = nil
	return f
}
