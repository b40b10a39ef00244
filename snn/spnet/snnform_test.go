package spnet_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

// snnFormSeconds is how long the snn form is compared with the package's
// own network (itself compared with the C reference spike for spike).
const snnFormSeconds = 60

// TestSNNFormMatchesSpnet runs the polychronization network built from
// snn's parts (populations, delayed synapses, STDP, thalamic input) beside
// the package's network, and requires the same spikes, weights and
// derivatives, bit for bit.
func TestSNNFormMatchesSpnet(t *testing.T) {
	seconds := snnFormSeconds
	if testing.Short() {
		seconds = 10
	}
	for _, seed := range []uint32{0, 7} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			seconds := seconds
			if seed != 0 {
				seconds = 10 // another network, more briefly
			}
			cfg := spnet.Default()
			cfg.Seed = seed
			ref, err := spnet.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			spikes := &spnet.Spikes{}
			ref.Monitors = append(ref.Monitors, spikes)
			ref.Run(seconds * 1000)

			sc, err := spnet.SNNConfig(cfg)
			if err != nil {
				t.Fatal(err)
			}
			net, err := snn.New(sc)
			if err != nil {
				t.Fatal(err)
			}
			res, err := net.Run(context.Background(), seconds*1000, nil)
			if err != nil {
				t.Fatal(err)
			}
			// snn's spike of step T is spnet's of millisecond T+1; the
			// last step's spikes are spnet's next millisecond's.
			got := res.Spikes
			for len(got) > 0 && got[len(got)-1].T == seconds*1000-1 {
				got = got[:len(got)-1]
			}
			for k := range min(len(got), spikes.Len()) {
				if int64(got[k].T+1) != spikes.Times[k] || int32(got[k].Neuron) != spikes.Neurons[k] {
					t.Fatalf("spike %d: snn (step %d, neuron %d), spnet (ms %d, neuron %d)", k, got[k].T, got[k].Neuron, spikes.Times[k], spikes.Neurons[k])
				}
			}
			if len(got) != spikes.Len() {
				t.Fatalf("snn fired %d spikes, spnet %d", len(got), spikes.Len())
			}
			w := net.DelayedSynapses().Weights()
			deriv := sc.Plasticity.(*snn.STDP).Deriv
			refDeriv := ref.Plasticity.(*spnet.STDP).Deriv
			for j, x := range ref.Syn.Weight {
				if w[j] != x || deriv[j] != refDeriv[j] {
					t.Fatalf("synapse %d: snn weight %v, derivative %v; spnet %v, %v", j, w[j], deriv[j], x, refDeriv[j])
				}
			}
			t.Logf("%d spikes and %d weights identical over %d s", len(got), len(w), seconds)
		})
	}
}

// The snn form's checkpoint (its own neurons, the Rand01 generator, the
// delayed synapses and STDP) resumes bit for bit.
func TestSNNFormCheckpoint(t *testing.T) {
	build := func() *snn.Network {
		sc, err := spnet.SNNConfig(spnet.Default())
		if err != nil {
			t.Fatal(err)
		}
		net, err := snn.New(sc)
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	runFor := func(net *snn.Network, steps int) snn.Spikes {
		res, err := net.Run(context.Background(), steps, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Spikes
	}
	whole := build()
	want := runFor(whole, 2500) // across the weight update at 1000 and 2000 ms

	first := build()
	got := runFor(first, 1200)
	var b bytes.Buffer
	if err := first.Save(&b); err != nil {
		t.Fatal(err)
	}
	resumed := build()
	if err := resumed.Load(&b); err != nil {
		t.Fatal(err)
	}
	got = append(got, runFor(resumed, 1300)...)
	if !slices.Equal(got, want) {
		t.Fatalf("resumed: %d spikes, uninterrupted: %d, or they differ", len(got), len(want))
	}
	if !slices.Equal(resumed.DelayedSynapses().Weights(), whole.DelayedSynapses().Weights()) {
		t.Fatal("the weights differ")
	}
}

// The polychronization network built from snn's parts, with a weight
// monitor on the excitatory→excitatory projection: a histogram of its
// weights after each of two seconds.
func ExampleSNNConfig() {
	cfg, err := spnet.SNNConfig(spnet.Default())
	if err != nil {
		panic(err)
	}
	weights := &snn.WeightMonitor{From: "excitatory", To: "excitatory", Every: 1000,
		Edges: snn.UniformEdges(0, 10, 5)}
	cfg.Monitors = []snn.Monitor{weights}
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	res, err := net.Run(context.Background(), 2000, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Spikes), "spikes")
	for k, h := range weights.Histograms {
		fmt.Println(weights.Times[k], "ms:", h)
	}
	// Output:
	// 14185 spikes
	// 1000 ms: [0 0 34036 29958 0]
	// 2000 ms: [0 0 35352 28642 0]
}

// BenchmarkSNNForm60s and BenchmarkSpnet60sPackage run one simulated
// minute of the same network in its two forms, for their ratio.
func BenchmarkSNNForm60s(b *testing.B) {
	for b.Loop() {
		sc, err := spnet.SNNConfig(spnet.Default())
		if err != nil {
			b.Fatal(err)
		}
		net, err := snn.New(sc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := net.Run(context.Background(), 60*1000, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpnet60sPackage(b *testing.B) {
	for b.Loop() {
		net, err := spnet.New(spnet.Default())
		if err != nil {
			b.Fatal(err)
		}
		net.Run(60 * 1000)
	}
}
