package spikestat

import "math"

// Rate returns the mean firing rate in Hz per neuron of spikes spikes fired
// by n neurons in duration ms:
//
//	rate = spikes / (n · duration/1000)
//
// It is 0 when n or duration is not positive.
func Rate(spikes, n int, duration float64) float64 {
	if n <= 0 || !(duration > 0) {
		return 0
	}
	return float64(spikes) / float64(n) / (duration / 1000)
}

// tolerance lets a time or duration divided by a bin width round to the
// whole number it means: 1000 ms / 0.1 ms is 9999.999999999998 in floating
// point, and the spike at 0.3 ms belongs to bin 3 of 0.1 ms.
const tolerance = 1e-12

// Bins returns how many whole bins of bin ms fit in duration ms,
// floor(duration/bin), or 0 when bin is not a positive finite number or
// the count would not fit in an int32.
func Bins(duration, bin float64) int {
	if !(bin > 0) || math.IsInf(bin, 0) || !(duration > 0) {
		return 0
	}
	n := math.Floor(duration/bin*(1+tolerance) + tolerance)
	if n > math.MaxInt32 {
		return 0
	}
	return int(n)
}

// BinOf returns the bin of width bin ms that holds time t ms,
// floor(t/bin): bin k covers [k·bin, (k+1)·bin). It returns −1 for a
// time that is NaN.
func BinOf(t, bin float64) int {
	if math.IsNaN(t) {
		return -1
	}
	return int(math.Floor(t/bin*(1+tolerance) + tolerance))
}

// PopulationRate returns the population rate of n neurons in consecutive
// bins of bin ms over duration ms: element k is
//
//	rate[k] = #{spikes with k·bin ≤ t < (k+1)·bin} / (n · bin/1000)
//
// in Hz per neuron. Spikes outside [0, Bins(duration, bin)·bin) are not
// counted: a partial last bin is dropped. It returns nil when no whole bin
// fits (bin not a positive finite number, or longer than duration) or n
// is not positive.
func PopulationRate(t []float64, n int, duration, bin float64) []float64 {
	nb := Bins(duration, bin)
	if nb == 0 || n <= 0 {
		return nil
	}
	rate := make([]float64, nb)
	for _, x := range t {
		if k := BinOf(x, bin); k >= 0 && k < nb {
			rate[k]++
		}
	}
	scale := 1000 / (bin * float64(n))
	for k := range rate {
		rate[k] *= scale
	}
	return rate
}
