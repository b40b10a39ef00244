package spikestat

import (
	"fmt"
	"math"
	"slices"
)

// checkSpikes reports parallel lists of spike times and neurons that are
// not of one length.
func checkSpikes(t []float64, neuron []int) error {
	if len(t) != len(neuron) {
		return fmt.Errorf("spikestat: %d spike times but %d neurons: t and neuron are parallel lists, one entry per spike", len(t), len(neuron))
	}
	return nil
}

// ISICV returns the irregularity of the spike trains of n neurons: the
// coefficient of variation of each neuron's inter-spike intervals,
//
//	CVᵢ = σ(ISIᵢ) / mean(ISIᵢ)
//
// (the standard deviation taken over the intervals with divisor their
// number, not one less), averaged over the neurons that fired at least 3
// times (2 intervals). A clock-like neuron has CV 0, a Poisson process
// CV 1, bursts give more. t and neuron are the spikes' times in ms and
// their neurons, in any order. It returns 0 when no neuron fired 3 times
// at distinct times. Spikes of neurons outside 0 … n−1 are ignored, and so
// is a neuron whose intervals are all 0. It returns an error only when t
// and neuron differ in length.
func ISICV(t []float64, neuron []int, n int) (float64, error) {
	if err := checkSpikes(t, neuron); err != nil || n <= 0 {
		return 0, err
	}
	times := make([][]float64, n)
	for k, x := range t {
		if i := neuron[k]; i >= 0 && i < n && !math.IsNaN(x) {
			times[i] = append(times[i], x)
		}
	}
	var sum float64
	var cvs int
	for _, ts := range times {
		if len(ts) < 3 {
			continue
		}
		if !slices.IsSorted(ts) {
			slices.Sort(ts)
		}
		// Welford's running mean and variance of the intervals.
		var mean, m2 float64
		for k := 1; k < len(ts); k++ {
			isi := ts[k] - ts[k-1]
			d := isi - mean
			mean += d / float64(k)
			m2 += d * (isi - mean)
		}
		if mean <= 0 {
			continue // all spikes at one time: no interval to speak of
		}
		sum += math.Sqrt(m2/float64(len(ts)-1)) / mean
		cvs++
	}
	if cvs == 0 {
		return 0, nil
	}
	return sum / float64(cvs), nil
}

// Synchrony returns Golomb's synchrony measure χ of the spike trains of n
// neurons over duration ms, computed on the spike counts cᵢ(k) of every
// neuron i in consecutive bins k of bin ms (a partial last bin is
// dropped):
//
//	χ² = Varₖ(meanᵢ cᵢ(k)) / meanᵢ Varₖ(cᵢ(k))
//
// where the mean runs over all n neurons, silent ones included. χ is 1
// when all neurons fire together and near 1/√n when they fire
// independently. t and neuron are the spikes' times in ms and their
// neurons, in any order; spikes outside the bins or of neurons outside
// 0 … n−1 are ignored. It returns 0 when no neuron's count varies (a
// silent recording), when bin is not a positive finite number or when
// fewer than two bins fit in duration. It returns an error only when t
// and neuron differ in length.
//
// Golomb, "Neuronal synchrony measures", Scholarpedia 2(1):1347, 2007.
func Synchrony(t []float64, neuron []int, n int, duration, bin float64) (float64, error) {
	nb := Bins(duration, bin)
	if err := checkSpikes(t, neuron); err != nil || nb < 2 || n <= 0 {
		return 0, err
	}
	// Population: total count per bin.
	pop := make([]float64, nb)
	// Neurons: sum and sum of squares of the counts per bin, each
	// neuron's counts completed bin by bin as the spikes are visited in
	// time order.
	sum := make([]float64, n)
	sq := make([]float64, n)
	cur := make([]int, n) // bin being counted, +1 (0: none yet)
	cnt := make([]float64, n)
	// Visit the spikes in time order: as given when they are ordered,
	// else through a sorted index.
	var order []int
	if !slices.IsSortedFunc(t, compareTimes) {
		order = make([]int, len(t))
		for s := range order {
			order[s] = s
		}
		slices.SortStableFunc(order, func(a, b int) int { return compareTimes(t[a], t[b]) })
	}
	for j := range t {
		s := j
		if order != nil {
			s = order[j]
		}
		k := BinOf(t[s], bin)
		i := neuron[s]
		if k < 0 || k >= nb || i < 0 || i >= n {
			continue
		}
		pop[k]++
		if cur[i] != k+1 {
			sq[i] += cnt[i] * cnt[i]
			cnt[i] = 0
			cur[i] = k + 1
		}
		cnt[i]++
		sum[i]++
	}
	// Variances from integer sums, B·Σc² − (Σc)², exact while the sums
	// stay below 2⁵³: a fully synchronous recording gives exactly 1.
	B := float64(nb)
	var meanVar float64
	for i := range sum {
		sq[i] += cnt[i] * cnt[i]
		meanVar += B*sq[i] - sum[i]*sum[i]
	}
	meanVar /= B * B * float64(n)
	if !(meanVar > 0) {
		return 0, nil
	}
	var s1, s2 float64
	for _, c := range pop {
		s1 += c
		s2 += c * c
	}
	N := float64(n)
	popVar := (B*s2 - s1*s1) / (B * B * N * N)
	chi := math.Sqrt(max(popVar, 0) / meanVar)
	return min(chi, 1), nil // χ ≤ 1 in exact arithmetic
}

// compareTimes orders times, NaN first (BinOf puts NaN out of every bin).
func compareTimes(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an || bn:
		return compareBools(bn, an) // NaN before a number
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareBools orders false before true.
func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
