package nb

import (
	"fmt"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// RhythmFigure returns the rhythm figure of the part [from, to) ms of res:
// its population rate in 5 ms bins above the spectrum of its 1 ms rate,
// smoothed as RhythmOf smooths it, with the peak marked when it is a
// significant rhythm. Use from = Transient to leave out the start-up.
func RhythmFigure(res *snn.Result, title string, from, to int) (*plots.Rhythm, error) {
	rate := res.BinnedRate(1)
	if from < 0 || to > len(rate) || to-from < 10 {
		return nil, fmt.Errorf("rhythm figure of %d–%d ms: want 0 ≤ from, from + 10 ≤ to ≤ %d (the run's length)", from, to, len(rate))
	}
	freq, power := spikestat.RhythmSpectrum(rate[from:to], 1)
	rh := plots.NewRhythmOf(res.BinnedRate(5)[from/5:to/5], 5, float64(from), freq, power)
	rh.Title = title
	if r := rhythmOf(freq, power); r.Significant {
		rh.Dominant = r.Freq
	}
	return rh, nil
}
