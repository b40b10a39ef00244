package spnet

import (
	"bufio"
	"io"
	"strconv"
)

// SpikesCSVHeader is the first line of a spike file: time in ms from the
// start of the simulation, then the neuron.
const SpikesCSVHeader = "t,neuron\n"

// SpikeWriter is a [Monitor] that writes every spike as a CSV row
// "t,neuron" (in firing order: by time, then neuron) as it happens, so a
// long run needs no memory for its spikes. Write the header
// [SpikesCSVHeader] first if the file should have one. The first write
// error stops the writing and is kept in Err.
type SpikeWriter struct {
	W     io.Writer
	Err   error
	Count int64 // spikes written

	buf []byte
}

// Observe writes the millisecond's spikes.
func (s *SpikeWriter) Observe(net *Network) {
	if s.Err != nil {
		return
	}
	fired := net.Fired()
	if len(fired) == 0 {
		return
	}
	b := s.buf[:0]
	t := net.Time()
	for _, i := range fired {
		b = strconv.AppendInt(b, t, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '\n')
	}
	s.buf = b
	_, s.Err = s.W.Write(b)
	s.Count += int64(len(fired))
}

// StatsCSVHeader is the first line of a statistics file written by
// [WriteStatsRow]: the second, the excitatory rate (Hz), the percentage of
// strong excitatory→excitatory synapses and the inhibitory rate (Hz), the
// original's per-second statistics, then the spike and synapse counts they
// come from.
const StatsCSVHeader = "second,exc_rate_hz,strong_pct,inh_rate_hz,exc_spikes,inh_spikes,strong_synapses\n"

// WriteStatsRow writes one second's statistics as a CSV row matching
// [StatsCSVHeader]; numbers are written exactly (shortest round-trip form).
func WriteStatsRow(w io.Writer, s SecondStats) error {
	b := strconv.AppendInt(nil, s.Second, 10)
	for _, x := range []float64{s.ExcRate, s.StrongPct, s.InhRate} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	for _, k := range []int{s.ExcSpikes, s.InhSpikes, s.Strong} {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(k), 10)
	}
	b = append(b, '\n')
	_, err := w.Write(b)
	return err
}

// WriteWeightsCSV writes every synapse as a CSV row "pre,post,delay,weight"
// after a header line, in synapse order; weights are written exactly
// (shortest round-trip form).
func (n *Network) WriteWeightsCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("pre,post,delay,weight\n")
	syn := n.Syn
	var b []byte
	for pre := range n.Len() {
		for j := syn.Start(pre); j < syn.Start(pre+1); j++ {
			b = strconv.AppendInt(b[:0], int64(pre), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(syn.Post[j]), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(syn.Delay[j]), 10)
			b = append(b, ',')
			b = strconv.AppendFloat(b, syn.Weight[j], 'g', -1, 64)
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
