package snn

import (
	"os"
	"path/filepath"
)

// OutEnv is the environment variable through which "snn run --out DIR"
// tells a script where to write its files.
const OutEnv = "SNN_OUT"

// OutDir returns the directory where an experiment script should write
// its files: the value of $SNN_OUT, which "snn run --out DIR" sets (also
// for --native and --sandbox runs), or "." when it is unset. Under
// --sandbox a script may write nowhere else.
func OutDir() string {
	if d := os.Getenv(OutEnv); d != "" {
		return d
	}
	return "."
}

// OutPath returns the path of the file name inside [OutDir], e.g.
//
//	plots.Save(fig, size, snn.OutPath("raster.png"))
func OutPath(name string) string { return filepath.Join(OutDir(), name) }
