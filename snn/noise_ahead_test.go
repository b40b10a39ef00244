package snn

import (
	"context"
	"github.com/gosnn/gosnn/snn/rng"
	"runtime"
	"testing"
)

// TestNoiseAheadIsExact checks that drawing the noise on another core
// changes nothing: a run interrupted and resumed, on one core or two,
// gives the spikes of one uninterrupted sequential run.
func TestNoiseAheadIsExact(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	build := func() *Network {
		net, err := New(Tutorial(TutorialOptions{Ne: 160, Ni: 40, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 11}))
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	runtime.GOMAXPROCS(1)
	want, err := build().Run(context.Background(), 400, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !build().noiseOnly() {
		t.Fatal("the tutorial network should qualify for drawing noise ahead")
	}
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		net := build()
		var got Spikes
		// Stop after 50 steps (the producer has drawn ahead by then),
		// then step by hand, then run the rest.
		ctx, cancel := context.WithCancel(context.Background())
		res, _ := net.Run(ctx, 400, &RunOptions{ProgressEvery: 50, Progress: func(done, _ int) {
			if done == 50 {
				cancel()
			}
		}})
		got = append(got, res.Spikes...)
		for range 3 {
			if err := net.Step(); err != nil {
				t.Fatal(err)
			}
			for _, i := range net.Fired() {
				got = append(got, Spike{T: net.Time() - 1, Neuron: i})
			}
		}
		res, err = net.Run(context.Background(), 400-53, nil)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Spikes...)
		if len(got) != len(want.Spikes) {
			t.Fatalf("GOMAXPROCS=%d: %d spikes, want %d", procs, len(got), len(want.Spikes))
		}
		for i := range got {
			if got[i] != want.Spikes[i] {
				t.Fatalf("GOMAXPROCS=%d: spike %d is %v, want %v", procs, i, got[i], want.Spikes[i])
			}
		}
	}
}

// TestDrawsAhead checks when a run draws its noise on another goroutine:
// on two cores for the sequential NumPy generator at any size and for the
// fast one on small networks, but not for fast networks whose steps go
// parallel, which draw their noise inside the delivery phase.
func TestDrawsAhead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	cases := []struct {
		n         int
		generator string
		want      bool
	}{
		{1000, rng.NameNumPy, true},
		{1000, rng.NameFast, true},
		{defaultMinNeurons - 1, rng.NameFast, true},
		{defaultMinNeurons, rng.NameFast, false},
		{defaultMinNeurons, rng.NameNumPy, true},
	}
	for _, c := range cases {
		cfg := Tutorial(TutorialOptions{Ne: c.n * 4 / 5, Ni: c.n - c.n*4/5, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		cfg.Generator = generator(c.generator, cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleOutDegree, K: 1}
		net, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := net.drawsAhead(); got != c.want {
			t.Errorf("%d neurons, %s generator: draws ahead = %v, want %v", c.n, c.generator, got, c.want)
		}
		runtime.GOMAXPROCS(1)
		if net.drawsAhead() {
			t.Errorf("%d neurons, %s generator: draws ahead on one core", c.n, c.generator)
		}
		runtime.GOMAXPROCS(2)
	}
}
