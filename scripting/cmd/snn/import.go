package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/pynn"
)

func importSpikes(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("pynn-spikes", "", "the spikes.csv (t_ms,neuron) that an exported run.py wrote, as `FILE`")
	network := fs.String("network", "", "the export's network.json (`FILE`; default: network.json beside --pynn-spikes)")
	out := fs.String("out", "", "write spikes.csv (gosnn's t,neuron steps), summary.json and the raster and rhythm figures into `DIR`")
	format := fs.String("format", "png", "figure format with --out: png, svg or pdf")
	asJSON := fs.Bool("json", false, "print one JSON object instead of the human summary")
	setUsage(fs, `Usage: snn import --pynn-spikes FILE [--out DIR] [--json]

Reads the spikes of a network that snn export --pynn wrote and PyNN ran,
and gives them gosnn's analysis (rates, dominant frequency) and figures, as
snn simulate does for its own runs. A spike at t ms counts in gosnn's step
floor(t): the 1 ms step that holds it.

Examples:
  snn import --pynn-spikes tutorial-pynn/spikes.csv
  snn import --pynn-spikes tutorial-pynn/spikes.csv --out tutorial-pynn/figures --json

Exit status: 0 success, 1 a file could not be read or written, 2 bad command line.

Flags:
`)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if fs.NArg() > 0 || *file == "" {
		fmt.Fprintln(stderr, "snn import: give --pynn-spikes FILE (and only flags)")
		fmt.Fprintln(stderr, "Run 'snn import --help' for the flags.")
		return 2
	}
	switch *format {
	case "png", "svg", "pdf":
	default:
		fmt.Fprintf(stderr, "snn import: --format %q: supported figure formats are png, svg and pdf\n", *format)
		return 2
	}
	if *network == "" {
		*network = filepath.Join(filepath.Dir(*file), "network.json")
	}
	res, err := readPyNNRun(*file, *network)
	if err != nil {
		fmt.Fprintf(stderr, "snn import: %v\n", err)
		return 1
	}
	sum := summarize(res)
	var written []string
	if *out != "" {
		if err := checkWritableDir(*out, true); err != nil {
			fmt.Fprintf(stderr, "snn import: --out %s: %v\n", *out, err)
			return 1
		}
		var err error
		written, err = writeRun(*out, *format, res, sum, nil, nil)
		if err != nil {
			fmt.Fprintf(stderr, "snn import: %v\n", err)
			return 1
		}
	}
	if *asJSON {
		json.NewEncoder(stdout).Encode(sum)
		return 0
	}
	fmt.Fprintf(stdout, "%d neurons, %.0f ms (PyNN run, read from %s)\n", res.N, res.Duration(), *file)
	fmt.Fprintf(stdout, "spikes:    %d (%.2f Hz per neuron; excitatory %.2f Hz, inhibitory %.2f Hz)\n",
		sum.Spikes, sum.RateHz, sum.RateExcHz, sum.RateInhHz)
	fmt.Fprintf(stdout, "rhythm:    dominant frequency %.1f Hz\n", sum.DominantHz)
	for _, f := range written {
		fmt.Fprintf(stdout, "wrote      %s\n", f)
	}
	return 0
}

// readPyNNRun reads an exported run's spikes with its network.json.
func readPyNNRun(spikesFile, networkFile string) (*snn.Result, error) {
	m, err := pynn.ReadManifest(networkFile)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(spikesFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	spikes, err := m.ReadSpikes(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spikesFile, err)
	}
	return m.Result(spikes)
}
