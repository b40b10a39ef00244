package snn

// Drawing the noise is a large part of a step in NumPy mode (about half of
// the tutorial network's time), and it does not depend on the network's
// state. When a network's only stimuli are Gaussian noise, a run therefore
// draws the noise of the next steps on another core while the current step
// delivers spikes and updates neurons. The generator is still used by one
// goroutine at a time, in the same order, so the numbers — and the spikes —
// are exactly those of a sequential run.

// noiseAhead produces the stimulus input of the coming steps in a
// goroutine, a few steps ahead of the run.
type noiseAhead struct {
	ready chan []float64 // filled inputs, in step order
	free  chan []float64 // buffers to refill
	done  chan struct{}  // closed when the producer has stopped
	quit  chan struct{}  // closed to stop the producer early
}

// aheadDepth is how many steps the producer may run ahead.
const aheadDepth = 2

// noiseOnly reports whether every stimulus of the network is built-in
// Gaussian noise, whose draws do not depend on the network's state.
func (net *Network) noiseOnly() bool {
	any := false
	for _, p := range net.pops {
		for _, s := range p.stimuli {
			if _, ok := s.(*Noise); !ok {
				return false
			}
			any = true
		}
	}
	for _, s := range net.stimuli {
		if _, ok := s.(*Noise); !ok {
			return false
		}
		any = true
	}
	return any
}

// startNoiseAhead starts producing the input of the next steps steps, or
// returns nil when that would not help or would not be exact.
func (net *Network) startNoiseAhead(steps int) *noiseAhead {
	if steps < 2 || workers() < 2 || !net.noiseOnly() {
		return nil
	}
	a := &noiseAhead{
		ready: make(chan []float64, aheadDepth),
		free:  make(chan []float64, aheadDepth),
		done:  make(chan struct{}),
		quit:  make(chan struct{}),
	}
	for range aheadDepth {
		a.free <- make([]float64, net.n)
	}
	t0, n := net.t+len(net.pending), steps-len(net.pending)
	go func() {
		defer close(a.done)
		for s := range n {
			var buf []float64
			select {
			case buf = <-a.free:
			case <-a.quit:
				return
			}
			clear(buf)
			net.stimulate(t0+s, buf)
			a.ready <- buf // never blocks: at most aheadDepth buffers exist
		}
	}()
	return a
}

// stop ends the producer and keeps the inputs it drew but the run did not
// use, so that the next step uses them and the generator's sequence is
// unchanged.
func (a *noiseAhead) stop(net *Network) {
	close(a.quit)
	<-a.done
	for {
		select {
		case buf := <-a.ready:
			net.pending = append(net.pending, buf)
		default:
			return
		}
	}
}

// nextInput returns the stimulus input for the coming step: a pending one
// drawn ahead by an earlier run, or one from the producer a, or nil to draw
// it now. recycle is where to return the buffer after use, or nil.
func (net *Network) nextInput(a *noiseAhead) (in []float64, recycle chan<- []float64) {
	if len(net.pending) > 0 {
		in = net.pending[0]
		net.pending = net.pending[1:]
		return in, nil
	}
	if a != nil {
		return <-a.ready, a.free
	}
	return nil, nil
}

// stimulate adds every stimulus's current for step t to I, in the order
// Step documents: population by population, then the network's.
func (net *Network) stimulate(t int, I []float64) {
	for _, p := range net.pops {
		for _, s := range p.stimuli {
			s.Stimulate(t, I[p.Start:p.Start+p.Size], net.rng)
		}
	}
	for _, s := range net.stimuli {
		s.Stimulate(t, I, net.rng)
	}
}
