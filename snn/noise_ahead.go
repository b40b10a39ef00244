package snn

// Drawing the noise is a large part of a step in NumPy mode (BENCHMARKS.md,
// "Measurements behind the code"), and it does not depend on the network's
// state. When a network's only stimuli are Gaussian noise, a run therefore
// draws the noise of the next steps on another core while the current step
// delivers spikes and updates neurons. The generator is still used by one
// goroutine at a time, in the same order, so the numbers — and the spikes —
// are exactly those of a sequential run.

// noiseAhead produces the stimulus input of the coming steps in a
// goroutine, ahead of the run. It hands the input over in chunks of
// several steps, so that the two goroutines meet (and a sleeping one is
// woken) a few times per run rather than on every step.
type noiseAhead struct {
	ready chan noiseChunk // filled chunks, in step order
	free  chan []float64  // chunk buffers to refill
	done  chan struct{}   // closed when the producer has stopped
	quit  chan struct{}   // closed to stop the producer early
	n     int             // inputs per step

	cur noiseChunk // the chunk the run is using
	pos int        // its next step
}

// A noiseChunk holds the inputs of steps consecutive steps, n values each.
type noiseChunk struct {
	buf   []float64
	steps int
}

// aheadChunks is how many chunks exist; aheadValues is about how many
// values a chunk holds (at least one step's, at most aheadMaxSteps').
const (
	aheadChunks   = 3
	aheadValues   = 1 << 16
	aheadMaxSteps = 32
)

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

// drawsAhead reports whether a run of the network draws its noise on
// another goroutine. Not when the noise is not the only stimulus (the
// order of draws could change), nor on one core, nor for fast-generator
// networks large enough for their steps to go parallel: those draw the
// noise inside the delivery phase, on every core (noise_fused.go), and a
// producer would only take a core from it (BENCHMARKS.md, "Measurements
// behind the code").
func (net *Network) drawsAhead() bool {
	if net.eng.workers() < 2 || !net.noiseOnly() || net.observed() { // hooks may draw too (plasticity.go)
		return false
	}
	return net.eng.fast == nil || net.n < net.eng.minNeurons
}

// startNoiseAhead starts producing the input of the next steps steps, or
// returns nil when that would not help or would not be exact.
func (net *Network) startNoiseAhead(steps int) *noiseAhead {
	if steps < 2 || !net.drawsAhead() {
		return nil
	}
	per := min(max(1, aheadValues/net.n), aheadMaxSteps, steps)
	a := &noiseAhead{
		ready: make(chan noiseChunk, aheadChunks),
		free:  make(chan []float64, aheadChunks),
		done:  make(chan struct{}),
		quit:  make(chan struct{}),
		n:     net.n,
	}
	for range aheadChunks {
		a.free <- make([]float64, per*net.n)
	}
	t0, todo := net.t+len(net.eng.pending), steps-len(net.eng.pending)
	go func() {
		defer close(a.done)
		for s := 0; s < todo; {
			var buf []float64
			select {
			case buf = <-a.free:
			case <-a.quit:
				return
			}
			k := min(per, todo-s)
			clear(buf)
			for j := range k {
				net.stimulate(t0+s+j, buf[j*net.n:(j+1)*net.n])
			}
			s += k
			a.ready <- noiseChunk{buf, k} // never blocks: at most aheadChunks exist
		}
	}()
	return a
}

// next returns the input of the coming step. The buffer it returned last
// time is no longer in use by then (step copies it first).
func (a *noiseAhead) next() []float64 {
	if a.pos == a.cur.steps {
		if a.cur.buf != nil {
			a.free <- a.cur.buf
		}
		a.cur, a.pos = <-a.ready, 0
	}
	in := a.cur.buf[a.pos*a.n : (a.pos+1)*a.n]
	a.pos++
	return in
}

// stop ends the producer and keeps the inputs it drew but the run did not
// use, so that the next step uses them and the generator's sequence is
// unchanged.
func (a *noiseAhead) stop(net *Network) {
	close(a.quit)
	<-a.done
	keep := func(c noiseChunk, from int) {
		for j := from; j < c.steps; j++ {
			net.eng.pending = append(net.eng.pending, c.buf[j*a.n:(j+1)*a.n])
		}
	}
	keep(a.cur, a.pos)
	for {
		select {
		case c := <-a.ready:
			keep(c, 0)
		default:
			return
		}
	}
}

// nextInput returns the stimulus input for the coming step: a pending one
// drawn ahead by an earlier run, or one from the producer a, or nil to draw
// it now.
func (net *Network) nextInput(a *noiseAhead) []float64 {
	if len(net.eng.pending) > 0 {
		in := net.eng.pending[0]
		net.eng.pending = net.eng.pending[1:]
		return in
	}
	if a != nil {
		return a.next()
	}
	return nil
}
