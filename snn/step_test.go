package snn

import (
	"context"
	"fmt"
	"github.com/gosnn/gosnn/snn/rng"
	"math"
	"slices"
	"testing"
)

// stepNetworks are the networks every plan is compared on: the tutorial's,
// sparse ones across several delivery blocks (large enough for the team
// and the shared blocks), float32 weights, and one with a model of its own
// and a network stimulus (the phases plan).
var stepNetworks = []struct {
	name  string
	steps int
	cfg   func(generator string) Config
}{
	{"tutorial", 300, func(g string) Config {
		cfg := Tutorial(DefaultTutorial())
		cfg.Generator = generator(g, cfg.Seed)
		return cfg
	}},
	{"dense-3000", 100, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 2400, Ni: 600, Exc: RS, Inh: LTS, We: 0.5 / 3, Wi: 1.0 / 3, Seed: 5})
		cfg.Generator = generator(g, cfg.Seed)
		return cfg
	}},
	{"sparse-p", 150, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 2400, Ni: 600, Exc: RS, Inh: LTS, We: 0.5 * 1000 / 300, Wi: 1 * 1000 / 300, Seed: 1})
		cfg.Generator = generator(g, cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleP, P: 0.1}
		return cfg
	}},
	{"sparse-indegree-20k-float32", 60, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 16000, Ni: 4000, Exc: RS, Inh: LTS, We: 5, Wi: 10, Seed: 2})
		cfg.Generator = generator(g, cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 100}
		cfg.WeightPrecision = Float32Weights
		return cfg
	}},
	{"own-model-and-network-stimulus", 200, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 800, Ni: 200, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 3})
		cfg.Generator = generator(g, cfg.Seed)
		cfg.Populations[1].Model = NewIzhikevich(200, LTS.Params)
		cfg.Populations[1].Model = modelFunc{cfg.Populations[1].Model}
		cfg.Stimuli = []Stimulus{Pulse{Current: 2, Start: 50, End: 100}}
		return cfg
	}},
	// Steps other than 1 ms and other schemes mix the synaptic input apart
	// (mixInput): sparse synapses delivered in parallel at 0.1 ms, and the
	// neuron scheme's jumps with a pulse at 0.25 ms.
	{"dt-0.1-sparse", 400, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 2400, Ni: 600, Exc: RS, Inh: LTS, We: 0.5 * 1000 / 300, Wi: 1 * 1000 / 300, Seed: 4})
		cfg.Generator = generator(g, cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleP, P: 0.1}
		cfg.DT = 0.1
		return cfg
	}},
	{"dt-0.25-neuron-scheme", 400, func(g string) Config {
		cfg := Tutorial(TutorialOptions{Ne: 800, Ni: 200, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 6})
		cfg.Generator = generator(g, cfg.Seed)
		cfg.DT, cfg.Scheme = 0.25, ImplicitEuler
		cfg.Stimuli = []Stimulus{Pulse{Current: 2, Start: 2.5, End: 50}}
		return cfg
	}},
}

// modelFunc hides a model's type, so that the engine treats it as a model
// of the user's own.
type modelFunc struct{ Model }

