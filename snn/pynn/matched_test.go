package pynn

import (
	"context"
	"time"

	"github.com/gosnn/gosnn/snn"
)

// matchedConfig returns the network built from cfg as gosnn runs it to
// match the export on NEURON: the same neurons (parameters and initial
// state) and weights, at compareDT with the neuron scheme (NEURON's
// method), and its synapses delayed by delaySteps steps, as NEURON's are
// (see [delayed]). The noise is gosnn's own draw of the same distribution.
// The new network shares built's state slices: built must not run.
func matchedConfig(cfg snn.Config, built *snn.Network, delaySteps int) snn.Config {
	m := snn.Config{Seed: cfg.Seed, DT: compareDT, Scheme: snn.ImplicitEuler, Synapses: &delayed{syn: built.Synapses(), k: delaySteps}}
	for k, pc := range cfg.Populations {
		z := built.Model(k).(*snn.Izhikevich)
		m.Populations = append(m.Populations, snn.PopulationConfig{
			Name: pc.Name, Size: pc.Size, Inhibitory: pc.Inhibitory, Stimuli: pc.Stimuli,
			Model: &snn.Izhikevich{A: z.A, B: z.B, C: z.C, D: z.D, V: z.V, U: z.U},
		})
	}
	return m
}

// runMatchedGosnn runs cfg in gosnn at compareDT with the integration
// NEURON uses and its synapses delayed by delaySteps steps
// ([matchedConfig]), and returns its spikes (in steps of compareDT) and
// the wall times in seconds of building the network (snn.New of the
// matched configuration) and of the run.
func runMatchedGosnn(cfg snn.Config, steps, delaySteps int) (spikes snn.Spikes, build, run float64, err error) {
	start := time.Now()
	built, err := snn.New(cfg)
	if err != nil {
		return nil, 0, 0, err
	}
	build = time.Since(start).Seconds()
	m := matchedConfig(cfg, built, delaySteps)
	start = time.Now()
	net, err := snn.New(m)
	if err != nil {
		return nil, 0, 0, err
	}
	build += time.Since(start).Seconds()
	res, err := net.Run(context.Background(), steps, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	return res.Spikes, build, res.Wall.Seconds(), nil
}
