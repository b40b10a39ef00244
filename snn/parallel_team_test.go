package snn

import (
	"context"
	"errors"
	"github.com/gosnn/gosnn/snn/rng"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestTeamRunsEveryChunkOnce checks a team's jobs: every chunk runs exactly
// once, on a worker index in range and never on two goroutines at once,
// including after the helpers went to sleep between jobs; the caller's own
// work, when given, runs once; close returns.
func TestTeamRunsEveryChunkOnce(t *testing.T) {
	for _, helpers := range []int{1, 3} {
		tm := newTeam(helpers, waitPolicy{}, nil)
		for job := range 300 {
			chunks := 1 + job%7
			counts := make([]atomic.Int32, chunks)
			busy := make([]atomic.Int32, helpers+1)
			var bad atomic.Int32
			besides := 0
			var beside func()
			if job%2 == 1 {
				beside = func() { besides++ }
			}
			tm.run(chunks, func(w, c int) {
				if w < 0 || w > helpers || busy[w].Add(1) != 1 {
					bad.Add(1)
				}
				counts[c].Add(1)
				busy[w].Add(-1)
			}, beside)
			if want := job % 2; besides != want {
				t.Fatalf("%d helpers, job %d: the caller's own work ran %d times, want %d", helpers, job, besides, want)
			}
			if bad.Load() != 0 {
				t.Fatalf("%d helpers, job %d: a worker index was out of range or used twice at once", helpers, job)
			}
			for c := range counts {
				if n := counts[c].Load(); n != 1 {
					t.Fatalf("%d helpers, job %d: chunk %d ran %d times", helpers, job, c, n)
				}
			}
			if job%100 == 99 {
				time.Sleep(2 * defaultSpin) // the helpers go to sleep
			}
		}
		done := make(chan struct{})
		go func() { tm.close(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d helpers: close did not return", helpers)
		}
	}
}

// A run with a team appends each step's spikes during the next step (see
// Run): the spikes must be those of stepping by hand, in order, whether
// the run finishes, is cancelled, or stops at the memory limit.
func TestRunKeepsEverySpikeWithTeam(t *testing.T) {
	withProcs(t, 2, func() {
		build := func(maxBytes int64) *Network {
			cfg := Tutorial(TutorialOptions{Ne: 16000, Ni: 4000, Exc: RS, Inh: LTS, We: 5, Wi: 10, Seed: 7}) // 100 synapses: weights ×10
			cfg.Generator = rng.NewFastStreams(cfg.Seed)
			cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 100}
			cfg.MaxBytes = maxBytes
			net, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			return net
		}
		const steps = 120
		byHand := build(0)
		var want Spikes
		for range steps {
			if err := byHand.Step(); err != nil {
				t.Fatal(err)
			}
			for _, i := range byHand.fired {
				want = append(want, Spike{T: byHand.t - 1, Neuron: i})
			}
		}
		if len(want) == 0 {
			t.Fatal("no spikes; the test needs an active network")
		}
		prefix := func(name string, res *Result) {
			t.Helper()
			n := 0
			for n < len(want) && want[n].T < res.Steps {
				n++
			}
			if !slices.Equal(res.Spikes, want[:n]) {
				t.Errorf("%s: %d spikes in %d steps, want the %d of stepping by hand", name, len(res.Spikes), res.Steps, n)
			}
		}

		net := build(0)
		if net.startTeam() == nil {
			t.Fatal("the network should run with a team")
		}
		res, err := net.Run(context.Background(), steps, nil)
		if err != nil {
			t.Fatal(err)
		}
		prefix("whole run", res)

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err = build(0).Run(ctx, steps, &RunOptions{ProgressEvery: 1, Progress: func(done, _ int) {
			if done == 50 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) || res.Steps != 50 {
			t.Fatalf("cancelled run: %d steps, error %v; want 50 and context.Canceled", res.Steps, err)
		}
		prefix("cancelled run", res)

		limited := build(0)
		limited.limit = limited.syn.(*Sparse).Bytes() + int64(len(want))/2*spikeBytes
		res, err = limited.Run(context.Background(), steps, nil)
		if !errors.Is(err, ErrTooLarge) || res.Steps == 0 || res.Steps == steps {
			t.Fatalf("limited run: %d steps, error %v; want it stopped part way with ErrTooLarge", res.Steps, err)
		}
		prefix("limited run", res)
	})
}

// A waiter never misses a wake-up: many goroutines wait, spinning briefly
// or not at all before they park, for conditions that others make true,
// and every wait returns.
func TestWaiterWakesEveryone(t *testing.T) {
	var w waiter
	w.init()
	const rounds, waiters = 2000, 3
	var gen atomic.Int64
	var arrived atomic.Int64
	done := make(chan struct{})
	for k := range waiters {
		go func() {
			spin := time.Duration(k) * time.Microsecond // 0: park at once
			for r := int64(1); r <= rounds; r++ {
				w.wait(spin, func() bool { return gen.Load() >= r })
				arrived.Add(1)
			}
			done <- struct{}{}
		}()
	}
	for r := int64(1); r <= rounds; r++ {
		for arrived.Load() < (r-1)*waiters {
			runtime.Gosched()
		}
		gen.Store(r)
		w.wakeAll()
	}
	for range waiters {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("a waiter did not return: %d of %d waits done", arrived.Load(), rounds*waiters)
		}
	}
}

// The serial fallback: after enough jobs the helpers came late for, the
// caller runs minSolo jobs alone; late trial jobs after a stretch double
// the next stretch up to maxSolo; jobs they help with bring it back to
// minSolo. The active policy and alwaysTeam never fall back.
func TestTeamFallsBackWhileHelpersAreLate(t *testing.T) {
	tm := &team{backoff: minSolo}
	late := 0
	for tm.solo == 0 {
		tm.judge(true, false)
		late++
		if late > 20 {
			t.Fatal("20 late jobs in a row did not start the serial fallback")
		}
	}
	if late < 3 || tm.solo != minSolo {
		t.Fatalf("fallback after %d late jobs for %d jobs; want a few late jobs, then %d", late, tm.solo, minSolo)
	}
	want := minSolo
	for range 12 {
		tm.solo = 0           // the stretch has run
		tm.judge(false, true) // the trial job: the caller waited for a helper longer than it worked
		want = min(2*want, maxSolo)
		if tm.solo != want {
			t.Fatalf("after a late trial job: %d solo jobs, want %d", tm.solo, want)
		}
	}
	tm.solo = 0
	for range 20 {
		tm.judge(false, false)
	}
	if tm.solo != 0 || tm.backoff != minSolo {
		t.Fatalf("after 20 jobs the helpers helped with: %d solo jobs and a next stretch of %d, want 0 and %d", tm.solo, tm.backoff, minSolo)
	}
	for _, p := range []waitPolicy{{active: true}, {alwaysTeam: true}} {
		tm := &team{policy: p, backoff: minSolo}
		for range 100 {
			tm.judge(true, true)
		}
		if tm.solo != 0 {
			t.Errorf("policy %+v fell back to the caller alone", p)
		}
	}
}

// However the goroutines of a step wait for each other (spinning for
// ever, parking at once, the default), and whether a team's jobs run on
// the caller alone (the serial fallback) or on the team, the spikes and
// final state are those of the reference step, bit for bit.
func TestWaitPoliciesAreExact(t *testing.T) {
	withProcs(t, 2, func() {
		build := func() *Network {
			cfg := Tutorial(TutorialOptions{Ne: 16000, Ni: 4000, Exc: RS, Inh: LTS, We: 5, Wi: 10, Seed: 9})
			cfg.Generator = rng.NewFastStreams(cfg.Seed)
			cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 100}
			net, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			return net
		}
		const steps = 80
		ref := build()
		ref.eng.plan = planReference
		var want Spikes
		for range steps {
			if err := ref.Step(); err != nil {
				t.Fatal(err)
			}
			for _, i := range ref.fired {
				want = append(want, Spike{T: ref.t - 1, Neuron: i})
			}
		}
		for _, p := range []waitPolicy{{}, {active: true}, {spin: time.Nanosecond, alwaysTeam: true}} {
			net := build()
			net.eng.wait = p
			tm := net.startTeam()
			if tm == nil {
				t.Fatal("the network should step with a team")
			}
			net.eng.team = tm
			var got Spikes
			for s := range steps {
				if s%20 == 10 {
					tm.solo = 5 // the next five steps on the caller alone
				}
				if err := net.Step(); err != nil {
					t.Fatal(err)
				}
				for _, i := range net.fired {
					got = append(got, Spike{T: net.t - 1, Neuron: i})
				}
			}
			tm.close()
			net.eng.team = nil
			if !slices.Equal(got, want) {
				t.Errorf("policy %+v: %d spikes differ from the reference step's %d", p, len(got), len(want))
			}
			if !slices.Equal(state(net), state(ref)) {
				t.Errorf("policy %+v: final v, u or I differ from the reference step's", p)
			}
			if net.eng.teamed.solo < 4*5 {
				t.Errorf("policy %+v: %d of %d jobs ran on the caller alone, want at least 20", p, net.eng.teamed.solo, net.eng.teamed.jobs)
			}
		}
	})
}
