package spnet

import (
	"math"
	"strings"
	"testing"
)

// TestRestTablesFollowEachNeuron checks the resting trajectories the group
// search reads instead of simulating untouched neurons: for every neuron,
// with the published parameters and with recovery rates changed to values
// of their own (which a table chosen by comparing a with 0.02 would miss),
// the table is the neuron's own trajectory bit for bit.
func TestRestTablesFollowEachNeuron(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, change := range []func(){
		func() {},
		func() {
			net.A[3] = 0.03   // excitatory, neither 0.02 nor 0.1
			net.A[900] = 0.05 // inhibitory
			net.A[901] = 0.02 // an inhibitory neuron with the excitatory rate
		},
	} {
		change()
		const steps = 300
		rest, err := newRestTables(net, steps)
		if err != nil {
			t.Fatal(err)
		}
		distinct := map[float64]bool{}
		for _, a := range net.A {
			distinct[a] = true
		}
		if len(rest.V) != len(distinct) {
			t.Errorf("%d tables for %d distinct recovery rates", len(rest.V), len(distinct))
		}
		for i, a := range net.A {
			v := groupRestV
			u := float64(recoveryB * v)
			k := rest.of[i]
			for step := range steps + 1 {
				if !sameBits(rest.V[k][step], v) || !sameBits(rest.U[k][step], u) {
					t.Fatalf("neuron %d (a = %v), step %d: table (%v, %v), simulated (%v, %v)", i, a, step, rest.V[k][step], rest.U[k][step], v, u)
				}
				v, u = izhikevich(v, u, a, 0)
			}
		}
	}
}

// TestGroupSearchRefusesRestlessNeurons checks the error for parameters
// with which a neuron does not stay at rest: the search's shortcut of not
// simulating untouched neurons would then be wrong.
func TestGroupSearchRefusesRestlessNeurons(t *testing.T) {
	for _, a := range []float64{math.NaN(), math.Inf(1)} {
		net, err := New(Default())
		if err != nil {
			t.Fatal(err)
		}
		net.A[7] = a
		_, err = GroupSearch{}.Find(net, []int{0})
		if err == nil || !strings.Contains(err.Error(), "neuron 7") || !strings.Contains(err.Error(), "rest") {
			t.Errorf("a = %v: error %v, want one naming neuron 7 and its rest", a, err)
		}
	}
}
