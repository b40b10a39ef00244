package scripting

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

// A plasticity rule of snn written in a script: interpreted, it must give
// the compiled twin's spikes and weights bit for bit, through yaegi's
// wrapper of snn.Plasticity.
const snnPlasticityScript = `package main

import (
	"context"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
)

` + hebbSource + `

func main() {
	fmt.Println(runHebb())
}
`

// hebbSource is the rule and its network, shared by the script and the
// compiled twin below (which must stay identical to it).
const hebbSource = `// hebb depresses a synapse whose spike arrives within 5 steps after its
// target fired, and strengthens it a little otherwise.
type hebb struct {
	syn   *snn.DelayedSparse
	posts int
}

func (h *hebb) PostSpike(net *snn.Network, neuron int) { h.posts++ }

func (h *hebb) PreSpike(net *snn.Network, pre, lo, hi int) {
	if h.syn == nil {
		h.syn = net.DelayedSynapses()
	}
	w := h.syn.Weights()
	for k := lo; k < hi; k++ {
		last := net.LastSpike(h.syn.Post(k))
		if last != snn.NoSpike && net.Time()-last <= 5 {
			w[k] -= 0.05
		} else {
			w[k] += 0.001
		}
	}
}

func (h *hebb) Stepped(net *snn.Network) {}

func runHebb() string {
	o := snn.DefaultTutorial()
	o.Ne, o.Ni = 80, 20
	cfg := snn.Tutorial(o)
	var pre, post []int
	var w, d []float64
	for j := 0; j < 100; j++ {
		for m := 0; m < 20; m++ {
			pre = append(pre, j)
			post = append(post, (j*37+m*11)%100)
			if j < 80 {
				w = append(w, 3)
			} else {
				w = append(w, -2)
			}
			d = append(d, float64(1+(j+m)%5))
		}
	}
	syn, err := snn.NewDelayedSparse(100, pre, post, w, d)
	if err != nil {
		panic(err)
	}
	cfg.Synapses = syn
	rule := &hebb{}
	cfg.Plasticity = rule
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	res, err := net.Run(context.Background(), 500, nil)
	if err != nil {
		panic(err)
	}
	var h uint64
	for _, x := range syn.Weights() {
		h = h*31 + math.Float64bits(x)
	}
	return fmt.Sprint(len(res.Spikes), " ", rule.posts, " ", h)
}`

// hebb and runHebb: the compiled twin of hebbSource.
type hebb struct {
	syn   *snn.DelayedSparse
	posts int
}

func (h *hebb) PostSpike(net *snn.Network, neuron int) { h.posts++ }

func (h *hebb) PreSpike(net *snn.Network, pre, lo, hi int) {
	if h.syn == nil {
		h.syn = net.DelayedSynapses()
	}
	w := h.syn.Weights()
	for k := lo; k < hi; k++ {
		last := net.LastSpike(h.syn.Post(k))
		if last != snn.NoSpike && net.Time()-last <= 5 {
			w[k] -= 0.05
		} else {
			w[k] += 0.001
		}
	}
}

func (h *hebb) Stepped(net *snn.Network) {}

func runHebb() string {
	o := snn.DefaultTutorial()
	o.Ne, o.Ni = 80, 20
	cfg := snn.Tutorial(o)
	var pre, post []int
	var w, d []float64
	for j := 0; j < 100; j++ {
		for m := 0; m < 20; m++ {
			pre = append(pre, j)
			post = append(post, (j*37+m*11)%100)
			if j < 80 {
				w = append(w, 3)
			} else {
				w = append(w, -2)
			}
			d = append(d, float64(1+(j+m)%5))
		}
	}
	syn, err := snn.NewDelayedSparse(100, pre, post, w, d)
	if err != nil {
		panic(err)
	}
	cfg.Synapses = syn
	rule := &hebb{}
	cfg.Plasticity = rule
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	res, err := net.Run(context.Background(), 500, nil)
	if err != nil {
		panic(err)
	}
	var h uint64
	for _, x := range syn.Weights() {
		h = h*31 + math.Float64bits(x)
	}
	return fmt.Sprint(len(res.Spikes), " ", rule.posts, " ", h)
}

