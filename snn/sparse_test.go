package snn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/gosnn/gosnn/snn/rng"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func tutorialScale(ne, ni int, we, wi float64) []float64 {
	s := make([]float64, ne+ni)
	for i := range s {
		s[i] = we
		if i >= ne {
			s[i] = -wi
		}
	}
	return s
}

// A Sparse holding every entry of the tutorial's dense matrix gives the
// dense network's spikes exactly (7648 for seed 0), serially and with every
// phase split across 8 goroutines.
func TestSparseFromDenseGivesDenseSpikes(t *testing.T) {
	const n = 1000
	dense := runSpikes(t, Tutorial(DefaultTutorial()), 1000)
	if len(dense) != 7648 {
		t.Fatalf("dense network: %d spikes, want the tutorial's 7648", len(dense))
	}
	net, err := New(Tutorial(DefaultTutorial()))
	if err != nil {
		t.Fatal(err)
	}
	d := net.Synapses().(*Dense)
	var pre, post []int
	var w []float64
	for i := range n {
		for j := range n {
			pre, post, w = append(pre, j), append(post, i), append(w, d.At(i, j))
		}
	}
	for _, p := range []WeightPrecision{Float64Weights, Float32Weights} {
		sp, err := NewSparse(n, pre, post, w, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, procs := range []int{1, 8} {
			withProcs(t, procs, func() {
				cfg := forceParallel(Tutorial(DefaultTutorial()), true)
				cfg.Synapses = sp
				net, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				// The dense network drew its n² weights from the
				// generator before the noise: skip them.
				net.Rand().Uniform(make([]float64, n*n))
				res, err := net.Run(context.Background(), 1000, nil)
				if err != nil {
					t.Fatal(err)
				}
				same := slices.Equal(res.Spikes, dense)
				if p == Float64Weights && !same {
					t.Errorf("GOMAXPROCS=%d: sparse copy of the dense matrix gave %d spikes, dense gave %d (or different ones)", procs, len(res.Spikes), len(dense))
				}
				if p == Float32Weights && (len(res.Spikes) < 7000 || len(res.Spikes) > 8300) {
					t.Errorf("float32 copy: %d spikes, want about the dense network's 7648", len(res.Spikes))
				}
			})
		}
	}
}

// naiveSparseDeliver is the obviously right delivery: for each postsynaptic
// neuron, a sum from 0 over the fired neurons in order, then added to I.
func naiveSparseDeliver(s *Sparse, fired []int, I []float64) {
	sum := make([]float64, s.Len())
	for _, j := range fired {
		post, w := s.Row(j)
		for k, i := range post {
			sum[i] += w[k]
		}
	}
	for i := range I {
		I[i] += sum[i]
	}
}

// TestSparseDeliverMatchesNaive checks delivery, by the Go loop and by the
// kernels, serially and on 8 goroutines, against naiveSparseDeliver, on
// random matrices of each rule and weight width and on one with repeated
// pairs.
func TestSparseDeliverMatchesNaive(t *testing.T) {
	type matrix struct {
		name string
		s    *Sparse
	}
	var ms []matrix
	for _, n := range []int{1500, 40000} {
		scale := tutorialScale(n*4/5, n-n*4/5, 0.5, 1)
		for _, c := range []struct {
			Connectivity
			p WeightPrecision
		}{
			{Connectivity{Rule: RuleP, P: 60 / float64(n)}, Float64Weights},
			{Connectivity{Rule: RuleInDegree, K: 60, NoAutapses: true}, Float64Weights},
			{Connectivity{Rule: RuleOutDegree, K: 60}, Float32Weights},
		} {
			s, err := NewRandomSparse(n, scale, c.Connectivity, c.p, 5)
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, matrix{fmt.Sprintf("n=%d %s", n, c), s})
		}
	}
	// Every pair drawn twice or more, with different weights.
	r := rand.New(rand.NewPCG(3, 4))
	const n = 20000
	var pre, post []int
	var w []float64
	for range 400000 {
		j, i := r.IntN(n), r.IntN(200)*(n/200)
		for range 1 + r.IntN(3) {
			pre, post, w = append(pre, j), append(post, i), append(w, r.NormFloat64())
		}
	}
	for _, p := range []WeightPrecision{Float64Weights, Float32Weights} {
		s, err := NewSparse(n, pre, post, w, p)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, matrix{fmt.Sprintf("repeated pairs, %s weights", p), s})
	}
	for _, path := range append([]int{pathGo}, vectorPaths()...) {
		withKernels(path, func() {
			for _, m := range ms {
				testDeliverMatchesNaive(t, pathNames[path]+", "+m.name, m.s)
			}
		})
	}
}

