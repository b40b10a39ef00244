package snn_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/npy"
	"github.com/gosnn/gosnn/snn/rng"
)

// The tutorial's network: 800 regular-spiking excitatory and 200
// low-threshold-spiking inhibitory neurons, run for one second with NumPy's
// random numbers from seed 0, as the tutorial's code does with
// np.random.seed(0). The spikes are the same as the Python code's, and the
// analysis reads off the rhythm the tutorial describes: synchronous
// episodes recurring about 8 times a second.
func ExampleTutorial() {
	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d spikes in %g ms\n", len(res.Spikes), res.Duration())
	fmt.Printf("mean rate %.3f Hz\n", res.Rate())
	for k, rate := range res.PopulationRates() {
		fmt.Printf("%s: %.3f Hz\n", res.Populations[k].Name, rate)
	}
	fmt.Printf("dominant rhythm %g Hz\n", res.DominantFrequency())
	fmt.Printf("ISI CV %.2f, synchrony χ %.2f (5 ms bins)\n", res.ISICV(), res.Synchrony(5))
	// Output:
	// 7648 spikes in 1000 ms
	// mean rate 7.648 Hz
	// excitatory: 7.730 Hz
	// inhibitory: 7.320 Hz
	// dominant rhythm 8 Hz
	// ISI CV 0.38, synchrony χ 0.14 (5 ms bins)
}

// Spikes are written in the tutorial's CSV format, the bytes of
// np.savetxt(f, firings, fmt="%d", delimiter=",", header="t,neuron", comments="").
func ExampleSpikes_WriteCSV() {
	spikes := snn.Spikes{{T: 3, Neuron: 410}, {T: 4, Neuron: 41}, {T: 4, Neuron: 78}}
	if err := spikes.WriteCSV(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// t,neuron
	// 3,410
	// 4,41
	// 4,78
}

// Saving a run with traces gives files that np.load reads:
// spikes.npy is an (n, 2) array of [t, neuron] rows and v.npy a
// (steps, neurons) array.
func ExampleResult_Save() {
	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 100, &snn.RunOptions{Trace: []int{0, 800}})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "run")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := res.Save(dir); err != nil {
		log.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	f, err := os.Open(filepath.Join(dir, "v.npy"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	v, err := npy.Read(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("v.npy shape", v.Shape)
	// Output:
	// I.npy
	// neurons.npy
	// spikes.csv
	// spikes.npy
	// t.npy
	// u.npy
	// v.npy
	// v.npy shape [100 2]
}

// WriteFile replaces a file only when writing succeeded: after an error
// the old file is still there, whole.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "atomic")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "spikes.csv")

	spikes := snn.Spikes{{T: 0, Neuron: 1}}
	if err := snn.WriteFile(path, spikes.WriteCSV); err != nil {
		log.Fatal(err)
	}
	err = snn.WriteFile(path, func(w io.Writer) error {
		fmt.Fprintln(w, "t,neuron")
		return errors.New("simulation failed")
	})
	fmt.Println(err != nil)
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output:
	// true
	// t,neuron
	// 0,1
}

// Recording the traces of every neuron at every step of a long run takes
// 24 bytes per neuron and step; TraceEvery keeps one step in TraceEvery,
// on a grid of network steps that later runs continue.
func ExampleRunOptions_traceEvery() {
	cfg := snn.Tutorial(snn.DefaultTutorial())
	opts := &snn.RunOptions{TraceAll: true, TraceEvery: 10}
	every := snn.EstimateMemory(cfg, 1000, &snn.RunOptions{TraceAll: true}).Traces
	fmt.Printf("traces: %.1f MB instead of %.1f MB\n", float64(snn.EstimateMemory(cfg, 1000, opts).Traces)/1e6, float64(every)/1e6)

	net, err := snn.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, opts)
	if err != nil {
		log.Fatal(err)
	}
	tr := res.Traces
	fmt.Println(len(res.Spikes), "spikes, the same as without traces")
	fmt.Println(tr.Samples, "samples of", len(tr.Neurons), "neurons, at steps", tr.Step(0), tr.Step(1), "…", tr.Step(tr.Samples-1))

	// The next run starts at step 1000 + 5 = 1005; its first sample is
	// of network step 1010.
	net.Run(context.Background(), 5, nil)
	res, err = net.Run(context.Background(), 25, opts)
	if err != nil {
		log.Fatal(err)
	}
	tr = res.Traces
	for k := range tr.Samples {
		fmt.Print(res.Start+tr.Step(k), " ")
	}
	fmt.Println()
	// Output:
	// traces: 2.4 MB instead of 24.0 MB
	// 7648 spikes, the same as without traces
	// 100 samples of 1000 neurons, at steps 0 10 … 990
	// 1010 1020
}

// Sparse connectivity for a network ten times the tutorial's: 10 000
// neurons, each receiving 1000 synapses, with weights scaled up so that
// each neuron's total input matches the 1000-neuron tutorial, stored as
// float32 (6 bytes a synapse).
func ExampleConnectivity() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8000, Ni: 2000, Exc: snn.RS, Inh: snn.LTS, We: 5, Wi: 10, Seed: 0})
	cfg.Generator = rng.NewFastStreams(cfg.Seed)
	cfg.Connectivity = &snn.Connectivity{Rule: snn.RuleInDegree, K: 1000}
	cfg.WeightPrecision = snn.Float32Weights
	net, err := snn.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	sp := net.Synapses().(*snn.Sparse)
	fmt.Printf("%d synapses, %.1f MB\n", sp.Count(), float64(sp.Bytes())/1e6)
	// Output: 10000000 synapses, 61.2 MB
}

