package nb

import (
	"fmt"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
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
	rh, err := plots.NewRhythm(res, 5)
	if err != nil {
		return nil, err
	}
	rh.Title = title
	rh.Rate, rh.T0 = res.BinnedRate(5)[from/5:to/5], float64(from)
	rh.Freq, rh.Power = snn.RhythmSpectrumOf(rate[from:to], 1)
	rh.Dominant = 0
	if r := rhythmOfRate(rate[from:to]); r.Significant {
		rh.Dominant = r.Freq
	}
	return rh, nil
}
