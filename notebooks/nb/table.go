package nb

import (
	"fmt"
	"strings"

	"github.com/gosnn/gosnn/snn"
)

// TableHeader starts a Markdown table of runs, one row per Row call. Its
// headers are plain text, so the table renders in every Jupyter interface.
const TableHeader = "| run | neurons | we | wi | generator | seeds | spikes | rate (Hz) | excitatory (Hz) | inhibitory (Hz) | rhythm (Hz) | synchrony |\n" +
	"|---|---|---|---|---|---|---|---|---|---|---|---|\n"

// Measures are the columns of a results table after "seeds", in order, and
// how each is computed from a run: spikes; rates per neuron over the whole
// run, then per population; rhythm (RhythmOf, "none" when not
// significant); synchrony, Golomb's χ on 5 ms bins (Result.Synchrony).
var Measures = []struct {
	Column   string
	Decimals int
	Of       func(*snn.Result) float64
}{
	{"spikes", 0, func(r *snn.Result) float64 { return float64(len(r.Spikes)) }},
	{"rate (Hz)", 1, (*snn.Result).Rate},
	{"excitatory (Hz)", 1, func(r *snn.Result) float64 { return r.PopulationRates()[0] }},
	{"inhibitory (Hz)", 1, func(r *snn.Result) float64 { return r.PopulationRates()[1] }},
	{"synchrony", 2, func(r *snn.Result) float64 { return r.Synchrony(5) }},
}

// Row formats the results of runs of n with seeds first, first+1, … as a
// row of a TableHeader table: the value of one run, or mean ± standard
// deviation over several. The rhythm of several runs is the mean ± SD of
// their frequencies when every run has a significant rhythm, otherwise it
// says in how many runs there was one.
func Row(n Net, first uint64, results []*snn.Result) string {
	seeds := fmt.Sprint(first)
	if len(results) > 1 {
		seeds = fmt.Sprintf("%d–%d", first, first+uint64(len(results))-1)
	}
	cells := []string{n.Name, fmt.Sprintf("%d %s + %d %s", n.Ne, n.Exc.Name, n.Ni, n.Inh.Name),
		fmt.Sprintf("%g", n.We), fmt.Sprintf("%g", n.Wi), n.Generator, seeds}
	for _, m := range Measures {
		if m.Column == "synchrony" {
			cells = append(cells, RhythmColumn(results))
		}
		xs := make([]float64, len(results))
		for k, r := range results {
			xs[k] = m.Of(r)
		}
		cells = append(cells, MeanSD(xs, m.Decimals))
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// RhythmColumn formats the rhythms of results for a table: see Row.
func RhythmColumn(results []*snn.Result) string {
	var freqs []float64
	for _, r := range results {
		if rh := RhythmOf(r); rh.Significant {
			freqs = append(freqs, rh.Freq)
		}
	}
	switch {
	case len(freqs) == 0:
		return "none"
	case len(results) == 1:
		return fmt.Sprintf("%.0f", freqs[0])
	case len(freqs) < len(results):
		return fmt.Sprintf("%d of %d runs", len(freqs), len(results))
	}
	return MeanSD(freqs, 0)
}