// A long run streams its spikes to a file as it makes them instead of
// keeping them in memory; the compact binary format (.spk) takes about
// 1.5 bytes a spike.
func ExampleCreateSpikeFile() {
	dir, err := os.MkdirTemp("", "spikes")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "spikes.spk") // .csv and .npy work too

	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		log.Fatal(err)
	}
	sw, err := snn.CreateSpikeFile(path)
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, &snn.RunOptions{Spikes: sw})
	if err != nil {
		sw.Abort()
		log.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		log.Fatal(err)
	}
	spikes, err := snn.ReadSpikeFile(path)
	if err != nil {
		log.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Spikes), "kept,", sw.Count(), "written,", len(spikes), "read back")
	fmt.Printf("%.1f bytes per spike\n", float64(info.Size())/float64(len(spikes)))
	// Output:
	// 0 kept, 7648 written, 7648 read back
	// 1.5 bytes per spike
}

// LIF is a population of leaky integrate-and-fire neurons, a model of
// one's own: τ dv/dt = −(v − rest) + R·I, and at the threshold v resets.
// The simulator calls Step once per step for the whole population, and
// SetTimeStep (snn.TimeStepper) once, with the network's step.
type LIF struct {
	Tau, Rest, Threshold, Reset float64 // ms, mV, mV, mV
	V                           []float64

	dt float64 // ms
}

// SetTimeStep makes each Step advance the neurons by dt ms.
func (m *LIF) SetTimeStep(dt float64) error {
	if dt > m.Tau/2 {
		return fmt.Errorf("LIF: step %g ms: Euler needs dt ≤ τ/2 = %g ms", dt, m.Tau/2)
	}
	m.dt = dt
	return nil
}

func (m *LIF) Len() int { return len(m.V) }

// State returns v and no recovery variable.
func (m *LIF) State() (v, u []float64) { return m.V, nil }

// Step advances every neuron by one Euler step of dt ms.
func (m *LIF) Step(I []float64, fired []int) []int {
	for i, v := range m.V {
		v += m.dt / m.Tau * (m.Rest - v + I[i])
		if v >= m.Threshold {
			v = m.Reset
			fired = append(fired, i)
		}
		m.V[i] = v
	}
	return fired
}

