package nb

import (
	"context"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/janpfeifer/gonb/gonbui"
)

// A Net names a configuration of the tutorial's network: Ne excitatory
// neurons of preset Exc and Ni inhibitory ones of preset Inh, with
// excitatory weights drawn from U(0, We) and inhibitory ones from
// −U(0, Wi), and the random generator ("numpy", the tutorial's, or
// "fast").
type Net struct {
	Name      string
	Ne, Ni    int
	Exc, Inh  snn.Preset
	We, Wi    float64
	Generator string

	// ExcJitter, if not nil, replaces the tutorial's jitter of the
	// excitatory neurons' parameters (snn.ExcitatoryJitter).
	ExcJitter snn.Jitter
}

// Tutorial is Izhikevich's network as the tutorial runs it: 800 RS + 200
// LTS neurons, we = 0.5, wi = 1, NumPy's generator.
var Tutorial = Net{Name: "tutorial", Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Generator: rng.NameNumPy}

// Duration is how long the notebooks run a network, in ms.
const Duration = 1000

// Scenario returns the tutorial network with the weight scales of the
// named scenario ("default", "S1" … "S5", see snn.Scenarios), named after
// it. An unknown name stops the cell with the names allowed.
func Scenario(name string) Net {
	s := Must(snn.LookupScenario(name))
	n := Tutorial
	n.Name, n.We, n.Wi = s.Name, s.Excitatory, s.Inhibitory
	return n
}

// Pair returns the tutorial network with the given excitatory and
// inhibitory presets ("RS", "CH", …) and the weights of the named
// scenario, named "EXC+INH SCENARIO".
func Pair(exc, inh, scenario string) Net {
	n := Scenario(scenario)
	n.Exc = Must(snn.LookupPreset(exc))
	n.Inh = Must(snn.LookupPreset(inh))
	n.Name = fmt.Sprintf("%s+%s %s", n.Exc.Name, n.Inh.Name, scenario)
	return n
}

// Config returns the snn configuration of the network with the given
// seed, to change further or pass to snn.New. It is the one place where
// the notebooks' networks are built.
func (n Net) Config(seed uint64) snn.Config {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: n.Ne, Ni: n.Ni, Exc: n.Exc, Inh: n.Inh, We: n.We, Wi: n.Wi, Seed: seed})
	if n.Generator != "" {
		cfg.Generator = Must(rng.New(n.Generator, seed))
	}
	if n.ExcJitter != nil && len(cfg.Populations) > 0 {
		cfg.Populations[0].Jitter = n.ExcJitter
	}
	return cfg
}

// New builds the network with the given seed.
func (n Net) New(seed uint64) (*snn.Network, error) {
	return snn.New(n.Config(seed))
}

// Title describes the network and the seed for a figure's title:
// "tutorial: 800 RS + 200 LTS, we = 0.5, wi = 1, seed 0".
func (n Net) Title(seed uint64) string {
	name := n.Name
	if name == "" {
		name = "network"
	}
	return fmt.Sprintf("%s: %d %s + %d %s, we = %g, wi = %g, seed %d", name, n.Ne, n.Exc.Name, n.Ni, n.Inh.Name, n.We, n.Wi, seed)
}

// AllFireInput is the mean input a neuron receives when every neuron
// fires in the same step: Ne excitatory weights of mean We/2 and Ni
// inhibitory ones of mean −Wi/2. The tutorial's network gives +100.
func (n Net) AllFireInput() float64 {
	return float64(n.Ne)*n.We/2 - float64(n.Ni)*n.Wi/2
}

// Scaled returns the network with ne + ni neurons and its weights scaled
// so that each neuron receives, on average, the same synaptic input as in
// n when the same fraction of the network fires: We·Ne and Wi·Ni are kept.
func (n Net) Scaled(ne, ni int) Net {
	s := n
	s.Ne, s.Ni = ne, ni
	if ne > 0 {
		s.We = n.We * float64(n.Ne) / float64(ne)
	}
	if ni > 0 {
		s.Wi = n.Wi * float64(n.Ni) / float64(ni)
	}
	return s
}

