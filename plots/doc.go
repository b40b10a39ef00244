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
// depend on Jupyter or GoNB. Every figure is a [Figure], so figures can be
// placed side by side in a [Grid] with a title each.
//
// The building blocks are plot.Plotters that slot into any gonum plot:
// [SpikeDots] draws hundreds of thousands of spikes as small dots
// straight onto an image the size of the plot area, so its cost and memory
// do not grow with a glyph per spike, and [HeatMap] draws a matrix of
// values (such as every neuron's input current at every step) at the
// output's resolution.
//
// The figures:
//
//   - [Raster]: spike time against neuron index, populations separated by
//     a line and labelled in their bands.
//   - [Currents]: heat map of every neuron's input current over time, on a
//     diverging palette centred on zero, with a colour bar.
//   - [Traces]: v and u of chosen neurons in two panels.
//   - [Rhythm]: binned population rate above its power spectrum, with the
//     alpha and gamma bands shaded and the dominant frequency labelled.
//   - [Neuron] and [Gallery]: v(t) of single neurons of the named presets
//     under a step current.
//   - [Grid]: several figures in one image.
package plots
