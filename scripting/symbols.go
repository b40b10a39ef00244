package scripting

import "reflect"

// Symbols are the compiled packages that scripts can import besides the
// standard library: snn, snn/npy, snn/rng, snn/vec, snn/spnet, snn/spikestat,
// plots and notebooks/exercise (the notebooks' exercises, for snn grade),
// extracted by yaegi. The generated files (github_com-gosnn-gosnn-*.go) are committed;
// regenerate them after changing the exported API of those packages with
//
//	go generate ./scripting/...
//
// TestSymbolsUpToDate fails when they are stale.
var Symbols = map[string]map[string]reflect.Value{}

//go:generate go tool yaegi extract github.com/gosnn/gosnn/snn github.com/gosnn/gosnn/snn/npy github.com/gosnn/gosnn/snn/rng github.com/gosnn/gosnn/snn/vec github.com/gosnn/gosnn/plots github.com/gosnn/gosnn/snn/spnet github.com/gosnn/gosnn/snn/spikestat github.com/gosnn/gosnn/notebooks/exercise
