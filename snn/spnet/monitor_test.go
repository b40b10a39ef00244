package spnet

import (
	"math"
	"testing"
)

func TestWeightsMonitor(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	w := &Weights{Every: 1000, Keep: true}
	net.Monitors = []Monitor{w}
	net.Run(2000)
	if len(w.Times) != 2 || w.Times[0] != 999 || w.Times[1] != 1999 {
		t.Fatalf("snapshots at %v, want [999 1999]", w.Times)
	}
	plastic := net.Syn.Start(net.Excitatory())
	for k, h := range w.Histograms {
		sum := 0
		for _, c := range h {
			sum += c
		}
		if len(h) != 20 || sum != plastic || len(w.Snapshots[k]) != plastic {
			t.Fatalf("snapshot %d: %d bins holding %d weights, %d kept; want 20 bins of %d", k, len(h), sum, len(w.Snapshots[k]), plastic)
		}
	}
	// At the end of the first second the weights have not moved yet: all
	// are 6, in bin 12 of 20 over [0, 10].
	if w.Histograms[0][12] != plastic {
		t.Errorf("first snapshot: bin 12 holds %d of %d weights (all are 6 before the first update)", w.Histograms[0][12], plastic)
	}
	if w.Histograms[1][12] == plastic {
		t.Error("second snapshot: the weights did not move after the first update")
	}
}

func TestHistogramEdges(t *testing.T) {
	h := Histogram([]float64{-1, 0, 4.99, 5, 10, 11}, 2, 10)
	if h[0] != 3 || h[1] != 3 {
		t.Errorf("Histogram = %v, want [3 3] (values outside go to the end bins)", h)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []Config{
		{Excitatory: -1},
		{Synapses: 30}, // not a multiple of 20
		{Excitatory: 10, Inhibitory: 5, Synapses: 20},                 // more synapses than other neurons
		{Excitatory: 50, Inhibitory: 100, Synapses: 60, MaxDelay: 20}, // inhibitory neurons lack targets
		{MaxDelay: 300},
		{MaxWeight: -1},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted a bad configuration", c)
		}
	}
}

// The original multiplies every trace by 0.95 every millisecond; in
// floating point the product never reaches zero but stops at a few of the
// smallest subnormal numbers. The table must give that value for ever.
func TestTraceTableMatchesRepeatedProducts(t *testing.T) {
	for _, c := range []struct{ start, decay float64 }{{0.1, 0.95}, {0.12, 0.95}, {1, 0.5}, {0.3, 0.999}} {
		table := decayTable(c.start, c.decay)
		x := c.start
		for k := int64(0); k < int64(len(table))+5000; k++ {
			if got := trace(table, k); math.Float64bits(got) != math.Float64bits(x) {
				t.Fatalf("start %v decay %v: after %d ms the table gives %v, repeated products %v", c.start, c.decay, k, got, x)
			}
			x = float64(c.decay * x)
		}
		t.Logf("start %v decay %v: %d entries, ends at %v", c.start, c.decay, len(table), table[len(table)-1])
	}
}

func TestFiredBetweenSteps(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	var during [][]int32
	net.Monitors = []Monitor{MonitorFunc(func(n *Network) { during = append(during, append([]int32(nil), n.Fired()...)) })}
	for ms := range 300 {
		net.Step()
		after := net.Fired()
		if len(after) != len(during[ms]) {
			t.Fatalf("ms %d: Fired after the Step gives %d spikes, during it %d", ms, len(after), len(during[ms]))
		}
		for k := range after {
			if after[k] != during[ms][k] {
				t.Fatalf("ms %d: Fired after the Step differs from during it", ms)
			}
		}
	}
}

func TestSynapseRows(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	syn := net.Syn
	for _, j := range []int{0, 99, 100, 54321, syn.Len() - 1} {
		if got, want := syn.Pre(j), j/100; got != want {
			t.Errorf("Pre(%d) = %d, want %d", j, got, want)
		}
	}
	// Neuron 7's synapses of delay 3 are its synapses 10…14; an inhibitory
	// neuron's are all 1 ms.
	if lo, hi := syn.DelayRange(7, 3); lo != 710 || hi != 715 {
		t.Errorf("DelayRange(7, 3) = %d, %d; want 710, 715", lo, hi)
	}
	if lo, hi := syn.DelayRange(900, 1); lo != 90000 || hi != 90100 {
		t.Errorf("DelayRange(900, 1) = %d, %d; want 90000, 90100", lo, hi)
	}
	if lo, hi := syn.DelayRange(900, 2); lo != hi {
		t.Errorf("inhibitory neuron with 2 ms synapses %d…%d", lo, hi)
	}
	if syn.Start(net.Len()) != syn.Len() {
		t.Errorf("Start(N) = %d, want %d", syn.Start(net.Len()), syn.Len())
	}
}
