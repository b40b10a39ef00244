package spnet

// Stimulus adds external input each millisecond. Inject is called with the
// network's input vector right after it is zeroed, before the threshold
// test.
type Stimulus interface {
	Inject(net *Network, input []float64)
}

// Thalamic is the original's random thalamic input: each millisecond one
// neuron, drawn as floor(N·rand01) from the network's generator, gets
// input Amplitude (set, not added).
type Thalamic struct {
	Amplitude float64
}

// Inject draws the neuron and sets its input.
func (th Thalamic) Inject(net *Network, input []float64) {
	input[net.RandomIndex(len(input))] = th.Amplitude
}

// StimulusFunc adapts a function to a [Stimulus].
type StimulusFunc func(net *Network, input []float64)

// Inject calls f.
func (f StimulusFunc) Inject(net *Network, input []float64) { f(net, input) }
