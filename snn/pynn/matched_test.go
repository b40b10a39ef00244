package pynn

import (
	"errors"

	"github.com/gosnn/gosnn/snn"
)

// errNoDT says why the gosnn side of the comparison cannot run yet.
var errNoDT = errors.New("gosnn runs only 1 ms steps here: the matched side needs snn.Config.DT and the neuron scheme (issue 15)")

// runMatchedGosnn runs cfg in gosnn at compareDT with the integration
// NEURON uses and its synapses delayed by delaySteps steps, and returns
// its spikes (in steps of compareDT) and the run's wall time in seconds.
func runMatchedGosnn(cfg snn.Config, steps, delaySteps int) (snn.Spikes, float64, error) {
	return nil, 0, errNoDT
}
