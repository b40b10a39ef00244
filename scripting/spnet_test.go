package scripting

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn/spnet"
)

// A plasticity rule written in a script: it wraps the built-in STDP and
// counts the hook calls. Interpreted, it must give the compiled run's
// spikes and weights bit for bit.
const spnetScript = `package main

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/spnet"
)

type counting struct {
	inner          spnet.Plasticity
	fired, arrived int
}

func (c *counting) Fired(net *spnet.Network, i int) { c.fired++; c.inner.Fired(net, i) }
func (c *counting) Arrived(net *spnet.Network, lo, hi int) {
	c.arrived += hi - lo
	c.inner.Arrived(net, lo, hi)
}
func (c *counting) Stepped(net *spnet.Network) { c.inner.Stepped(net) }

func main() {
	net, err := spnet.New(spnet.Default())
	if err != nil {
		panic(err)
	}
	rule := &counting{inner: net.Plasticity}
	net.Plasticity = rule
	net.Run(2000)
	var h uint64
	for _, w := range net.Syn.Weight {
		h = h*31 + math.Float64bits(w)
	}
	fmt.Println(rule.fired, rule.arrived, h)
}
`

type countingRule struct {
	inner          spnet.Plasticity
	fired, arrived int
}

func (c *countingRule) Fired(net *spnet.Network, i int) { c.fired++; c.inner.Fired(net, i) }
func (c *countingRule) Arrived(net *spnet.Network, lo, hi int) {
	c.arrived += hi - lo
	c.inner.Arrived(net, lo, hi)
}
func (c *countingRule) Stepped(net *spnet.Network) { c.inner.Stepped(net) }

func TestScriptedPlasticity(t *testing.T) {
	net, err := spnet.New(spnet.Default())
	if err != nil {
		t.Fatal(err)
	}
	rule := &countingRule{inner: net.Plasticity}
	net.Plasticity = rule
	net.Run(2000)
	var h uint64
	for _, w := range net.Syn.Weight {
		h = h*31 + math.Float64bits(w)
	}
	want := fmt.Sprintln(rule.fired, rule.arrived, h)

	got, stderr, err := run(t, context.Background(), spnetScript, Options{})
	if err != nil {
		t.Fatalf("script: %v\n%s", err, stderr)
	}
	if got != want {
		t.Errorf("scripted rule: %q, compiled: %q", strings.TrimSpace(got), strings.TrimSpace(want))
	}
	if rule.fired == 0 || rule.arrived == 0 {
		t.Errorf("the rule saw %d spikes and %d arrivals", rule.fired, rule.arrived)
	}
}
