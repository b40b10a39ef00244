// Package plots draws the figures of spiking-network results: spike
// rasters, heat maps of input currents, membrane-potential traces,
// population rhythms and single-neuron responses, with gonum/plot.
//
// Each figure is a value whose exported fields (titles, sizes, colours,
// ranges) can be changed after its constructor returns and before it is
// rendered, in gonum/plot's style:
//
//	r, err := plots.NewRaster(res) // res is a *snn.Result
//	if err != nil { ... }
//	r.Title = "800 RS + 200 LTS neurons"
//	r.DPI = 300
//	err = r.Save("raster.pdf") // PNG, SVG or PDF, chosen by extension
//
// A figure can also be encoded to any io.Writer ([Raster.Encode]) or to
// bytes for a notebook ([Raster.PNG], [Raster.SVG]); this package does not
// depend on Jupyter or GoNB. Sizes are set with the embedded [Size]
// (Width, Height, DPI; [Inches] builds one); PNGs record their DPI. Every
// figure is a [Figure], so figures can be placed side by side in a [Grid]
// with a title each, and any gonum plot becomes one with [PlotFigure].
//
// The building blocks are plot.Plotters that slot into any gonum plot:
// [SpikeDots] draws hundreds of thousands of spikes as small dots stamped
// straight onto an image the size of the plot area, so its cost is one
// stamp per spike and its memory that of the image, and [HeatMap] draws a
// grid of values (such as every neuron's input current at every step) at
// the output's resolution, each pixel the mean of the cells it covers.
// Dense rasters fade each dot so that bursts stay darker than the rest.
//
// The figures:
//
//   - [Raster]: spike time against neuron index, populations separated by
//     a line and named beside their bands (the tutorial's first figure).
//   - [Currents]: heat map of every neuron's input current over time, on a
//     diverging palette centred on zero, with a colour bar (the second).
//   - [Traces]: v and u of chosen neurons in two panels, excitatory blue
//     and inhibitory orange, with a legend (the third).
//   - [Rhythm]: binned population rate above its power spectrum, with the
//     alpha and gamma bands shaded and the dominant frequency labelled.
//   - [Neuron] and [NewGallery]: v(t) of single neurons of the named
//     presets under a step current.
//   - [Grid]: several figures in one image, e.g. the weight scenarios
//     S1–S4 or the preset pairs in 2 × 2.
//
// And the general figures, for whatever a script computes; they take
// plain slices, so interpreted scripts, which cannot import gonum/plot,
// use them as compiled code does:
//
//   - [Lines]: curves through (x, y) points, each labelled in a legend.
//   - [Scatter]: sets of points, each labelled in a legend.
//   - [Histogram]: the distribution of values (weights, intervals
//     between spikes, rates) in equal bins, as counts or a density; several
//     labelled samples share the bins.
//   - [SweepMap]: a heat map of one value over a sweep of two parameters
//     (the rate over we × wi), one labelled cell per pair of values, with
//     a colour bar.
//
// Axis labels name the quantity and its unit, as in "time (ms)".
//
// Bad input is an error that says what was wrong: a spike of a neuron the
// network does not have, an untraced neuron, NaN values, series of
// different lengths, an empty series, a decreasing axis range, an unknown
// output format. A run without spikes gives
// an empty raster that says so.
package plots