func TestScriptedSNNPlasticity(t *testing.T) {
	want := runHebb()
	var spikes, posts int
	fmt.Sscan(want, &spikes, &posts)
	if spikes == 0 || posts == 0 {
		t.Fatalf("the compiled run made %d spikes and %d post-spikes", spikes, posts)
	}
	// The twin is the script's code, so that the two runs can be compared.
	src, err := os.ReadFile("plasticity_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, twin, _ := strings.Cut(string(src), "// hebb and runHebb: the compiled twin of hebbSource.\n")
	twin, _, _ = strings.Cut(twin, "\n\nfunc TestScriptedSNNPlasticity")
	_, script, _ := strings.Cut(hebbSource, "type hebb struct")
	if twin != "type hebb struct"+script {
		t.Fatal("the compiled twin of the scripted rule differs from hebbSource")
	}
	got, stderr, err := run(t, context.Background(), snnPlasticityScript, Options{})
	if err != nil {
		t.Fatalf("script: %v\n%s", err, stderr)
	}
	if strings.TrimSpace(got) != want {
		t.Errorf("scripted rule: %q, compiled: %q", strings.TrimSpace(got), want)
	}
}

// The polychronization network from snn's parts, with a weight monitor and
// a checkpoint, driven by a script: the compiled parts behave as they do
// when compiled, and the run resumed from the checkpoint continues the
// compiled run that never stopped.
const snnSpnetScript = `package main

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

func main() {
	build := func(m snn.Monitor) *snn.Network {
		cfg, err := spnet.SNNConfig(spnet.Default())
		if err != nil {
			panic(err)
		}
		if m != nil {
			cfg.Monitors = []snn.Monitor{m}
		}
		net, err := snn.New(cfg)
		if err != nil {
			panic(err)
		}
		return net
	}
	weights := &snn.WeightMonitor{From: "excitatory", Every: 500, Edges: snn.UniformEdges(0, 10, 10)}
	net := build(weights)
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		panic(err)
	}
	again := build(nil)
	if err := again.Load(&buf); err != nil {
		panic(err)
	}
	more, err := again.Run(context.Background(), 500, nil)
	if err != nil {
		panic(err)
	}
	var h uint64
	for _, x := range again.DelayedSynapses().Weights() {
		h = h*31 + math.Float64bits(x)
	}
	fmt.Println(len(res.Spikes), len(more.Spikes), weights.Histograms, h)
}
`

func TestScriptedSNNSpnet(t *testing.T) {
	got, stderr, err := run(t, context.Background(), snnSpnetScript, Options{})
	if err != nil {
		t.Fatalf("script: %v\n%s", err, stderr)
	}
	// The same, compiled.
	build := func(m snn.Monitor) *snn.Network {
		cfg, err := spnet.SNNConfig(spnet.Default())
		if err != nil {
			t.Fatal(err)
		}
		if m != nil {
			cfg.Monitors = []snn.Monitor{m}
		}
		net, err := snn.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	weights := &snn.WeightMonitor{From: "excitatory", Every: 500, Edges: snn.UniformEdges(0, 10, 10)}
	net := build(weights)
	res, err := net.Run(context.Background(), 1000, nil)
	if err != nil {
		t.Fatal(err)
	}
	histograms := fmt.Sprint(weights.Histograms) // the script's monitor stops here
	more, err := net.Run(context.Background(), 500, nil)
	if err != nil {
		t.Fatal(err)
	}
	var h uint64
	for _, x := range net.DelayedSynapses().Weights() {
		h = h*31 + math.Float64bits(x)
	}
	want := fmt.Sprintln(len(res.Spikes), len(more.Spikes), histograms, h)
	if got != want {
		t.Errorf("script: %q\ncompiled: %q", got, want)
	}
}
