package snn

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A team keeps helper goroutines waiting between the parallel phases of a
// run's steps. Starting a goroutine for every phase means waking an idle
// core, and in a virtual machine an idle vCPU is halted: waking it costs a
// sizeable part of a large network's step (BENCHMARKS.md, "Measurements
// behind the code"). So a goroutine that waits — a helper for the next
// phase, the caller for the helpers' last chunks — first spins, for a
// short budget (the team's spin, see waitPolicy), and then parks, as
// mature runtimes do (OpenMP's GOMP_SPINCOUNT, the Go scheduler's own
// spinning threads): on a quiet machine the next phase comes within the
// budget and is picked up at once, while on a busy one a waiting
// goroutine gives its core back instead of spinning for a partner that
// the operating system is not running.
//
// When the cores are that busy, the helpers arrive too late to take a
// share of a phase, or stop in the middle of their share for
// milliseconds, and every phase pays for waking and waiting for them.
// The team notices (see team.judge) and runs the next phases on the
// caller alone, without waking anyone, for a while that grows as long as
// the helpers keep arriving late, then tries them again: a serial
// fallback that follows the CPU time the machine actually gives.
//
// A team exists only during Run, and only for networks whose steps are
// one parallel phase (see Network.startTeam). Which goroutine runs a
// chunk never changes a result (the rule of package par), so a team
// changes speed only.
type team struct {
	helpers int
	policy  waitPolicy
	gen     atomic.Uint64           // incremented for every job
	job     atomic.Pointer[teamJob] // the current job
	stop    atomic.Bool
	jobs    waiter // helpers wait here for a job
	done    waiter // the caller waits here for the helpers' last chunks
	wg      sync.WaitGroup

	// The caller's account of the helpers (see judge).
	late    float64 // moving average of jobs the helpers did not help with
	solo    int     // jobs left to run without the helpers
	backoff int     // length of the next solo stretch
	stats   teamStats
	sink    *teamStats // where close adds stats
}

// teamStats counts what a team's jobs did, for tests and benchmarks.
type teamStats struct {
	jobs int // parallel phases run
	solo int // of which run by the caller alone (the serial fallback)
	late int // of the others: those no helper took a chunk of
	slow int // of the others: those the caller waited for longer than it worked
}

// A teamJob is one parallel phase: chunks calls of f, handed out in order.
type teamJob struct {
	f         func(worker, chunk int)
	chunks    int64
	next      atomic.Int64
	completed atomic.Int64
	done      *waiter // notified when the last chunk completes
}

// A waitPolicy says how the goroutines of a run wait for each other.
// The zero value is the default: spin for defaultSpin, then park, and fall
// back to the caller alone while the helpers arrive late.
type waitPolicy struct {
	spin time.Duration // how long to spin before parking; 0: defaultSpin
	// active keeps the engine's earlier policy, for comparison in
	// benchmarks: helpers spin for activeHelperSpin before parking, and
	// the caller and the goroutines waiting for each other's noise spin
	// until the work is done, without a fallback.
	active bool
	// alwaysTeam turns the serial fallback off (tests and benchmarks).
	alwaysTeam bool
}

// defaultSpin is how long a waiting goroutine spins before it parks: about
// the time a parked goroutine takes to run again once woken on this
// project's virtual machine (from a few microseconds to 0.17 ms when the
// other vCPU is halted), so that spinning costs at most about twice the
// best choice in hindsight, and more than the pause between a step's
// parallel phases on a quiet machine (a few microseconds), so that
// helpers stay awake from step to step (BENCHMARKS.md, "The engine under
// contention").
const defaultSpin = 50 * time.Microsecond

// activeHelperSpin is how long a helper spun for a job before parking in
// the active policy.
const activeHelperSpin = 200 * time.Microsecond

// Serial fallback: after jobs whose helpers came late (a moving average
// above lateLimit, the average taking lateWeight of each new job), the
// caller runs minSolo jobs alone, then maxSolo at most, doubling while the
// trial jobs after each stretch keep coming late.
const (
	lateWeight = 0.125
	lateLimit  = 0.5
	minSolo    = 16
	maxSolo    = 4096
)

// helperSpin is how long a helper spins for the next job.
func (p waitPolicy) helperSpin() time.Duration {
	if p.active {
		return activeHelperSpin
	}
	return p.budget()
}

// budget is how long the caller, and the goroutines of a step waiting for
// each other, spin; a negative budget spins until the work is done.
func (p waitPolicy) budget() time.Duration {
	switch {
	case p.active:
		return -1
	case p.spin == 0:
		return defaultSpin
	}
	return p.spin
}

// newTeam starts helpers goroutines (workers 1 … helpers; the caller of
// run is worker 0).
func newTeam(helpers int, policy waitPolicy, sink *teamStats) *team {
	t := &team{helpers: helpers, policy: policy, backoff: minSolo, sink: sink}
	t.jobs.init()
	t.done.init()
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
	spin := t.policy.helperSpin()
	for {
		t.jobs.wait(spin, func() bool { return t.gen.Load() != seen || t.stop.Load() })
		if t.stop.Load() {
			return
		}
		seen = t.gen.Load()
		t.job.Load().work(k)
	}
}

// work runs chunks of j until none is left, and returns how many it ran.
func (j *teamJob) work(worker int) int {
	ran := 0
	for {
		c := j.next.Add(1) - 1
		if c >= j.chunks {
			return ran
		}
		j.f(worker, int(c))
		ran++
		if j.completed.Add(1) == j.chunks {
			j.done.wakeAll()
		}
	}
}

