// Plasticity runs Izhikevich's polychronization network (spnet, 2006)
// built from snn's parts — two populations, synapses with conduction
// delays of 1 to 20 ms, the built-in STDP rule and the thalamic input —
// and follows its excitatory→excitatory weights with a weight monitor. It
// saves a checkpoint after the first seconds, resumes from it in a fresh
// network, and shows that the resumed run fires exactly as the one that
// went on.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

const seconds = 3

func build(monitors ...snn.Monitor) *snn.Network {
	cfg, err := spnet.SNNConfig(spnet.Default())
	if err != nil {
		fail(err)
	}
	cfg.Monitors = monitors
	net, err := snn.New(cfg)
	if err != nil {
		fail(err)
	}
	return net
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	weights := &snn.WeightMonitor{From: "excitatory", To: "excitatory", Every: 1000,
		Edges: snn.UniformEdges(0, 10, 10)}
	net := build(weights)
	res, err := net.Run(context.Background(), seconds*1000, nil)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d neurons, %d synapses, %d s: %d spikes\n", net.Len(), net.DelayedSynapses().Count(), seconds, len(res.Spikes))
	fmt.Println("excitatory→excitatory weights in bins of 1 (0 to 10):")
	for k, h := range weights.Histograms {
		fmt.Printf("  %5g ms %v\n", weights.Times[k], h)
	}

	// A checkpoint of the whole state, and a fresh network that resumes it.
	path := snn.OutPath("spnet.ckpt")
	if err := net.SaveFile(path); err != nil {
		fail(err)
	}
	resumed := build()
	if err := resumed.LoadFile(path); err != nil {
		fail(err)
	}
	a, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		fail(err)
	}
	b, err := resumed.Run(context.Background(), 1000, nil)
	if err != nil {
		fail(err)
	}
	same := len(a.Spikes) == len(b.Spikes)
	for k := 0; same && k < len(a.Spikes); k++ {
		same = a.Spikes[k] == b.Spikes[k]
	}
	fmt.Printf("one more second: %d spikes; resumed from the checkpoint: %d, identical: %v\n",
		len(a.Spikes), len(b.Spikes), same)
}
