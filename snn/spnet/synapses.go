package spnet

import "github.com/gosnn/gosnn/snn/rng"

// Synapses are the network's connections in compressed rows by
// presynaptic neuron: the synapses of neuron i are Pre-ordered indices
// Start(i) … Start(i+1)−1, and within a neuron sorted by delay, so that a
// spike that has travelled for d ms arrives through one contiguous range
// (see [Synapses.DelayRange]). For the published network synapse j of
// neuron i has index i·100 + j, as s[i][j] in the original.
//
// Delays are whole milliseconds from 1 to the network's MaxDelay. The
// convention, fixed by the schedule: a neuron whose v crosses threshold in
// millisecond t−1's integration fires (is reset and recorded) at the start
// of millisecond t, and its spike enters its targets' input in the
// integration of millisecond t+d−1 — d milliseconds after the integration
// that produced it. A 1 ms synapse therefore acts in the same millisecond
// in which its neuron is seen to fire.
type Synapses struct {
	Post   []int32   // target neuron of each synapse
	Weight []float64 // weight (mV added to the target's input per spike)
	Delay  []uint8   // axonal delay in ms, 1 … MaxDelay

	maxDelay int
	// byDelay[i*(maxDelay+1)+d-1] is the first synapse of neuron i with
	// delay ≥ d; byDelay[i*(maxDelay+1)+maxDelay] ends neuron i's row.
	byDelay []int32
}

// Len returns the number of synapses.
func (s *Synapses) Len() int { return len(s.Post) }

// Start returns the index of neuron i's first synapse; Start(N) is Len.
func (s *Synapses) Start(i int) int {
	if i*(s.maxDelay+1) == len(s.byDelay) {
		return len(s.Post)
	}
	return int(s.byDelay[i*(s.maxDelay+1)])
}

// DelayRange returns the synapses of neuron i whose delay is d ms, as the
// index range [lo, hi).
func (s *Synapses) DelayRange(i, d int) (lo, hi int) {
	k := i*(s.maxDelay+1) + d
	return int(s.byDelay[k-1]), int(s.byDelay[k])
}

// Pre returns the presynaptic neuron of synapse j (a binary search over the
// rows).
func (s *Synapses) Pre(j int) int {
	lo, hi := 0, len(s.byDelay)/(s.maxDelay+1) // neurons
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if s.Start(mid) <= j {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// index builds byDelay from Delay for rows of m synapses per neuron,
// sorted by delay.
func (s *Synapses) index(neurons, m int) {
	D := s.maxDelay
	s.byDelay = make([]int32, neurons*(D+1))
	for i := range neurons {
		row := s.byDelay[i*(D+1) : (i+1)*(D+1)]
		j := i * m
		for d := 1; d <= D; d++ {
			row[d-1] = int32(j)
			for j < (i+1)*m && int(s.Delay[j]) == d {
				j++
			}
		}
		row[D] = int32((i + 1) * m)
	}
}

// sortedByDelay reports whether every row is sorted by delay and delays
// are in range, as index requires.
func (s *Synapses) sortedByDelay(neurons, m int) bool {
	for i := range neurons {
		prev := uint8(1)
		for j := i * m; j < (i+1)*m; j++ {
			d := s.Delay[j]
			if d < prev || int(d) > s.maxDelay {
				return false
			}
			prev = d
		}
	}
	return true
}

// drawSynapses draws the published network's connections from g in the
// original's order: for each neuron, each synapse's target, redrawn while
// it is the neuron itself or already a target; excitatory neurons reach
// all neurons, inhibitory ones excitatory neurons only. Excitatory
// synapse j gets delay j/(M/D)+1, inhibitory synapses 1 ms; weights start
// at 6 and −5.
func drawSynapses(cfg Config, g *rng.Glibc) *Synapses {
	ne, N, m, D := cfg.Excitatory, cfg.Excitatory+cfg.Inhibitory, cfg.Synapses, cfg.MaxDelay
	s := &Synapses{
		Post:     make([]int32, N*m),
		Weight:   make([]float64, N*m),
		Delay:    make([]uint8, N*m),
		maxDelay: D,
	}
	net := &Network{rand: g} // for rand01
	taken := make([]bool, N)
	for i := range N {
		row := s.Post[i*m : (i+1)*m]
		pool := N
		if i >= ne {
			pool = ne
		}
		for j := range row {
			r := net.RandomIndex(pool)
			for r == i || taken[r] {
				r = net.RandomIndex(pool)
			}
			taken[r] = true
			row[j] = int32(r)
		}
		for _, r := range row {
			taken[r] = false
		}
		for j := range row {
			k := i*m + j
			if i < ne {
				s.Weight[k] = 6
				s.Delay[k] = uint8(j/(m/D) + 1)
			} else {
				s.Weight[k] = -5
				s.Delay[k] = 1
			}
		}
	}
	s.index(N, m)
	return s
}
