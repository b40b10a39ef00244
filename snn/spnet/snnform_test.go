package spnet_test

import (
	"context"
	"fmt"
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
