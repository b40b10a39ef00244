package snn

import (
	"context"
	"errors"
	"github.com/gosnn/gosnn/snn/rng"
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
		tm := newTeam(helpers)
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
				time.Sleep(2 * spinLimit) // the helpers go to sleep
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
