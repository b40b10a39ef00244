package main

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"
)

// benchTable formats the rows as Markdown tables, one per network, with
// each engine's loop time relative to the network's baseline (gosnn-fast, or gosnn-spnet) in the same run (in the
// same round, with --repeat) and, on the sparse networks, the fraction of
// the memory-bound limit its event rate reaches. Rows of several rounds are summarised per
// engine: medians, with the range of the loop time, events per second and
// speed-up in brackets.
func benchTable(rows []benchRow) string {
	var b strings.Builder
	rounds := 1
	for _, r := range rows {
		rounds = max(rounds, r.Round)
	}
	fmt.Fprintf(&b, "Finished %s on %d cores (GOMAXPROCS %d), %s at the end; the load column is the 1-minute load average when each row started.",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())
	if rounds > 1 {
		fmt.Fprintf(&b, " %d rounds, the engines taking turns: every cell is the median of the rounds, with their range in brackets, and a speed-up is the median of the rounds' own speed-ups.", rounds)
	}
	if bw := measuredBandwidths(rows); len(bw) > 0 {
		fmt.Fprintf(&b, " Sequential read bandwidth (every core reading its share of one buffer, best of %d passes) before each sparse network's rows: %s GB/s", bandwidthPasses, withRange(bw, "%.2f"))
		if len(bw) > 1 {
			fmt.Fprintf(&b, " (median of %d measurements, range in brackets)", len(bw))
		}
		b.WriteString("; the memory-bound fraction of a row is its events/s × bytes per synapse ÷ the bandwidth measured before it.")
	}
	b.WriteString("\n\n")
	for _, net := range benchNets {
		var these []benchRow
		fast := map[int]benchRow{} // the baseline's (gosnn-fast's) row in each round
		var engines []string
		for _, r := range rows {
			if r.Net != net.name {
				continue
			}
			these = append(these, r)
			if !slices.Contains(engines, r.Engine) {
				engines = append(engines, r.Engine)
			}
			if r.Engine == net.baseline && r.Error == "" {
				fast[r.Round] = r
			}
		}
		if len(these) == 0 {
			continue
		}
		fmt.Fprintf(&b, "### %s: %s, %d ms\n\n", net.name, net.about, these[0].Steps)
		fmt.Fprintf(&b, "| engine | build s | compile s | loop s | loop ÷ %s | events/s | B/synapse | ÷ memory bound | loop CPU s | events/CPU-s | spikes | rate Hz | dominant Hz | peak MB | peak ÷ synapses | load |\n", net.baseline)
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, engine := range engines {
			var ok []benchRow
			var failed []string
			for _, r := range these {
				if r.Engine != engine {
					continue
				}
				if r.Error != "" {
					failed = append(failed, r.Error)
				} else {
					ok = append(ok, r)
				}
			}
			name := engine
			if len(failed) > 0 {
				msg := strings.ReplaceAll(failed[0], "|", "/")
				if len(ok) == 0 {
					fmt.Fprintf(&b, "| %s | failed: %s | | | | | | | | | | | | | | |\n", engine, msg)
					continue
				}
				name = fmt.Sprintf("%s (%d of %d rounds failed: %s)", engine, len(failed), len(failed)+len(ok), msg)
			}
			var ratios []float64
			for _, r := range ok {
				if f, found := fast[r.Round]; found && f.LoopS > 0 {
					ratios = append(ratios, r.LoopS/f.LoopS)
				}
			}
			ratio, mem, compile, cpu, perCPU := "", "", "–", "–", "–"
			if len(ratios) > 0 {
				ratio = withRange(ratios, "%.1f×")
			}
			if cpus := column(ok, func(r benchRow) float64 { return r.LoopCPUS }); median(cpus) > 0 {
				cpu = fmt.Sprintf("%.3f", median(cpus))
				perCPU = fmt.Sprintf("%.3g", median(column(ok, func(r benchRow) float64 { return float64(r.Events) / r.LoopCPUS })))
			}
			if median(column(ok, func(r benchRow) float64 { return r.SynapseMB })) > 0 {
				mem = fmt.Sprintf("%.2f", median(column(ok, func(r benchRow) float64 { return r.PeakRSSMB / r.SynapseMB })))
			}
			if strings.HasPrefix(engine, "brian2") || engine == "c-ref" {
				compile = fmt.Sprintf("%.2f", median(column(ok, func(r benchRow) float64 { return r.CompileS })))
			}
			perSynapse, bound := "–", "–"
			if net.sparse() {
				if x := median(column(ok, func(r benchRow) float64 { return r.BytesPerSynapse })); x > 0 {
					perSynapse = fmt.Sprintf("%.1f", x)
				}
				var fractions []float64
				for _, r := range ok {
					if f := r.memoryBound(); !math.IsNaN(f) {
						fractions = append(fractions, f)
					}
				}
				if len(fractions) > 0 {
					bound = withRange(fractions, "%.2f")
				}
			}
			spikes := column(ok, func(r benchRow) float64 { return float64(r.Spikes) })
			spikeCell := fmt.Sprintf("%d", int(slices.Min(spikes)))
			if slices.Min(spikes) != slices.Max(spikes) {
				spikeCell = fmt.Sprintf("%d–%d", int(slices.Min(spikes)), int(slices.Max(spikes)))
			}
			dominant := fmt.Sprintf("%.1f", median(column(ok, func(r benchRow) float64 { return r.DominantHz })))
			if ok[0].NoSpikeTrain {
				dominant = "–"
			}
			fmt.Fprintf(&b, "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %.0f | %s | %.1f |\n",
				name,
				median(column(ok, func(r benchRow) float64 { return r.BuildS })),
				compile,
				withRange(column(ok, func(r benchRow) float64 { return r.LoopS }), "%.3f"),
				ratio,
				withRange(column(ok, func(r benchRow) float64 { return r.EventsPerS }), "%.3g"),
				perSynapse, bound,
				cpu, perCPU, spikeCell,
				median(column(ok, func(r benchRow) float64 { return r.RateHz })),
				dominant,
				median(column(ok, func(r benchRow) float64 { return r.PeakRSSMB })),
				mem,
				median(column(ok, func(r benchRow) float64 { return r.Load1 })))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// measuredBandwidths returns every read bandwidth measured, in GB/s: one
// per sparse network and round.
func measuredBandwidths(rows []benchRow) []float64 {
	type key struct {
		net   string
		round int
	}
	measured := map[key]float64{}
	for _, r := range rows {
		if r.ReadGBps > 0 {
			measured[key{r.Net, r.Round}] = r.ReadGBps
		}
	}
	var bw []float64
	for _, x := range measured {
		bw = append(bw, x)
	}
	return bw
}

// column returns f of every row.
func column(rows []benchRow, f func(benchRow) float64) []float64 {
	x := make([]float64, len(rows))
	for i, r := range rows {
		x[i] = f(r)
	}
	return x
}

// median returns the median of x (the mean of the two middle values for
// an even count), or 0 for no values.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(x))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// withRange formats the median of x, followed by the range of x in
// brackets when x has more than one value.
func withRange(x []float64, format string) string {
	cell := fmt.Sprintf(format, median(x))
	if len(x) > 1 {
		cell += " (" + fmt.Sprintf(format, slices.Min(x)) + "–" + fmt.Sprintf(format, slices.Max(x)) + ")"
	}
	return cell
}