func testDeliverMatchesNaive(t *testing.T, name string, s *Sparse) {
	n := s.Len()
	g := rng.NewFastStreams(1)
	u := make([]float64, n)
	for trial := range 5 {
		g.Uniform(u)
		var fired []int
		for i, x := range u {
			if x < 0.02*float64(trial+1) {
				fired = append(fired, i)
			}
		}
		base := make([]float64, n)
		g.Normal(base)
		want := slices.Clone(base)
		naiveSparseDeliver(s, fired, want)
		got := slices.Clone(base)
		events := s.Deliver(fired, got)
		if !slices.Equal(got, want) {
			t.Fatalf("%s, trial %d: Deliver differs from the naive sum", name, trial)
		}
		wantEvents := 0
		for _, j := range fired {
			p, _ := s.Row(j)
			wantEvents += len(p)
		}
		if events != wantEvents {
			t.Errorf("%s: %d events, want %d", name, events, wantEvents)
		}
		withProcs(t, 8, func() {
			net := &Network{syn: s, n: n, fired: fired, eng: engine{tuning: forced}}
			net.choosePlan()
			par := slices.Clone(base)
			if e := net.deliver(par); e != wantEvents || !slices.Equal(par, want) {
				t.Fatalf("%s: parallel delivery differs from the naive sum", name)
			}
		})
	}
}

// The rules make the structure they promise, with weights in range.
func TestRandomSparseRules(t *testing.T) {
	const n = 3000
	scale := tutorialScale(2400, 600, 0.5, 1)
	for _, c := range []struct {
		Connectivity
		p WeightPrecision
	}{
		{Connectivity{Rule: RuleP, P: 0.1}, Float64Weights},
		{Connectivity{Rule: RuleP, P: 0.1, NoAutapses: true}, Float64Weights},
		{Connectivity{Rule: RuleP, P: 1, NoAutapses: true}, Float64Weights},
		{Connectivity{Rule: RuleP, P: 0}, Float64Weights},
		{Connectivity{Rule: RuleInDegree, K: 100}, Float64Weights},
		{Connectivity{Rule: RuleInDegree, K: 2999, NoAutapses: true}, Float64Weights},
		{Connectivity{Rule: RuleOutDegree, K: 100}, Float32Weights},
		{Connectivity{Rule: RuleOutDegree, K: 1600, NoAutapses: true}, Float64Weights},
	} {
		s, err := NewRandomSparse(n, scale, c.Connectivity, c.p, 11)
		if err != nil {
			t.Fatal(err)
		}
		in := make([]int, n)
		total := 0
		for j := range n {
			post, w := s.Row(j)
			if len(post) != len(w) {
				t.Fatalf("%s: row %d has %d targets and %d weights", c, j, len(post), len(w))
			}
			if c.Rule == RuleOutDegree && len(post) != c.K {
				t.Errorf("%s: neuron %d sends %d synapses, want %d", c, j, len(post), c.K)
			}
			for k, i := range post {
				if k > 0 && post[k-1] >= i {
					t.Fatalf("%s: row %d not strictly increasing at %d: %v", c, j, k, post[max(0, k-3):k+1])
				}
				if c.NoAutapses && i == j {
					t.Errorf("%s: autapse on neuron %d", c, j)
				}
				lo, hi := 0.0, scale[j]
				if hi < 0 {
					lo, hi = hi, 0
				}
				if !(w[k] >= lo && w[k] <= hi) || w[k] == 0 && scale[j] != 0 && false {
					t.Errorf("%s: weight %d → %d is %g, want in [%g, %g]", c, j, i, w[k], lo, hi)
				}
				if c.p == Float32Weights && w[k] != float64(float32(w[k])) {
					t.Errorf("%s: weight %g is not a float32", c, w[k])
				}
				in[i]++
			}
			total += len(post)
		}
		if total != s.Count() {
			t.Errorf("%s: rows hold %d synapses, Count says %d", c, total, s.Count())
		}
		if c.Rule == RuleInDegree {
			for i, d := range in {
				if d != c.K {
					t.Fatalf("%s: neuron %d receives %d synapses, want %d", c, i, d, c.K)
				}
			}
		}
		if c.Rule == RuleP {
			// Binomial count: within 5 standard deviations.
			m := float64(c.candidates(n)) * n
			mean, sd := c.P*m, math.Sqrt(c.P*(1-c.P)*m)
			if math.Abs(float64(total)-mean) > 5*sd+1e-9 {
				t.Errorf("%s: %d synapses, expected %g ± %g", c, total, mean, sd)
			}
		}
	}
}

