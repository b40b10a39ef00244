package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
)

// figure is one file writeFigures writes: its base name and how to build
// it.
type figure struct {
	name  string
	build func() (plots.Figure, plots.Size, error)
}

// writeFigures writes raster, currents, traces and rhythm figures of res
// into dir in the given format ("png", "svg", "pdf"), using traced neurons
// traceNeurons for the traces figure (res.Traces holds all neurons' traces
// when --out is used; nil means neurons 0 and N−1); returns the paths
// written. The currents and traces figures are skipped when res has no
// traces. All figures are built before any is written, so bad input writes
// nothing; each file is written atomically, and on a write error the paths
// written so far are returned with it.
func writeFigures(dir, format string, res *snn.Result, traceNeurons []int) ([]string, error) {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	if format == "" {
		format = "png"
	}
	known := false
	for _, f := range plots.Formats() {
		known = known || f == format
	}
	if !known {
		return nil, fmt.Errorf("--format %q: supported formats are %s", format, strings.Join(plots.Formats(), ", "))
	}
	if res == nil {
		return nil, fmt.Errorf("figures: no result")
	}
	figs := []figure{
		{"raster", func() (plots.Figure, plots.Size, error) {
			f, err := plots.NewRaster(res)
			if err != nil {
				return nil, plots.Size{}, err
			}
			return f, f.Size, nil
		}},
	}
	if res.Traces != nil {
		figs = append(figs,
			figure{"currents", func() (plots.Figure, plots.Size, error) {
				f, err := plots.NewCurrents(res)
				if err != nil {
					return nil, plots.Size{}, err
				}
				return f, f.Size, nil
			}},
			figure{"traces", func() (plots.Figure, plots.Size, error) {
				f, err := plots.NewTraces(res, traceNeurons...)
				if err != nil {
					return nil, plots.Size{}, err
				}
				return f, f.Size, nil
			}})
	}
	figs = append(figs, figure{"rhythm", func() (plots.Figure, plots.Size, error) {
		f, err := plots.NewRhythm(res, 0)
		if err != nil {
			return nil, plots.Size{}, err
		}
		return f, f.Size, nil
	}})

	// Build every figure before writing any, so that bad input (an
	// untraced neuron) writes nothing.
	built := make([]plots.Figure, len(figs))
	sizes := make([]plots.Size, len(figs))
	for k, fig := range figs {
		f, size, err := fig.build()
		if err != nil {
			return nil, fmt.Errorf("%s figure: %w", fig.name, err)
		}
		built[k], sizes[k] = f, size
	}
	var written []string
	for k, fig := range figs {
		path := filepath.Join(dir, fig.name+"."+format)
		if err := plots.Save(built[k], sizes[k], path); err != nil {
			return written, fmt.Errorf("%s figure: %w", fig.name, err)
		}
		written = append(written, path)
	}
	return written, nil
}
