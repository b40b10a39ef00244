// Package nb is what the gosnn notebooks share: the tutorial's network
// under a name (Net), figures and tables displayed in the notebook, a
// progress bar for runs that take a while, the measures the notebooks'
// tables report, interactive controls, and the checks of the exercises.
//
// A notebook cell imports it like any package:
//
//	import "github.com/gosnn/gosnn/notebooks/nb"
//
//	%%
//	res := nb.Tutorial.Run(0, nil)
//	nb.Show(nb.Must(plots.NewRaster(res)))
//
// Every network a notebook runs is built here, by Net.Config, so a change of
// the snn package's configuration API is fixed in this package (checked by
// the compiler and its tests), not in notebook cells.
//
// Outside a notebook (under go test, or in a program) the display functions
// do nothing and the controls fall back to a printed note, so everything
// here can be tested without Jupyter. The plots and snn packages do not
// depend on GoNB; this package is the only bridge.
package nb
