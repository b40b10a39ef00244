package pynn

import (
	"context"

	"github.com/gosnn/gosnn/snn"
)

// matchedConfig returns the network cfg builds, as gosnn runs it to match
// the export on NEURON: the same neurons (parameters and initial state)
// and weights, at compareDT with the neuron scheme (NEURON's method), and
// its synapses delayed by delaySteps steps, as NEURON's are (see
// [delayed]). The noise is gosnn's own draw of the same distribution.
func matchedConfig(cfg snn.Config, delaySteps int) (snn.Config, error) {
	built, err := snn.New(cfg)
	if err != nil {
		return snn.Config{}, err
	}
	m := snn.Config{Seed: cfg.Seed, DT: compareDT, Scheme: snn.ImplicitEuler, Synapses: &delayed{syn: built.Synapses(), k: delaySteps}}
	for k, pc := range cfg.Populations {
		z := built.Model(k).(*snn.Izhikevich)
		m.Populations = append(m.Populations, snn.PopulationConfig{
			Name: pc.Name, Size: pc.Size, Inhibitory: pc.Inhibitory, Stimuli: pc.Stimuli,
			Model: &snn.Izhikevich{A: z.A, B: z.B, C: z.C, D: z.D, V: z.V, U: z.U},
		})
	}
	return m, nil
}

// runMatchedGosnn runs cfg in gosnn at compareDT with the integration
// NEURON uses and its synapses delayed by delaySteps steps
// ([matchedConfig]), and returns its spikes (in steps of compareDT) and
// the run's wall time in seconds.
func runMatchedGosnn(cfg snn.Config, steps, delaySteps int) (snn.Spikes, float64, error) {
	m, err := matchedConfig(cfg, delaySteps)
	if err != nil {
		return nil, 0, err
	}
	net, err := snn.New(m)
	if err != nil {
		return nil, 0, err
	}
	res, err := net.Run(context.Background(), steps, nil)
	if err != nil {
		return nil, 0, err
	}
	return res.Spikes, res.Wall.Seconds(), nil
}