// A population of a model of one's own beside built-in neurons: ten LIF
// neurons under a constant current fire regularly, in step, and a
// stronger current makes them fire faster.
func ExampleModel() {
	newLIF := func(n int) *snn.PopulationConfig {
		m := &LIF{Tau: 10, Rest: -65, Threshold: -50, Reset: -65, V: make([]float64, n)}
		for i := range m.V {
			m.V[i] = m.Rest
		}
		return &snn.PopulationConfig{Name: "lif", Size: n, Model: m}
	}
	for _, current := range []float64{20, 40} {
		p := newLIF(10)
		p.Stimuli = []snn.Stimulus{snn.Constant{Current: current}}
		net, err := snn.New(snn.Config{Populations: []snn.PopulationConfig{*p}, Synapses: mustDense(10)})
		if err != nil {
			log.Fatal(err)
		}
		res, err := net.Run(context.Background(), 1000, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("I = %g: %.0f Hz\n", current, res.Rate())
	}
	// Output:
	// I = 20: 71 Hz
	// I = 40: 200 Hz
}

// mustDense returns n unconnected neurons' synapses.
func mustDense(n int) *snn.Dense {
	d, err := snn.NewDense(n, make([]float64, n*n))
	if err != nil {
		log.Fatal(err)
	}
	return d
}

// A stimulus is any function of the step, the input vector and the
// network's generator: here a 10 Hz sinusoidal current of amplitude 10
// into every excitatory neuron, added after the tutorial's noise, which
// pulls the network's rhythm from its own 8 Hz to the drive's.
func ExampleStimulusFunc() {
	cfg := snn.Tutorial(snn.DefaultTutorial())
	sine := snn.StimulusFunc(func(t int, I []float64, _ rng.Generator) {
		x := 10 * math.Sin(2*math.Pi*10*float64(t)*snn.DefaultDT/1000) // t·dt ms
		for i := range I {
			I[i] += x
		}
	})
	cfg.Populations[0].Stimuli = append(cfg.Populations[0].Stimuli, sine)
	net, err := snn.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rhythm %g Hz (the tutorial's alone: 8 Hz)\n", res.DominantFrequency())
	// Output: rhythm 10 Hz (the tutorial's alone: 8 Hz)
}

// Stepping by hand shows the schedule one step at a time: the input of
// the step, the neurons that fired, and the state they were reset to.
func ExampleNetwork_Step() {
	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		log.Fatal(err)
	}
	for range 5 {
		if err := net.Step(); err != nil {
			log.Fatal(err)
		}
		fired := net.Fired()
		z := net.Model(0).(*snn.Izhikevich)
		line := fmt.Sprintf("t = %d ms: %d fired", net.Time()-1, len(fired))
		if len(fired) > 0 && fired[0] < z.Len() {
			i := fired[0]
			line += fmt.Sprintf("; neuron %d had I = %.2f, v is reset to c = %.2f", i, net.Input()[i], z.V[i])
		}
		fmt.Println(line)
	}
	// Output:
	// t = 0 ms: 0 fired
	// t = 1 ms: 0 fired
	// t = 2 ms: 0 fired
	// t = 3 ms: 1 fired; neuron 410 had I = -5.77, v is reset to c = -65.00
	// t = 4 ms: 4 fired; neuron 41 had I = -3.10, v is reset to c = -62.14
}

// Per-group analysis: the inhibitory population, and ten excitatory
// neurons, after the first 200 ms.
func ExampleResult_Subset() {
	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		log.Fatal(err)
	}
	late, err := res.Between(200, 1000)
	if err != nil {
		log.Fatal(err)
	}
	inh, err := late.Group("inhibitory")
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range []snn.Group{inh, snn.Range("ten", 0, 10)} {
		sub, err := late.Subset(g)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d neurons, %d spikes, %.2f Hz, rhythm %.0f Hz, ISI CV %.2f\n",
			g.Name, sub.N, len(sub.Spikes), sub.Rate(), sub.DominantFrequency(), sub.ISICV())
	}
	// Output:
	// inhibitory: 200 neurons, 1088 spikes, 6.80 Hz, rhythm 39 Hz, ISI CV 0.36
	// ten: 10 neurons, 67 spikes, 8.38 Hz, rhythm 28 Hz, ISI CV 0.37
}

// The same network at two time steps: the step is a setting of the
// network (Config.DT, in ms) and the integration scheme another
// (Config.Scheme); stimuli, durations and rates are in ms at any step.
func ExampleConfig_dT() {
	for _, dt := range []float64{1, 0.1} {
		cfg := snn.Tutorial(snn.DefaultTutorial())
		cfg.DT = dt
		net, err := snn.New(cfg)
		if err != nil {
			log.Fatal(err)
		}
		steps, err := net.StepsFor(1000) // one second
		if err != nil {
			log.Fatal(err)
		}
		res, err := net.Run(context.Background(), steps, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("dt %g ms, %v scheme: %d steps, %g ms, %.0f Hz\n", res.TimeStep(), net.Scheme(), res.Steps, res.Duration(), res.Rate())
	}
	// Output:
	// dt 1 ms, tutorial scheme: 1000 steps, 1000 ms, 8 Hz
	// dt 0.1 ms, tutorial scheme: 10000 steps, 1000 ms, 9 Hz
}
