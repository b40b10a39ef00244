// Command nbcheck checks executed GoNB notebooks: every code cell ran top to
// bottom, no cell failed to compile, panicked or exited with a non-zero
// status, nothing was written to stderr, and every cell tagged "figure"
// shows a figure. With -committed it also compares each notebook's outputs
// with the committed notebook of the same name and reports the committed
// outputs that are stale.
//
// Usage:
//
//	nbcheck [-committed DIR] [-images exact|size] NOTEBOOK.ipynb...
//
// It exits with status 1 when it finds a problem and 2 on bad usage.
// notebooks/run.sh runs it on freshly executed notebooks.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/notebooks/internal/ipynb"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	committed := fs.String("committed", "", "`DIR` holding the committed notebooks to compare with (same file names)")
	images := fs.String("images", "exact", "how to compare images with -committed: exact (bytes) or size (type and pixel size only)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: nbcheck [-committed DIR] [-images exact|size] NOTEBOOK.ipynb...\n\n"+
			"Checks executed GoNB notebooks for failed cells, stderr output and missing figures;\n"+
			"with -committed, also that the committed outputs are not stale.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var mode ipynb.ImageMode
	switch *images {
	case "exact":
		mode = ipynb.ImagesExact
	case "size":
		mode = ipynb.ImagesSize
	default:
		fmt.Fprintf(stderr, "nbcheck: -images %q: allowed values are exact and size\n", *images)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "nbcheck: no notebook given")
		fs.Usage()
		return 2
	}
	bad := 0
	for _, path := range fs.Args() {
		nb, err := ipynb.Read(path)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			bad++
			continue
		}
		probs := nb.Check()
		if *committed != "" {
			ref := filepath.Join(*committed, filepath.Base(path))
			old, err := ipynb.Read(ref)
			if err != nil {
				fmt.Fprintf(stderr, "%s: reading the committed notebook: %v\n", path, err)
				bad++
				continue
			}
			probs = append(probs, ipynb.Compare(old, nb, mode)...)
		}
		name := filepath.Base(path)
		if len(probs) == 0 {
			fmt.Fprintf(stdout, "ok    %s\n", name)
			continue
		}
		bad++
		fmt.Fprintf(stdout, "FAIL  %s\n", name)
		for _, p := range probs {
			fmt.Fprintf(stdout, "  %s\n", indent(p.String()))
		}
	}
	if bad > 0 {
		fmt.Fprintf(stdout, "%d of %d notebooks have problems", bad, fs.NArg())
		if *committed != "" {
			fmt.Fprint(stdout, " (if only outputs are stale, regenerate them: make notebooks)")
		}
		fmt.Fprintln(stdout)
		return 1
	}
	return 0
}

func indent(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i])
		if s[i] == '\n' {
			out = append(out, "  "...)
		}
	}
	return string(out)
}