// Same seed, same matrix on 1 or 8 cores; another seed, another matrix.
func TestRandomSparseReproducible(t *testing.T) {
	const n = 20000
	scale := tutorialScale(16000, 4000, 0.5, 1)
	for _, c := range []Connectivity{{Rule: RuleP, P: 0.01}, {Rule: RuleInDegree, K: 200}, {Rule: RuleOutDegree, K: 200}} {
		var ref *Sparse
		for _, procs := range []int{1, 8} {
			withProcs(t, procs, func() {
				s, err := NewRandomSparse(n, scale, c, Float64Weights, 42)
				if err != nil {
					t.Fatal(err)
				}
				if ref == nil {
					ref = s
					return
				}
				if !slices.Equal(s.seg, ref.seg) || !slices.Equal(s.post, ref.post) || !slices.Equal(s.w, ref.w) {
					t.Errorf("%s: GOMAXPROCS=%d built a different matrix", c, procs)
				}
			})
		}
		other, err := NewRandomSparse(n, scale, c, Float64Weights, 43)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(other.post, ref.post) {
			t.Errorf("%s: seeds 42 and 43 gave the same synapses", c)
		}
	}
}

func TestParseConnectivity(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *Connectivity
		err  string
	}{
		{"dense", nil, ""},
		{" Dense ", nil, ""},
		{"p=0.1", &Connectivity{Rule: RuleP, P: 0.1}, ""},
		{"indegree=1000", &Connectivity{Rule: RuleInDegree, K: 1000}, ""},
		{"outdegree=0", &Connectivity{Rule: RuleOutDegree, K: 0}, ""},
		{"p=1.5", nil, "P must be a number from 0 to 1"},
		{"p=NaN", nil, "P must be a number from 0 to 1"},
		{"indegree=-3", nil, "K must be a whole number"},
		{"indegree=2.5", nil, "K must be a whole number"},
		{"fanin=3", nil, "unknown rule"},
		{"p", nil, "missing '='"},
	} {
		got, err := ParseConnectivity(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "indegree=K") {
				t.Errorf("ParseConnectivity(%q) error %v, want one containing %q and listing the forms", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("ParseConnectivity(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if got != nil {
			if back, _ := ParseConnectivity(got.String()); *back != *got {
				t.Errorf("String %q does not parse back to %+v", got.String(), got)
			}
		}
	}
}

func TestSparseRejects(t *testing.T) {
	scale := tutorialScale(8, 2, 0.5, 1)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"K too big", func() error {
			_, err := NewRandomSparse(10, scale, Connectivity{Rule: RuleInDegree, K: 10, NoAutapses: true}, Float64Weights, 0)
			return err
		}(), "must be from 0 to 9"},
		{"unknown rule", func() error {
			_, err := NewRandomSparse(10, scale, Connectivity{Rule: "ring"}, Float64Weights, 0)
			return err
		}(), "valid rules are p, indegree and outdegree"},
		{"bad p", func() error {
			_, err := NewRandomSparse(10, scale, Connectivity{Rule: RuleP, P: -1}, Float64Weights, 0)
			return err
		}(), "must be from 0 to 1"},
		{"scale count", func() error {
			_, err := NewRandomSparse(10, scale[:3], Connectivity{Rule: RuleP, P: 0.5}, Float64Weights, 0)
			return err
		}(), "3 weight scales for 10 neurons"},
		{"NaN scale", func() error {
			_, err := NewRandomSparse(10, append(scale[:9:9], math.NaN()), Connectivity{Rule: RuleP, P: 0.5}, Float64Weights, 0)
			return err
		}(), "scales must be finite"},
		{"list lengths", func() error { _, err := NewSparse(4, []int{0}, []int{1, 2}, []float64{1}, Float64Weights); return err }(), "give one of each per synapse"},
		{"index range", func() error { _, err := NewSparse(4, []int{0}, []int{4}, []float64{1}, Float64Weights); return err }(), "must be from 0 to 3"},
		{"NaN weight", func() error {
			_, err := NewSparse(4, []int{0}, []int{1}, []float64{math.Inf(1)}, Float64Weights)
			return err
		}(), "weights must be finite"},
		{"no neurons", func() error { _, err := NewSparse(0, nil, nil, nil, Float64Weights); return err }(), "need 1 to"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, tc.err, tc.want)
		}
	}
}

