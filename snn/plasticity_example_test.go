package snn_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/gosnn/gosnn/snn"
)

// The tutorial's neurons and noise with delayed synapses and the
// polychronization network's STDP: each excitatory neuron sends 10
// synapses of delays 1 to 10 ms, each inhibitory one 10 synapses of 1 ms.
// A weight monitor follows the excitatory weights, and a checkpoint taken
// after the first second resumes the run where it stopped.
func ExampleSTDP() {
	o := snn.DefaultTutorial()
	o.Ne, o.Ni = 80, 20
	cfg := snn.Tutorial(o)
	var pre, post []int
	var w, delay []float64
	for j := range 100 {
		for k := range 10 {
			pre, post = append(pre, j), append(post, (j+7*k+1)%100)
			if j < 80 {
				w, delay = append(w, 5), append(delay, float64(k+1)) // ms
			} else {
				w, delay = append(w, -4), append(delay, 1)
			}
		}
	}
	syn, err := snn.NewDelayedSparse(100, pre, post, w, delay)
	if err != nil {
		panic(err)
	}
	cfg.Synapses = syn
	cfg.Plasticity, err = snn.NewSTDP(snn.STDPParams{}) // the published parameters
	if err != nil {
		panic(err)
	}
	weights := &snn.WeightMonitor{From: "excitatory", Every: 1000, Edges: snn.UniformEdges(0, 10, 5)}
	cfg.Monitors = []snn.Monitor{weights}
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	if _, err := net.Run(context.Background(), 1000, nil); err != nil {
		panic(err)
	}
	var checkpoint bytes.Buffer
	if err := net.Save(&checkpoint); err != nil {
		panic(err)
	}
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		panic(err)
	}
	for k, h := range weights.Histograms {
		fmt.Printf("%g ms: weights in bins of 2: %v\n", weights.Times[k], h)
	}

	// The same network again, from the checkpoint.
	again := cfg
	again.Synapses, _ = snn.NewDelayedSparse(100, pre, post, w, delay)
	again.Plasticity, _ = snn.NewSTDP(snn.STDPParams{})
	again.Monitors = nil
	resumed, err := snn.New(again)
	if err != nil {
		panic(err)
	}
	if err := resumed.Load(&checkpoint); err != nil {
		panic(err)
	}
	res2, err := resumed.Run(context.Background(), 1000, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("second second:", len(res.Spikes), "spikes; resumed, the same:", slices.Equal(res.Spikes, res2.Spikes))
	// Output:
	// 1000 ms: weights in bins of 2: [0 0 800 0 0]
	// 2000 ms: weights in bins of 2: [0 1 799 0 0]
	// second second: 564 spikes; resumed, the same: true
}

// recentTarget is a plasticity rule of one's own: a spike that arrives
// within 20 ms after its target fired strengthens its synapse by 0.05.
type recentTarget struct{ changed int }

func (r *recentTarget) PostSpike(net *snn.Network, neuron int) {}

func (r *recentTarget) PreSpike(net *snn.Network, pre, lo, hi int) {
	syn := net.DelayedSynapses()
	w := syn.Weights()
	for k := lo; k < hi; k++ {
		if last := net.LastSpike(syn.Post(k)); last != snn.NoSpike && net.Time()-last <= 20 {
			w[k] += 0.05
			r.changed++
		}
	}
}

func (r *recentTarget) Stepped(net *snn.Network) {}

// A plasticity rule of one's own on the tutorial's neurons, with synapses
// of 2 ms.
func ExamplePlasticity() {
	o := snn.DefaultTutorial()
	o.Ne, o.Ni = 40, 10
	cfg := snn.Tutorial(o)
	var pre, post []int
	var w, delay []float64
	for j := range 40 { // excitatory synapses only
		for k := range 5 {
			pre, post = append(pre, j), append(post, (j+3*k+1)%50)
			w, delay = append(w, 2), append(delay, 2)
		}
	}
	syn, err := snn.NewDelayedSparse(50, pre, post, w, delay)
	if err != nil {
		panic(err)
	}
	rule := &recentTarget{}
	cfg.Synapses, cfg.Plasticity = syn, rule
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	if _, err := net.Run(context.Background(), 1000, nil); err != nil {
		panic(err)
	}
	total := 0.0
	for _, x := range syn.Weights() {
		total += x
	}
	fmt.Printf("%d changes; mean weight %.2f\n", rule.changed, total/float64(syn.Count()))
	// Output:
	// 108 changes; mean weight 2.03
}
