package snn

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/gosnn/gosnn/internal/membw"
	"github.com/gosnn/gosnn/snn/rng"
)

// benchmarkSparseNetwork builds a tutorial-like network of n neurons (4:1
// excitatory:inhibitory) with connectivity c, weights scaled so each neuron's
// total input is the tutorial's, and times 1000 steps with the fast generator.
// It reports synaptic events per second of the loop and the build time.
func benchmarkSparseNetwork(b *testing.B, n int, c Connectivity, p WeightPrecision) {
	k := c.ExpectedSynapses(n) / float64(n)
	scale := 1000 / k
	cfg := Tutorial(TutorialOptions{Ne: n * 4 / 5, Ni: n - n*4/5, Exc: RS, Inh: LTS, We: 0.5 * scale, Wi: 1 * scale, Seed: 0})
	cfg.Generator = rng.NewFastStreams(cfg.Seed)
	cfg.Connectivity = &c
	cfg.WeightPrecision = p
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
	benchmarkSparseNetwork(b, 10000, Connectivity{Rule: RuleP, P: 0.1}, Float64Weights)
}

func BenchmarkSparse100kInDegree1000(b *testing.B) {
	benchmarkSparseNetwork(b, 100000, Connectivity{Rule: RuleInDegree, K: 1000}, Float64Weights)
}

func BenchmarkSparse100kInDegree1000Float32(b *testing.B) {
	benchmarkSparseNetwork(b, 100000, Connectivity{Rule: RuleInDegree, K: 1000}, Float32Weights)
}

var bench100k struct {
	once sync.Once
	s    *Sparse
}

// benchmarkDeliver times delivery alone on the 100k network's synapses
// (float32, in-degree 1000), with 740 random neurons firing per step (the
// network's 7.4 Hz), and reports nanoseconds and events per second. With
// cached, every step delivers the same spikes, whose rows (4.4 MB) then
// come from the level-3 cache instead of memory.
func benchmarkDeliver(b *testing.B, parallel, cached bool) {
	const n = 100000
	bench100k.once.Do(func() {
		s, err := NewRandomSparse(n, tutorialScale(80000, 20000, 0.5, 1), Connectivity{Rule: RuleInDegree, K: 1000}, Float32Weights, 0)
		if err != nil {
			b.Fatal(err)
		}
		bench100k.s = s
	})
	g := rng.NewFastStreams(1)
	u := make([]float64, n)
	var steps [][]int
	for range 64 {
		g.Uniform(u)
		var fired []int
		for i, x := range u {
			if x < 0.0074 {
				fired = append(fired, i)
			}
		}
		steps = append(steps, fired)
	}
	net := &Network{syn: bench100k.s, n: n}
	net.choosePlan()
	I := make([]float64, n)
	events := 0
	k := 0
	for b.Loop() {
		net.fired = steps[k%len(steps)]
		if !cached {
			k++
		}
		if parallel {
			events += net.deliver(I)
		} else {
			events += bench100k.s.Deliver(net.fired, I)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkDeliver100kOneCore(b *testing.B)       { benchmarkDeliver(b, false, false) }
func BenchmarkDeliver100kOneCoreCached(b *testing.B) { benchmarkDeliver(b, false, true) }
func BenchmarkDeliver100kAllCores(b *testing.B)      { benchmarkDeliver(b, true, false) }

// benchmarkBuild times drawing the synapses of n neurons by rule c.
func benchmarkBuild(b *testing.B, n int, c Connectivity) {
	scale := tutorialScale(n*4/5, n-n*4/5, 0.5, 1)
	var nnz int
	for b.Loop() {
		s, err := NewRandomSparse(n, scale, c, Float64Weights, 0)
		if err != nil {
			b.Fatal(err)
		}
		nnz = s.Count()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nnz), "ns/synapse")
}

func BenchmarkBuild10kP01(b *testing.B) { benchmarkBuild(b, 10000, Connectivity{Rule: RuleP, P: 0.1}) }
func BenchmarkBuild10kInDegree(b *testing.B) {
	benchmarkBuild(b, 10000, Connectivity{Rule: RuleInDegree, K: 1000})
}
func BenchmarkBuild10kOutDegree(b *testing.B) {
	benchmarkBuild(b, 10000, Connectivity{Rule: RuleOutDegree, K: 1000})
}

// BenchmarkFastNoise100k times one step's noise of the 100k network.
func BenchmarkFastNoise100k(b *testing.B) {
	g := rng.NewFastStreams(0)
	x := make([]float64, 100000)
	for b.Loop() {
		g.Normal(x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(x)), "ns/number")
}

// BenchmarkMemoryBound100k runs the 100k network (in-degree 1000, float32
// weights, fast generator) for 1000 steps per iteration and, just before
// each run, measures the machine's sequential read bandwidth as snnbench
// does (internal/membw: a 256 MB buffer read by every core, best of 10
// passes). It reports the median over the iterations, with the range, of
// the fraction of the memory-bound limit: events/s × bytes per synapse
// (Sparse.Bytes ÷ synapses) ÷ the bandwidth measured before the run.
// Construction is excluded.
//
//	go test -run '^$' -bench MemoryBound100k -benchtime 5x ./snn
func BenchmarkMemoryBound100k(b *testing.B) {
	const n = 100000
	cfg := Tutorial(TutorialOptions{Ne: n * 4 / 5, Ni: n - n*4/5, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Generator = rng.NewFastStreams(cfg.Seed)
	cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 1000}
	cfg.WeightPrecision = Float32Weights
	net, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	s := net.syn.(*Sparse)
	perSynapse := float64(s.Bytes()) / float64(s.Count())
	var fractions, rates, bandwidths []float64
	for b.Loop() {
		b.StopTimer()
		m, err := membw.Read(256<<20, runtime.GOMAXPROCS(0), 10)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := net.Run(context.Background(), 1000, nil)
		if err != nil {
			b.Fatal(err)
		}
		rate := float64(res.SynapticEvents) / res.Wall.Seconds()
		rates = append(rates, rate)
		bandwidths = append(bandwidths, m.Best())
		fractions = append(fractions, membw.Fraction(rate, perSynapse, m.Best()))
	}
	b.ReportMetric(median(fractions), "of-bound")
	b.ReportMetric(slices.Min(fractions), "of-bound-min")
	b.ReportMetric(slices.Max(fractions), "of-bound-max")
	b.ReportMetric(median(rates), "events/s")
	b.ReportMetric(median(bandwidths)/1e9, "read-GB/s")
	b.ReportMetric(perSynapse, "B/synapse")
}

// median returns the median of xs.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