// An explicit list keeps multiple synapses between a pair; At adds them.
func TestNewSparseExplicit(t *testing.T) {
	s, err := NewSparse(3, []int{2, 0, 0, 0}, []int{1, 2, 1, 2}, []float64{4, 1, 2, 3}, Float64Weights)
	if err != nil {
		t.Fatal(err)
	}
	if s.Count() != 4 || s.At(2, 0) != 4 || s.At(1, 0) != 2 || s.At(1, 2) != 4 || s.At(0, 1) != 0 {
		t.Errorf("At gives S[2,0]=%g S[1,0]=%g S[1,2]=%g S[0,1]=%g; want 4, 2, 4, 0", s.At(2, 0), s.At(1, 0), s.At(1, 2), s.At(0, 1))
	}
	post, w := s.Row(0)
	if !slices.Equal(post, []int{1, 2, 2}) || !slices.Equal(w, []float64{2, 1, 3}) {
		t.Errorf("row 0 = %v %v, want [1 2 2] [2 1 3] (sorted by target, list order kept)", post, w)
	}
	I := []float64{0, 0, 0}
	if e := s.Deliver([]int{0, 2}, I); e != 4 || !slices.Equal(I, []float64{0, 6, 4}) {
		t.Errorf("Deliver gave %v with %d events, want [0 6 4] and 4", I, e)
	}
}

// Networks too large for the memory limit are refused before anything is
// built, with the size and what to change.
func TestSparseTooLargeSaysHowMuch(t *testing.T) {
	cfg := Tutorial(TutorialOptions{Ne: 800000, Ni: 200000, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 2000}
	_, err := New(cfg)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	for _, want := range []string{"20.14 GB", "8.00 GB limit", "float32 weights (12.14 GB)", "fewer synapses per neuron"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	m := EstimateMemory(cfg, 1000, nil)
	if m.Synapses != SparseBytes(1000000, 2e9, Float64Weights) {
		t.Errorf("estimate %v, want the sparse size", m)
	}
}

func TestRunMemoryLimits(t *testing.T) {
	cfg := Tutorial(DefaultTutorial())
	cfg.MaxBytes = 10e6
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The weights take 8 MB of the 10 MB, so 2 MB are left; the hints
	// leave 320 kB of them for the spikes.
	_, err = net.Run(context.Background(), 1000, &RunOptions{TraceAll: true})
	for _, want := range []string{"needs 24.0 MB, over the 2.0 MB that the 10.0 MB limit leaves beside the weights' 8.0 MB",
		"trace at most 70 neurons", "keep one step in 15", "which leaves 320 kB for spikes at 20 Hz"} {
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), want) {
			t.Errorf("tracing 1000 neurons for 1000 steps under 10 MB: error %v, want ErrTooLarge saying %q", err, want)
		}
	}
	// Either hint gives a run that completes, spikes and all.
	first70 := make([]int, 70)
	for i := range first70 {
		first70[i] = i
	}
	for _, opts := range []*RunOptions{{Trace: first70}, {TraceAll: true, TraceEvery: 15}} {
		net, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := net.Run(context.Background(), 1000, opts); err != nil || len(res.Spikes) != 7648 {
			t.Errorf("following the hint (%d neurons, every %d steps): %v", len(opts.Trace), opts.TraceEvery, err)
		}
	}
	// A limit the weights nearly fill leaves no hint but the general ones.
	cfg.MaxBytes = 8e6 + 100
	net, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = net.Run(context.Background(), 1000, &RunOptions{Trace: []int{0}})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over the 100 B that the 8.0 MB limit leaves beside the weights' 8.0 MB; run fewer steps at a time, or raise the limit") {
		t.Errorf("tracing one neuron beside full weights: error %v", err)
	}
	cfg.MaxBytes = 8e6 + 50000 // weights fit, only ~3000 spikes do
	net, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, nil)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "stream them to a file") {
		t.Fatalf("error %v, want ErrTooLarge suggesting to stream the spikes", err)
	}
	if len(res.Spikes) == 0 || int64(len(res.Spikes))*spikeBytes > cfg.MaxBytes {
		t.Errorf("stopped run kept %d spikes, want some, within the limit", len(res.Spikes))
	}
	if _, err := New(Config{Populations: cfg.Populations, MaxBytes: -1}); err == nil {
		t.Error("negative memory limit accepted")
	}
	if _, err := New(Config{Populations: cfg.Populations, WeightPrecision: 7}); err == nil || !strings.Contains(err.Error(), "Float32Weights") {
		t.Errorf("weight precision 7: error %v, want one naming the valid precisions", err)
	}
}