// run calls f(worker, chunk) for every chunk in [0, chunks) on the team and
// the calling goroutine, and returns when all are done. The calling
// goroutine first calls beside, when not nil: work of its own that then
// overlaps the helpers' chunks. In the serial fallback the caller does it
// all, in the same order, without waking the helpers.
func (t *team) run(chunks int, f func(worker, chunk int), beside func()) {
	t.stats.jobs++
	if t.solo > 0 {
		t.solo--
		t.stats.solo++
		if beside != nil {
			beside()
		}
		for c := range chunks {
			f(0, c)
		}
		return
	}
	j := &teamJob{f: f, chunks: int64(chunks), done: &t.done}
	t.job.Store(j)
	t.gen.Add(1)
	t.jobs.wakeAll()
	if beside != nil {
		beside()
	}
	start := time.Now()
	mine := j.work(0)
	own := time.Since(start)
	t.done.wait(t.policy.budget(), func() bool { return j.completed.Load() == j.chunks })
	t.judge(mine == chunks && chunks > 1, time.Since(start)-own > own)
}

// judge keeps the moving average of the jobs the helpers did not help
// with: those where the caller ran every chunk itself (alone: the helpers
// were not running when the job came), or waited for the helpers' last
// chunks longer than it took for its own (slow: a helper was descheduled
// in the middle of its chunk, so the job took longer than the caller
// alone would have, the chunks being of about equal size). Above
// lateLimit the next jobs run on the caller alone (see team). A long job
// keeps the helpers even when they start late, as long as they save
// time.
func (t *team) judge(alone, slow bool) {
	late := alone || slow
	if alone {
		t.stats.late++
	}
	if slow {
		t.stats.slow++
	}
	if t.policy.active || t.policy.alwaysTeam {
		return
	}
	x := 0.0
	if late {
		x = 1
	}
	t.late += lateWeight * (x - t.late)
	switch {
	case t.late > lateLimit:
		t.solo = t.backoff
		t.backoff = min(2*t.backoff, maxSolo)
		// One more late job after the stretch starts the next one.
		t.late = lateLimit - lateWeight/2
	case t.late < lateLimit/2:
		t.backoff = minSolo
	}
}

// close stops the helpers and waits for them.
func (t *team) close() {
	t.stop.Store(true)
	t.jobs.wakeAll()
	t.wg.Wait()
	if t.sink != nil {
		t.sink.add(t.stats)
	}
}

func (s *teamStats) add(o teamStats) {
	s.jobs += o.jobs
	s.solo += o.solo
	s.late += o.late
	s.slow += o.slow
}

// A waiter lets goroutines wait for a condition that other goroutines
// make true: spinning for a while, then parking until woken. Whoever
// makes a condition true calls wakeAll afterwards; that costs one atomic
// load when nobody is parked.
type waiter struct {
	mu       sync.Mutex
	cond     sync.Cond
	sleepers atomic.Int32
}

func (w *waiter) init() { w.cond.L = &w.mu }

// wait returns when ready() is true. It spins for spin (for ever when spin
// is negative), then parks, and reports whether it parked.
func (w *waiter) wait(spin time.Duration, ready func() bool) (parked bool) {
	if spinUntil(spin, ready) {
		return false
	}
	w.mu.Lock()
	w.sleepers.Add(1)
	for !ready() {
		w.cond.Wait()
	}
	w.sleepers.Add(-1)
	w.mu.Unlock()
	return true
}

// wakeAll wakes every goroutine parked in wait, to check its condition
// again. A waiter counts itself among the sleepers before it checks its
// condition for the last time, under the lock, so a condition made true
// before wakeAll is either seen by that check or woken here.
func (w *waiter) wakeAll() {
	if w.sleepers.Load() == 0 {
		return
	}
	w.mu.Lock()
	w.cond.Broadcast()
	w.mu.Unlock()
}

// spinUntil spins until ready() is true and returns true, or returns false
// once spin has passed (never when spin is negative). It lets other
// goroutines run now and then (the GC, timers, a helper waiting for this
// P).
func spinUntil(spin time.Duration, ready func() bool) bool {
	var start time.Time
	for i := 0; ; i++ {
		if ready() {
			return true
		}
		if i%256 != 255 {
			continue
		}
		switch {
		case spin == 0:
			return false
		case spin < 0:
		case start.IsZero():
			start = time.Now()
		case time.Since(start) > spin:
			return false
		}
		if i%4096 == 4095 {
			runtime.Gosched()
		}
	}
}

// startTeam starts a team for a run of the network, or returns nil, when
// its steps are a single parallel phase of delivery blocks (deliverAndStep
// with the noise drawn in it) large enough to go parallel. It keeps no
// more helpers than there are blocks and other CPUs: a helper without a
// CPU of its own could only slow the others. On one CPU, or with
// GOMAXPROCS 1 (which Go lowers to a container's CPU limit), there is no
// team and the steps run on the caller.
func (net *Network) startTeam() *team {
	e := &net.eng
	if e.plan != planFusedNoise || net.n < e.minNeurons || net.drawsAhead() {
		return nil
	}
	helpers := min(e.workers(), e.bd.blocks(), runtime.NumCPU()) - 1
	if helpers < 1 {
		return nil
	}
	return newTeam(helpers, e.wait, &e.teamed)
}

// takeBeside returns the work Run left for the calling goroutine to do
// during this step's parallel phase, or nil, and clears it.
func (net *Network) takeBeside() func() {
	f := net.eng.beside
	net.eng.beside = nil
	return f
}
