package main

// This file holds every use of the snn package, so that a change of its
// API touches snnbench in one place.

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/spnet"
)

// benchGosnn builds and runs one network in this process.
func benchGosnn(net benchNet, engine string, cfg benchConfig) (benchRow, error) {
	if net.name == "spnet" {
		return benchSpnet(net, engine, cfg)
	}
	c := snn.Tutorial(snn.TutorialOptions{Ne: net.ne, Ni: net.ni, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: cfg.seed})
	gen, err := rng.New(strings.TrimPrefix(engine, "gosnn-"), cfg.seed)
	if err != nil {
		return benchRow{}, err
	}
	c.Generator = gen
	if net.conn != "" {
		conn, err := snn.ParseConnectivity(net.conn)
		if err != nil {
			return benchRow{}, fmt.Errorf("network %s: %w", net.name, err)
		}
		c.Connectivity = conn
		c.WeightPrecision = snn.Float32Weights
	}
	c.MaxBytes = 20e9
	n, err := snn.New(c)
	if err != nil {
		return benchRow{}, err
	}
	cpu0 := cpuSeconds()
	res, err := n.Run(context.Background(), cfg.steps, nil)
	if err != nil {
		return benchRow{}, err
	}
	cpu := cpuSeconds() - cpu0
	row := benchRow{
		Engine: engine, Net: net.name, Neurons: n.Len(),
		BuildS: n.BuildTime().Seconds(), LoopS: res.Wall.Seconds(), LoopCPUS: cpu,
		Spikes: len(res.Spikes), Events: res.SynapticEvents,
	}
	switch s := n.Synapses().(type) {
	case *snn.Sparse:
		row.Synapses = int64(s.Count())
		row.SynapseMB = float64(s.Bytes()) / 1e6
	case *snn.Dense:
		row.Synapses = int64(s.Len()) * int64(s.Len())
		row.SynapseMB = float64(snn.DenseBytes(s.Len())) / 1e6
	}
	if row.Synapses > 0 {
		// All of the synapse storage (indices, weights, segment starts)
		// per synapse: each event reads its synapse's share.
		row.BytesPerSynapse = row.SynapseMB * 1e6 / float64(row.Synapses)
	}
	row.PeakRSSMB = peakRSSMB()
	if cfg.spikes != "" {
		if err := snn.WriteFile(cfg.spikes, res.Spikes.WriteNPY); err != nil {
			return benchRow{}, err
		}
	}
	return row, nil
}

// benchSpnet runs the polychronization network of package spnet for
// --spnet-seconds, recording its spikes.
func benchSpnet(net benchNet, engine string, cfg benchConfig) (benchRow, error) {
	if cfg.seed > math.MaxUint32 {
		return benchRow{}, fmt.Errorf("--seed %d: spnet's seed is srand's, at most %d", cfg.seed, uint32(math.MaxUint32))
	}
	t0 := time.Now()
	n, err := spnet.New(spnet.Config{Seed: uint32(cfg.seed)})
	if err != nil {
		return benchRow{}, err
	}
	rec := &spnet.Spikes{}
	n.Monitors = append(n.Monitors, rec)
	build := time.Since(t0)
	cpu0 := cpuSeconds()
	t1 := time.Now()
	n.Run(cfg.spnetSeconds * 1000)
	loop := time.Since(t1)
	cpu := cpuSeconds() - cpu0
	synapses := n.Syn.Len()
	row := benchRow{
		Engine: engine, Net: net.name, Neurons: n.Len(), Synapses: int64(synapses),
		BuildS: build.Seconds(), LoopS: loop.Seconds(), LoopCPUS: cpu,
		Spikes: rec.Len(), Events: int64(rec.Len()) * int64(n.Config().Synapses),
		// the synapse state: target (int32), weight and derivative
		// (float64), delay (uint8)
		SynapseMB: float64(synapses*(4+8+8+1)) / 1e6,
	}
	row.PeakRSSMB = peakRSSMB()
	if cfg.spikes != "" {
		s := make(snn.Spikes, rec.Len())
		for k := range s {
			s[k] = snn.Spike{T: int(rec.Times[k]), Neuron: int(rec.Neurons[k])}
		}
		if err := snn.WriteFile(cfg.spikes, s.WriteNPY); err != nil {
			return benchRow{}, err
		}
	}
	return row, nil
}

// spikeStats reads an engine's spikes (an .npy file of [t, neuron] rows)
// and returns their mean rate and the dominant frequency of the
// population rate, as gosnn computes them.
func spikeStats(path string, net benchNet, steps int) (rateHz, dominantHz float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	s, err := snn.ReadSpikesNPY(f)
	if err != nil {
		return 0, 0, err
	}
	res := &snn.Result{Steps: steps, N: net.ne + net.ni, Spikes: s, Populations: []snn.PopulationInfo{
		{Name: "excitatory", Start: 0, Size: net.ne}, {Name: "inhibitory", Start: net.ne, Size: net.ni, Inhibitory: true}}}
	return res.Rate(), res.DominantFrequency(), nil
}

// writeFile replaces the file at path with text, atomically.
func writeFile(path, text string) error {
	return snn.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}