// Streamed spike files hold the run's spikes: CSV and .npy byte for byte
// as the in-memory writers make them, the binary format read back exactly.
func TestSpikeFileRoundTrip(t *testing.T) {
	want := runSpikes(t, Tutorial(DefaultTutorial()), 300)
	dir := t.TempDir()
	for _, name := range []string{"s.csv", "s.npy", "s.spk", "s.bin"} {
		path := filepath.Join(dir, name)
		sw, err := CreateSpikeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		net, err := New(Tutorial(DefaultTutorial()))
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), 300, &RunOptions{Spikes: sw})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Spikes) != 0 || sw.Count() != int64(len(want)) {
			t.Errorf("%s: run kept %d spikes and wrote %d; want 0 kept, %d written", name, len(res.Spikes), sw.Count(), len(want))
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%s exists before Close", name)
		}
		if err := sw.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := ReadSpikeFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: read back %d spikes, want the run's %d", name, len(got), len(want))
		}
		data, _ := os.ReadFile(path)
		var ref bytes.Buffer
		switch sw.Format() {
		case SpikeFormatCSV:
			want.WriteCSV(&ref)
		case SpikeFormatNPY:
			want.WriteNPY(&ref)
		default:
			if len(data) > 3*len(want)+len(spkMagic)+300*3 {
				t.Errorf("%s: %d bytes for %d spikes, want a compact file", name, len(data), len(want))
			}
			continue
		}
		if !bytes.Equal(data, ref.Bytes()) {
			t.Errorf("%s: file differs from the in-memory writer's bytes", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("directory holds %d files, want the 4 spike files and no temporaries", len(entries))
	}
}

func TestSpikeFileErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.spk")
	sw, err := CreateSpikeFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.WriteStep(3, []int{1, 5}); err != nil {
		t.Fatal(err)
	}
	if err := sw.WriteStep(3, []int{2}); err == nil || !strings.Contains(err.Error(), "steps must increase") {
		t.Errorf("repeated step: error %v", err)
	}
	if err := sw.WriteStep(4, []int{5, 2}); err == nil || !strings.Contains(err.Error(), "increasing order") {
		t.Errorf("unsorted neurons: error %v", err)
	}
	sw.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Abort left %d files", len(entries))
	}
	if _, err := CreateSpikeFile(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory as spike file: error %v", err)
	}
	if _, err := CreateSpikeFile(filepath.Join(dir, "missing", "s.spk")); err == nil {
		t.Error("spike file in a missing directory: no error")
	}

	// A truncated binary file is reported as such, never read short.
	sw, _ = CreateSpikeFile(path)
	for step := range 50 {
		sw.WriteStep(step, []int{step, step + 100, step + 300})
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, cut := range []int{len(data) - 1, len(data) / 2, len(spkMagic) + 1} {
		sr, err := NewSpikeReader(bytes.NewReader(data[:cut]))
		if err != nil {
			t.Fatal(err)
		}
		for err == nil {
			_, _, err = sr.Next()
		}
		if err == io.EOF || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("file cut at %d of %d bytes: error %v, want truncated", cut, len(data), err)
		}
	}
	if _, err := NewSpikeReader(strings.NewReader("t,neuron\n")); err == nil {
		t.Error("CSV read as binary: no error")
	}
}
