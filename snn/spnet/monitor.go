package spnet

import "fmt"

// Monitor observes the network once a millisecond, after the integration
// and before the plasticity's Stepped hook: [Network.Fired] holds the
// millisecond's spikes and the weights are those the millisecond used.
type Monitor interface {
	Observe(net *Network)
}

// MonitorFunc adapts a function to a [Monitor].
type MonitorFunc func(net *Network)

// Observe calls f.
func (f MonitorFunc) Observe(net *Network) { f(net) }

// Spikes records every spike as (time in ms, neuron) in firing order: by
// time, then by neuron.
type Spikes struct {
	Times   []int64
	Neurons []int32
}

// Observe appends the millisecond's spikes.
func (s *Spikes) Observe(net *Network) {
	for _, i := range net.Fired() {
		s.Times = append(s.Times, net.Time())
		s.Neurons = append(s.Neurons, i)
	}
}

// Len returns the number of spikes recorded.
func (s *Spikes) Len() int { return len(s.Times) }

// SecondStats are the statistics the original prints after every second.
type SecondStats struct {
	Second    int64   // the second, from 0
	ExcSpikes int     // spikes of excitatory neurons in the second
	InhSpikes int     // spikes of inhibitory neurons
	Strong    int     // excitatory→excitatory synapses with weight > 0.9·MaxWeight
	ExcRate   float64 // ExcSpikes / excitatory neurons (Hz)
	StrongPct float64 // 100·Strong / excitatory neurons / synapses per neuron
	InhRate   float64 // InhSpikes / inhibitory neurons (Hz)
}

// String formats the statistics as the original's dat.dat line does
// ("%d  %2.2f  %2.2f  %2.2f").
func (s SecondStats) String() string {
	return fmt.Sprintf("%d  %2.2f  %2.2f  %2.2f", s.Second, s.ExcRate, s.StrongPct, s.InhRate)
}

// Stats collects [SecondStats] at the end of every second (the last
// millisecond of each second, before that second's weight update, as in the
// original). Attach it at a second boundary.
type Stats struct {
	Seconds []SecondStats
	// OnSecond, if set, is called with each second's statistics as they
	// are made.
	OnSecond func(SecondStats)

	exc, inh int
}

// Observe counts the millisecond's spikes and closes a second.
func (s *Stats) Observe(net *Network) {
	ne := int32(net.cfg.Excitatory)
	for _, i := range net.Fired() {
		if i < ne {
			s.exc++
		} else {
			s.inh++
		}
	}
	t := net.Time()
	if (t+1)%1000 != 0 {
		return
	}
	st := net.SecondStats(s.exc, s.inh)
	st.Second = t / 1000
	s.exc, s.inh = 0, 0
	s.Seconds = append(s.Seconds, st)
	if s.OnSecond != nil {
		s.OnSecond(st)
	}
}

// SecondStats returns the original's statistics for a second with the given
// spike counts and the present weights.
func (n *Network) SecondStats(exc, inh int) SecondStats {
	cfg := n.cfg
	strongAbove := float64(0.9 * cfg.MaxWeight)
	syn := n.Syn
	ne := int32(cfg.Excitatory)
	strong := 0
	for j := range syn.Start(cfg.Excitatory) {
		if syn.Weight[j] > strongAbove && syn.Post[j] < ne {
			strong++
		}
	}
	st := SecondStats{ExcSpikes: exc, InhSpikes: inh, Strong: strong}
	st.ExcRate = float64(exc) / float64(cfg.Excitatory)
	st.StrongPct = 100 * float64(strong) / float64(cfg.Excitatory) / float64(cfg.Synapses)
	if cfg.Inhibitory > 0 {
		st.InhRate = float64(inh) / float64(cfg.Inhibitory)
	}
	return st
}

// Weights takes a snapshot and a histogram of the excitatory weights every
// Every milliseconds (at the millisecond t with (t+1) mod Every = 0, so
// Every = 1000 gives one at the end of each second, before its update).
type Weights struct {
	Every int  // ms between snapshots; must be positive
	Bins  int  // histogram bins over [0, MaxWeight]; 0 means 20
	Keep  bool // keep full snapshots (Snapshots), not only histograms

	Times      []int64     // the millisecond of each snapshot
	Histograms [][]int     // Histograms[k][b]: weights in bin b at Times[k]
	Snapshots  [][]float64 // the excitatory weights, if Keep
}

// Observe takes a snapshot when one is due.
func (w *Weights) Observe(net *Network) {
	t := net.Time()
	if w.Every <= 0 || (t+1)%int64(w.Every) != 0 {
		return
	}
	bins := w.Bins
	if bins <= 0 {
		bins = 20
	}
	ws := net.Syn.Weight[:net.Syn.Start(net.cfg.Excitatory)]
	w.Times = append(w.Times, t)
	w.Histograms = append(w.Histograms, Histogram(ws, bins, net.cfg.MaxWeight))
	if w.Keep {
		w.Snapshots = append(w.Snapshots, append([]float64(nil), ws...))
	}
}

// Histogram counts the weights in bins equal bins over [0, max]; weights
// outside go to the first or last bin.
func Histogram(weights []float64, bins int, max float64) []int {
	h := make([]int, bins)
	for _, x := range weights {
		b := int(x / max * float64(bins))
		if b >= bins {
			b = bins - 1
		}
		if b < 0 {
			b = 0
		}
		h[b]++
	}
	return h
}
