// Customstimulus drives the tutorial network with stimuli defined in the
// script, next to its Gaussian noise:
//
//   - a sinusoidal current into the first 100 excitatory neurons, as a
//     closure adapted by snn.StimulusFunc;
//   - Poisson input, a type of the script implementing snn.Stimulus, that
//     draws its random numbers from the network's generator so the run
//     stays reproducible;
//   - a train of pulses into the inhibitory neurons, built in (snn.Pulse).
//
// A stimulus fills the input vector of its population for step t: one
// interpreted call per stimulus per step. The network runs at the default
// step of 1 ms, so t is also the time in ms; at another Config.DT the
// sine's phase would be t·DT and Poisson's DT that step. It prints the population rates
// and the firing of the driven subset in each phase of the sine.
package main

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/vec"
)

// Poisson adds Weight to each neuron's input with probability Rate·DT
// (Rate in Hz, DT the network's step in ms) per step: independent Poisson
// spike trains.
type Poisson struct {
	Rate, Weight float64
	DT           float64 // ms per step of the network (Config.DT)

	r []float64
}

func (p *Poisson) Stimulate(t int, I []float64, r rng.Generator) {
	if len(p.r) != len(I) {
		p.r = make([]float64, len(I))
	}
	r.Uniform(p.r)
	prob := p.Rate * p.DT / 1000
	for i, x := range p.r {
		if x < prob {
			I[i] += p.Weight
		}
	}
}

const (
	driven = 100  // neurons 0..99 get the sine
	period = 100  // ms: a 10 Hz drive
	amp    = 6.0  // peak current
	steps  = 1000 // ms
)

func main() {
	sine := func(t int, I []float64, r rng.Generator) {
		vec.AddConst(amp*math.Sin(2*math.Pi*float64(t)/period), I[:driven])
	}
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 2})
	exc, inh := &cfg.Populations[0], &cfg.Populations[1]
	exc.Stimuli = append(exc.Stimuli, snn.StimulusFunc(sine), &Poisson{Rate: 20, Weight: 10, DT: snn.DefaultDT})
	inh.Stimuli = append(inh.Stimuli, snn.Pulse{Current: 4, Start: 200, Period: 250, Width: 50})

	net, err := snn.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := net.Run(context.Background(), steps, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	var counts [2]int
	var phase [4]int // spikes of the driven neurons per quarter period
	for _, s := range res.Spikes {
		if s.Neuron < 800 {
			counts[0]++
		} else {
			counts[1]++
		}
		if s.Neuron < driven {
			phase[(s.T%period)*4/period]++
		}
	}
	secs := res.Duration() / 1000
	fmt.Printf("excitatory %6.2f Hz, inhibitory %6.2f Hz\n", float64(counts[0])/800/secs, float64(counts[1])/200/secs)
	fmt.Println("driven neurons' spikes by quarter of the sine period (positive and rising, positive and falling, negative, negative):")
	fmt.Println(phase[0], phase[1], phase[2], phase[3])
	if err := snn.WriteFile(snn.OutPath("spikes.csv"), res.Spikes.WriteCSV); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