// Warnings returns what is likely wrong with the network before it runs,
// one sentence each: today, populations grown without scaling the weights.
// The total excitatory drive Ne·We of the tutorial's scenarios is at most
// 800 × 0.6 = 480; well above that, synchronous volleys excite every
// neuron so strongly that the network fires in lock step at hundreds of Hz
// (10 times the neurons at the tutorial's weights: about 960 Hz in the
// first 200 ms; scaled with Scaled, about 9 Hz).
func (n Net) Warnings() []string {
	const maxDrive = 800 * 0.6
	var w []string
	if drive := float64(n.Ne) * n.We; drive > 1.5*maxDrive {
		s := Net{Ne: 800, Ni: 200, We: n.We, Wi: n.Wi}.Scaled(n.Ne, n.Ni)
		w = append(w, fmt.Sprintf("%d excitatory neurons with we = %g give each neuron %.0f× the excitation of the tutorial's network when they fire together; "+
			"expect it to run away (hundreds of spikes per neuron per second) and to run slowly. "+
			"To keep the tutorial's input per neuron, scale the weights with the size: Net.Scaled(%d, %d) gives we = %.3g, wi = %.3g",
			n.Ne, n.We, drive/(800*0.5), n.Ne, n.Ni, s.We, s.Wi))
	}
	return w
}

// Run simulates the network with the given seed for Duration ms and
// returns what opts asks it to record (nil: the spikes). It prints the
// network's Warnings first, and a progress bar in the cell's output
// follows the run. An error stops the cell.
func (n Net) Run(seed uint64, opts *snn.RunOptions) *snn.Result {
	return Must(n.RunFor(context.Background(), seed, Duration, opts))
}

// RunFor is Run for steps ms, returning errors instead of stopping the cell.
func (n Net) RunFor(ctx context.Context, seed uint64, steps int, opts *snn.RunOptions) (*snn.Result, error) {
	for _, w := range n.Warnings() {
		Note("%s", w)
	}
	net, err := n.New(seed)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", n.Title(seed), err)
	}
	o := snn.RunOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Progress == nil {
		o.ProgressEvery = max(1, steps/10)
		o.Progress = progressBar(fmt.Sprintf("%s, seed %d", n.Name, seed))
	}
	res, err := net.Run(ctx, steps, &o)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", n.Title(seed), err)
	}
	return res, nil
}

// progressID names the progress bar of the running cell: every cell is a
// new program, so each cell gets one bar, which its runs update in turn.
var progressID = gonbui.UniqueId()

// progressBar returns a Progress function that draws a bar labelled
// label in the cell's output.
func progressBar(label string) func(done, total int) {
	return func(done, total int) {
		if !gonbui.IsNotebook {
			return
		}
		gonbui.UpdateHTML(progressID, fmt.Sprintf(`<progress value="%d" max="%d"></progress> %s: %d of %d ms`, done, total, label, done, total))
		if done == total {
			gonbui.Sync() // the last state must reach the notebook before the cell ends
		}
	}
}

// MeanSD formats one value, or the mean ± sample standard deviation of
// several, with the given number of decimals.
func MeanSD(xs []float64, decimals int) string {
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) == 1 {
		return fmt.Sprintf("%.*f", decimals, mean)
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return fmt.Sprintf("%.*f ± %.*f", decimals, mean, decimals, math.Sqrt(ss/float64(len(xs)-1)))
}

// NumPy returns a bit-for-bit copy of NumPy's legacy generator seeded
// with seed, as np.random.seed(seed) leaves it: the notebooks draw the
// tutorial's random numbers with it.
func NumPy(seed uint32) *rng.NumPy { return rng.NewNumPy(seed) }

// NeuronParams returns the parameters of neuron i of net (a network index:
// the populations' neurons in order), after the jitter. It stops the cell
// when i is out of range or its population is not made of Izhikevich
// neurons.
func NeuronParams(net *snn.Network, i int) snn.Params {
	if i < 0 || i >= net.Len() {
		panic(fmt.Sprintf("nb.NeuronParams: neuron %d is not in the network (neurons 0 to %d)", i, net.Len()-1))
	}
	for k := range net.Populations() {
		m := net.Model(k)
		if i >= m.Len() {
			i -= m.Len()
			continue
		}
		z, ok := m.(*snn.Izhikevich)
		if !ok {
			panic(fmt.Sprintf("nb.NeuronParams: population %d is a %T, which has no Izhikevich parameters", k, m))
		}
		return z.Params(i)
	}
	panic("nb.NeuronParams: the populations hold fewer neurons than the network") // not reached
}
