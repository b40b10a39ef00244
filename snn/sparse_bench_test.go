package snn

import (
	"context"
	"testing"
)

// benchmarkSparseNetwork builds a tutorial-like network of n neurons (4:1
// excitatory:inhibitory) with connectivity c, weights scaled so each neuron's
// total input is the tutorial's, and times 1000 steps with the fast generator.
// It reports synaptic events per second of the loop and the build time.
func benchmarkSparseNetwork(b *testing.B, n int, c Connect) {
	k := c.ExpectedSynapses(n) / float64(n)
	scale := 1000 / k
	cfg := Tutorial(n*4/5, n-n*4/5, RS, LTS, 0.5*scale, 1*scale, 0)
	cfg.Generator = GeneratorFast
	cfg.Connect = &c
	net, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(net.BuildTime().Seconds(), "build-s")
	var events int64
	var wall float64
	for b.Loop() {
		res, err := net.Run(context.Background(), 1000, nil)
		if err != nil {
			b.Fatal(err)
		}
		events += res.SynapticEvents
		wall += res.Wall.Seconds()
		b.ReportMetric(float64(len(res.Spikes))/float64(n), "spikes/neuron")
	}
	b.ReportMetric(float64(events)/wall, "events/s")
}

func BenchmarkSparse10kP01(b *testing.B) {
	benchmarkSparseNetwork(b, 10000, Connect{Rule: RuleP, P: 0.1})
}

func BenchmarkSparse100kInDegree1000(b *testing.B) {
	benchmarkSparseNetwork(b, 100000, Connect{Rule: RuleInDegree, K: 1000})
}

func BenchmarkSparse100kInDegree1000Float32(b *testing.B) {
	benchmarkSparseNetwork(b, 100000, Connect{Rule: RuleInDegree, K: 1000, Float32: true})
}
