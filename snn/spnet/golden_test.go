package spnet

import (
	"math"
	"strings"
	"testing"
)

// goldenSeconds is how long the golden tests simulate: the first minute,
// in which the weights move from their initial 6 to a spread over [0, 10].
const goldenSeconds = 60

func runGo(t *testing.T, seconds int, seed uint32) (*Network, *Spikes, *Stats) {
	t.Helper()
	cfg := Default()
	cfg.Seed = seed
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sp, st := &Spikes{}, &Stats{}
	net.Monitors = append(net.Monitors, sp, st)
	net.Run(seconds * 1000)
	return net, sp, st
}

func TestGoldenAgainstC(t *testing.T) {
	seconds := goldenSeconds
	if testing.Short() {
		seconds = 5
	}
	ref := reference(t, seconds, 0)
	net, sp, st := runGo(t, seconds, 0)

	t.Run("spikes", func(t *testing.T) {
		n := min(sp.Len(), len(ref.spikes))
		for k := range n {
			if sp.Times[k] != ref.spikes[k].t || sp.Neurons[k] != ref.spikes[k].neuron {
				t.Fatalf("spike %d: Go (t %d, neuron %d), C (t %d, neuron %d)", k, sp.Times[k], sp.Neurons[k], ref.spikes[k].t, ref.spikes[k].neuron)
			}
		}
		if sp.Len() != len(ref.spikes) {
			t.Fatalf("Go fired %d spikes, C %d", sp.Len(), len(ref.spikes))
		}
		t.Logf("%d spikes identical over %d s", n, seconds)
	})
	t.Run("stats", func(t *testing.T) {
		if len(st.Seconds) != len(ref.stats) {
			t.Fatalf("Go made %d seconds of statistics, C %d", len(st.Seconds), len(ref.stats))
		}
		for k, want := range ref.stats {
			if got := st.Seconds[k]; got != want {
				t.Fatalf("second %d: Go %+v\nC %+v", k, got, want)
			}
		}
	})
	t.Run("groups", func(t *testing.T) {
		if testing.Short() {
			t.Skip("the first seconds have no strong synapses, hence no groups to compare")
		}
		mothers := make([]int, groupMothers)
		for i := range mothers {
			mothers[i] = i
		}
		groups, err := GroupSearch{MinLayers: groupMinLayers}.Find(net, mothers)
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		if err := WriteGroups(&got, groups); err != nil {
			t.Fatal(err)
		}
		if got.String() != ref.groups {
			gl, rl := strings.Split(got.String(), "\n"), strings.Split(ref.groups, "\n")
			for k := range min(len(gl), len(rl)) {
				if gl[k] != rl[k] {
					t.Fatalf("group %d:\nGo %s\nC  %s", k, gl[k], rl[k])
				}
			}
			t.Fatalf("Go found %d groups, C %d", len(groups), len(rl)-1)
		}
		if len(groups) == 0 {
			t.Fatal("no groups found: the comparison tests nothing")
		}
		for _, workers := range []int{1, 3} {
			again, err := GroupSearch{MinLayers: groupMinLayers, Workers: workers}.Find(net, mothers)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			WriteGroups(&b, again)
			if b.String() != got.String() {
				t.Errorf("%d workers find other groups (or in another order) than GOMAXPROCS workers", workers)
			}
		}
		t.Logf("%d groups identical", len(groups))
	})
	t.Run("weights", func(t *testing.T) {
		syn := net.Syn
		stdp := net.Plasticity.(*STDP)
		if len(ref.weights) != syn.Len() {
			t.Fatalf("C wrote %d synapses, Go has %d", len(ref.weights), syn.Len())
		}
		m := net.cfg.Synapses
		for _, w := range ref.weights {
			j := w.pre*m + w.index
			if int(syn.Post[j]) != w.post || int(syn.Delay[j]) != w.delay {
				t.Fatalf("synapse %d→%d (#%d): Go target %d delay %d, C target %d delay %d", w.pre, w.post, w.index, syn.Post[j], syn.Delay[j], w.post, w.delay)
			}
			if math.Float64bits(syn.Weight[j]) != math.Float64bits(w.s) || math.Float64bits(stdp.Deriv[j]) != math.Float64bits(w.sd) {
				t.Fatalf("synapse %d→%d (#%d): Go s %v sd %v, C s %v sd %v", w.pre, w.post, w.index, syn.Weight[j], stdp.Deriv[j], w.s, w.sd)
			}
		}
	})
}
