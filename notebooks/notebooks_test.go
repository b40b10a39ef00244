// Package notebooks holds the GoNB notebooks that walk through the
// tutorial, and tests that keep their committed outputs honest.
//
// The tests need neither Jupyter nor GoNB: they read the committed
// notebooks, check that every cell ran without failing and that the
// figures are there, and re-run with the library every network whose
// results a notebook shows in a results table, failing when a printed
// number no longer matches. Executing the notebooks themselves is
// notebooks/run.sh's job (make notebooks regenerates them).
package notebooks

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/notebooks/internal/ipynb"
	"github.com/gosnn/gosnn/notebooks/nb"
	"github.com/gosnn/gosnn/snn"
)

// notebookFiles returns the numbered notebooks of this directory.
func notebookFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("[0-9]*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("found %d notebooks (%v), want the 4 of the tutorial", len(files), files)
	}
	return files
}

// TestCommittedNotebooksRan checks the committed outputs the way CI checks
// freshly executed notebooks: every code cell ran, in order, none failed
// and every figure is there.
func TestCommittedNotebooksRan(t *testing.T) {
	for _, f := range notebookFiles(t) {
		nb, err := ipynb.Read(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, p := range nb.Check() {
			t.Errorf("%s: %s", f, p)
		}
	}
}

// A runRow is one row of a results table in a notebook's output: a
// network, the seeds it ran with and the printed measures.
type runRow struct {
	notebook, line string
	ne, ni         int
	exc, inh       snn.Preset
	we, wi         float64
	generator      string
	first, seeds   uint64
	values         map[string]string // column name → printed value
}

var (
	neuronsRE = regexp.MustCompile(`^(\d+) (\w+) \+ (\d+) (\w+)$`)
	seedsRE   = regexp.MustCompile(`^(\d+)(?:–(\d+))?$`)
)

// resultRows returns the rows of the results tables ("| run | neurons |
// we | wi | generator | seeds | spikes | ...") in the notebook's Markdown
// outputs.
func resultRows(t *testing.T, file string, nb *ipynb.Notebook) []runRow {
	t.Helper()
	var rows []runRow
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			md, ok := o.Data["text/markdown"]
			if !ok {
				continue
			}
			var header []string
			for _, line := range strings.Split(string(md), "\n") {
				cells := splitRow(line)
				switch {
				case cells == nil:
					header = nil
				case len(cells) > 1 && cells[0] == "run" && cells[1] == "neurons":
					header = cells
				case header == nil || strings.HasPrefix(cells[0], "---"):
				default:
					rows = append(rows, parseRow(t, file, line, header, cells))
				}
			}
		}
	}
	return rows
}

// splitRow returns the trimmed cells of a Markdown table line, or nil if
// the line is not one.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") || len(line) < 2 {
		return nil
	}
	cells := strings.Split(line[1:len(line)-1], "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func parseRow(t *testing.T, file, line string, header, cells []string) runRow {
	t.Helper()
	if len(cells) != len(header) {
		t.Fatalf("%s: table row has %d cells, header %d: %s", file, len(cells), len(header), line)
	}
	r := runRow{notebook: file, line: line, values: map[string]string{}}
	for k, h := range header {
		r.values[h] = cells[k]
	}
	m := neuronsRE.FindStringSubmatch(r.values["neurons"])
	s := seedsRE.FindStringSubmatch(r.values["seeds"])
	if m == nil || s == nil {
		t.Fatalf("%s: cannot read the network of table row %s", file, line)
	}
	var err error
	r.ne, _ = strconv.Atoi(m[1])
	r.ni, _ = strconv.Atoi(m[3])
	if r.exc, err = snn.LookupPreset(m[2]); err != nil {
		t.Fatalf("%s: %v in %s", file, err, line)
	}
	if r.inh, err = snn.LookupPreset(m[4]); err != nil {
		t.Fatalf("%s: %v in %s", file, err, line)
	}
	if r.we, err = strconv.ParseFloat(r.values["we"], 64); err != nil {
		t.Fatalf("%s: we in %s: %v", file, line, err)
	}
	if r.wi, err = strconv.ParseFloat(r.values["wi"], 64); err != nil {
		t.Fatalf("%s: wi in %s: %v", file, line, err)
	}
	r.generator = r.values["generator"]
	r.first, _ = strconv.ParseUint(s[1], 10, 64)
	last := r.first
	if s[2] != "" {
		last, _ = strconv.ParseUint(s[2], 10, 64)
	}
	r.seeds = last - r.first + 1
	return r
}