// TestPlansMatchReference runs every network with every plan that applies
// to it, on one and three goroutines, with the default thresholds and
// with every phase forced parallel, and compares the spikes, the synaptic
// events and the final v, u and I with referenceStep's, bit for bit.
func TestPlansMatchReference(t *testing.T) {
	t.Parallel()
	for _, nc := range stepNetworks {
		for _, gen := range []string{rng.NameNumPy, rng.NameFast} {
			t.Run(nc.name+"/"+gen, func(t *testing.T) {
				t.Parallel()
				ref, err := New(nc.cfg(gen))
				if err != nil {
					t.Fatal(err)
				}
				ref.eng.plan = planReference
				var want Spikes
				for range nc.steps {
					if err := ref.Step(); err != nil {
						t.Fatal(err)
					}
					for _, i := range ref.fired {
						want = append(want, Spike{T: ref.t - 1, Neuron: i})
					}
				}
				if len(want) == 0 {
					t.Fatal("no spikes: the test needs an active network")
				}
				wantState := state(ref)
				for _, p := range []plan{planReference, planPhases, planBlocks, planFusedNoise} {
					for _, procs := range []int{1, 3} {
						for _, force := range []bool{false, true} {
							name := fmt.Sprintf("plan %v, %d goroutines, forced %v", p, procs, force)
							cfg := forceParallel(nc.cfg(gen), force)
							cfg.tuning.procs = procs
							if cfg.Connectivity != nil {
								// Sparse synapses come from their own streams,
								// not the generator: share the reference's
								// instead of drawing them again.
								cfg.Synapses, cfg.Connectivity = ref.syn, nil
							}
							net, err := New(cfg)
							if err != nil {
								t.Fatal(err)
							}
							if !planApplies(net, p) {
								continue
							}
							net.eng.plan = p
							res, err := net.Run(context.Background(), nc.steps, nil)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							if !slices.Equal(res.Spikes, want) {
								t.Fatalf("%s: %d spikes differ from the reference's %d", name, len(res.Spikes), len(want))
							}
							if net.events != ref.events {
								t.Errorf("%s: %d synaptic events, want %d", name, net.events, ref.events)
							}
							if got := state(net); !slices.Equal(got, wantState) {
								t.Fatalf("%s: final v, u or I differ from the reference's", name)
							}
						}
					}
				}
			})
		}
	}
}

// planApplies reports whether plan p can run net's steps.
func planApplies(net *Network, p plan) bool {
	allIzh := !slices.Contains(net.eng.izh, nil)
	if net.general && (p == planBlocks || p == planFusedNoise) {
		return false // they deliver into I directly
	}
	switch p {
	case planBlocks:
		return net.eng.bd != nil && allIzh
	case planFusedNoise:
		return net.eng.bd != nil && allIzh && net.fusesNoise()
	}
	return true
}

// state returns the bits of every neuron's v, u and I.
func state(net *Network) []uint64 {
	var bits []uint64
	for _, p := range net.pops {
		v, u := p.model.State()
		for _, x := range append(slices.Clone(v), u...) {
			bits = append(bits, math.Float64bits(x))
		}
	}
	for _, x := range net.current {
		bits = append(bits, math.Float64bits(x))
	}
	return bits
}

// The engine chooses its plan once, from the network's parts.
func TestChoosePlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  func() Config
		want plan
	}{
		{"tutorial numpy", func() Config {
			return Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		}, planBlocks},
		{"tutorial fast", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Generator = rng.NewFastStreams(cfg.Seed)
			return cfg
		}, planFusedNoise},
		{"fast with a network stimulus", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Generator = rng.NewFastStreams(cfg.Seed)
			cfg.Stimuli = []Stimulus{Constant{Current: 1}}
			return cfg
		}, planBlocks},
		{"own model", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Populations[0].Model = modelFunc{NewIzhikevich(80, RS.Params)}
			return cfg
		}, planPhases},
		{"step of 0.1 ms", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Generator = rng.NewFastStreams(cfg.Seed)
			cfg.DT = 0.1
			return cfg
		}, planPhases},
		{"euler at 1 ms", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Scheme = ForwardEuler
			return cfg
		}, planPhases},
		{"own synapses", func() Config {
			cfg := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
			cfg.Synapses = synapsesFunc{newDense(100)}
			return cfg
		}, planPhases},
	}
	for _, c := range cases {
		net, err := New(c.cfg())
		if err != nil {
			t.Fatal(err)
		}
		if net.eng.plan != c.want {
			t.Errorf("%s: plan %v, want %v", c.name, net.eng.plan, c.want)
		}
	}
}

// synapsesFunc hides the synapses' type, so that the engine treats them as
// synapses of the user's own.
type synapsesFunc struct{ Synapses }

// generator returns the generator called name, seeded with seed.
func generator(name string, seed uint64) rng.Generator {
	g, err := rng.New(name, seed)
	if err != nil {
		panic(err)
	}
	return g
}
