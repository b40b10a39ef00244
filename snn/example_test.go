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

// The power spectrum of a population rate that oscillates at 10 Hz: all of
// its variance, A²/2 for an amplitude A, lies at 10 Hz.
func ExampleSpectrum() {
	rate := make([]float64, 1000) // 1 s in 1 ms bins
	for i := range rate {
		rate[i] = 20 + 4*math.Sin(2*math.Pi*10*float64(i)/1000)
	}
	freq, power := snn.Spectrum(rate, 1)
	fmt.Printf("%d frequencies from %g to %g Hz, %g Hz apart\n", len(freq), freq[0], freq[len(freq)-1], freq[1])
	f := snn.DominantFrequency(freq, power, 2, 100)
	fmt.Printf("peak at %g Hz: power %.3g Hz\n", f, power[int(f)])
	// Output:
	// 501 frequencies from 0 to 500 Hz, 1 Hz apart
	// peak at 10 Hz: power 8 Hz
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