// measures are the columns of a results table and how the notebooks
// compute them (nb.Measures); the rhythm column is checked as a whole
// (nb.RhythmColumn), since it is not always a number.
var measures = func() map[string]func(*snn.Result) float64 {
	m := map[string]func(*snn.Result) float64{}
	for _, c := range nb.Measures {
		m[c.Column] = c.Of
	}
	return m
}()

// decimalsOf returns the number of digits after the point in the first
// number of a printed value.
func decimalsOf(s string) int {
	s, _, _ = strings.Cut(s, " ")
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// TestCommittedResultsMatchLibrary re-runs every network of the results
// tables of the committed notebooks (1000 ms, as the notebooks run them)
// and compares each printed measure with what the library gives now. A
// failure means the committed outputs are stale: regenerate them with
// make notebooks (and re-read the notebook's prose, which quotes them).
func TestCommittedResultsMatchLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs about 100 networks; skipped with -short")
	}
	type key struct {
		ne, ni        int
		exc, inh, gen string
		we, wi        float64
		seed          uint64
	}
	cache := map[key]*snn.Result{}
	run := func(r runRow, seed uint64) *snn.Result {
		k := key{r.ne, r.ni, r.exc.Name, r.inh.Name, r.generator, r.we, r.wi, seed}
		if res, ok := cache[k]; ok {
			return res
		}
		n := nb.Net{Ne: r.ne, Ni: r.ni, Exc: r.exc, Inh: r.inh, We: r.we, Wi: r.wi, Generator: r.generator}
		net, err := n.New(seed)
		if err != nil {
			t.Fatalf("%s: %v (row %s)", r.notebook, err, r.line)
		}
		res, err := net.Run(context.Background(), 1000, nil)
		if err != nil {
			t.Fatalf("%s: %v (row %s)", r.notebook, err, r.line)
		}
		cache[k] = res
		return res
	}
	// The notebooks that show networks, with the least number of table
	// rows each must have: fewer means the tables were not found.
	want := map[string]int{"02-network.ipynb": 7, "03-connectivity.ipynb": 10, "04-neuron-types.ipynb": 28}
	checked := map[string]int{}
	for _, f := range notebookFiles(t) {
		book, err := ipynb.Read(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range resultRows(t, f, book) {
			results := make([]*snn.Result, r.seeds)
			for s := range results {
				results[s] = run(r, r.first+uint64(s))
			}
			if printed, ok := r.values["rhythm (Hz)"]; ok {
				if now := nb.RhythmColumn(results); now != printed {
					t.Errorf("%s: rhythm (Hz) is %q in the committed output, the library now gives %q: the outputs are stale, run make notebooks\n\trow: %s",
						f, printed, now, r.line)
				}
			}
			for col, printed := range r.values {
				measure, ok := measures[col]
				if !ok {
					continue
				}
				xs := make([]float64, len(results))
				for s, res := range results {
					xs[s] = measure(res)
				}
				if now := nb.MeanSD(xs, decimalsOf(printed)); now != printed {
					t.Errorf("%s: %s is %q in the committed output, the library now gives %q: the outputs are stale, run make notebooks\n\trow: %s",
						f, col, printed, now, r.line)
				}
			}
			checked[f]++
		}
	}
	for f, n := range want {
		if checked[f] < n {
			t.Errorf("%s: found %d rows of results tables, want at least %d: has the table format changed?", f, checked[f], n)
		}
	}
}

// TestResultRowsParse checks the table reader on a row the notebooks print.
func TestResultRowsParse(t *testing.T) {
	nb, err := ipynb.Parse([]byte(`{"nbformat": 4, "metadata": {"kernelspec": {"name": "gonb"}}, "cells": [
		{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "x", "outputs": [
			{"output_type": "display_data", "metadata": {}, "data": {"text/markdown": [
				"| run | neurons | we | wi | generator | seeds | spikes | rate (Hz) |\n",
				"|---|---|---|---|---|---|---|---|\n",
				"| S1 | 800 RS + 200 LTS | 0.6 | 1.6 | numpy | 0–4 | 7328 ± 93 | 7.3 ± 0.1 |\n",
				"\n",
				"| preset | a |\n",
				"| RS | 0.02 |\n"]}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rows := resultRows(t, "test", nb)
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1 (the preset table is not a results table)", len(rows))
	}
	r := rows[0]
	if r.ne != 800 || r.ni != 200 || r.exc.Name != "RS" || r.inh.Name != "LTS" || r.we != 0.6 || r.wi != 1.6 ||
		r.generator != "numpy" || r.first != 0 || r.seeds != 5 || r.values["spikes"] != "7328 ± 93" {
		t.Errorf("parsed %+v", r)
	}
	if d := decimalsOf(r.values["rate (Hz)"]); d != 1 {
		t.Errorf("decimals of %q = %d, want 1", r.values["rate (Hz)"], d)
	}
}
