package spnet

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/spikestat"
)

// Rhythm is a [Monitor] that keeps the number of excitatory spikes in each
// of the last Seconds·1000 milliseconds, for the network's rhythm: the
// paper's network settles into gamma oscillations (about 40 Hz).
type Rhythm struct {
	Seconds int // length of the window in seconds; 0 means 10

	counts []float64 // ring of per-ms counts
	filled int64     // milliseconds observed
}

func (r *Rhythm) window() int {
	if r.Seconds <= 0 {
		return 10 * 1000
	}
	return r.Seconds * 1000
}

// Observe counts the millisecond's excitatory spikes.
func (r *Rhythm) Observe(net *Network) {
	if r.counts == nil {
		r.counts = make([]float64, r.window())
	}
	n := 0
	for _, i := range net.Fired() {
		if int(i) < net.cfg.Excitatory {
			n++
		}
	}
	r.counts[int(r.filled%int64(len(r.counts)))] = float64(n)
	r.filled++
}

// DominantFrequency returns the frequency in Hz, between lo and hi, with the
// most power in the spectrum of the excitatory spike count: the average of
// the spectra of the whole seconds in the window (1 Hz resolution), each
// with its mean removed ([spikestat.BartlettSpectrum]), and its peak
// ([spikestat.DominantFrequency]: the lowest frequency on a tie). A window
// without spikes has no rhythm: 0 Hz.
func (r *Rhythm) DominantFrequency(lo, hi float64) (float64, error) {
	secs := min(r.filled, int64(len(r.counts))) / 1000
	if secs < 1 {
		return 0, fmt.Errorf("spnet: rhythm: %d ms observed; the spectrum needs at least one whole second", r.filled)
	}
	if !(lo >= 0 && hi > lo && hi <= 500) {
		return 0, fmt.Errorf("spnet: rhythm: frequency band %g–%g Hz: need 0 ≤ lo < hi ≤ 500 (1 ms bins)", lo, hi)
	}
	// The oldest whole seconds first; the ring's present position is
	// filled mod len.
	x := make([]float64, secs*1000)
	start := r.filled - secs*1000
	for k := range x {
		x[k] = r.counts[int((start+int64(k))%int64(len(r.counts)))]
	}
	freq, power := spikestat.BartlettSpectrum(x, 1, 1000)
	return spikestat.DominantFrequency(freq, power, lo, hi), nil
}
