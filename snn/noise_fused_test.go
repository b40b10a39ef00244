package snn

import (
	"context"
	"github.com/gosnn/gosnn/snn/rng"
	"math"
	"testing"
)

// TestFusedNoiseIsExact checks that drawing the noise in the delivery phase
// changes nothing: a network whose noise is wrapped in a StimulusFunc (so
// it is drawn in a phase of its own) gives the same spikes and the same
// v, u and I, bit for bit, on 1, 2 and 8 cores, for dense and sparse
// synapses over several blocks.
func TestFusedNoiseIsExact(t *testing.T) {
	build := func(c *Connectivity, n int, wrap, force bool) *Network {
		cfg := forceParallel(Tutorial(TutorialOptions{Ne: n * 4 / 5, Ni: n - n*4/5, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 3}), force)
		cfg.Connectivity = c
		cfg.Generator = rng.NewFastStreams(cfg.Seed)
		if wrap {
			for k := range cfg.Populations {
				nz := cfg.Populations[k].Stimuli[0].(*Noise)
				cfg.Populations[k].Stimuli[0] = StimulusFunc(func(t int, I []float64, r rng.Generator) { nz.Stimulate(t, I, r) })
			}
		}
		net, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	cases := []struct {
		name string
		c    *Connectivity
		n    int
	}{
		{"dense 3000 neurons (2 blocks)", nil, 3000},
		{"sparse 20000 neurons (2 blocks)", &Connectivity{Rule: RuleInDegree, K: 50}, 20000},
	}
	for _, c := range cases {
		// The reference runs on one goroutine: separate noise phase,
		// whole-block delivery and update.
		var want *Result
		withProcs(t, 1, func() {
			wantNet := build(c.c, c.n, true, false)
			if wantNet.fusesNoise() {
				t.Fatalf("%s: the wrapped noise should not be fused", c.name)
			}
			var err error
			if want, err = wantNet.Run(context.Background(), 60, &RunOptions{TraceAll: true}); err != nil {
				t.Fatal(err)
			}
		})
		if len(want.Spikes) == 0 {
			t.Fatalf("%s: no spikes", c.name)
		}
		for _, procs := range []int{1, 2, 8} {
			withProcs(t, procs, func() {
				net := build(c.c, c.n, false, true)
				if !net.fusesNoise() {
					t.Fatalf("%s: the network should draw its noise in the delivery phase", c.name)
				}
				// Step by hand, so that no run draws the noise ahead.
				for s := range 60 {
					if err := net.Step(); err != nil {
						t.Fatal(err)
					}
					v, u := net.pops[0].model.State()
					off := s * c.n
					for i := range c.n {
						var gv, gu float64
						if i < len(v) {
							gv, gu = v[i], u[i]
						} else {
							v2, u2 := net.pops[1].model.State()
							gv, gu = v2[i-len(v)], u2[i-len(v)]
						}
						if math.Float64bits(net.current[i]) != math.Float64bits(want.Traces.I[off+i]) ||
							math.Float64bits(gv) != math.Float64bits(want.Traces.V[off+i]) ||
							math.Float64bits(gu) != math.Float64bits(want.Traces.U[off+i]) {
							t.Fatalf("%s, GOMAXPROCS=%d, step %d, neuron %d: I=%v v=%v u=%v, want I=%v v=%v u=%v", c.name, procs, s, i,
								net.current[i], gv, gu, want.Traces.I[off+i], want.Traces.V[off+i], want.Traces.U[off+i])
						}
					}
				}
			})
		}
	}
}
