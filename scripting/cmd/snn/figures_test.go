package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

func figuresRun(t *testing.T, traces bool) *snn.Result {
	t.Helper()
	net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 40, Ni: 10, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 0}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 200, &snn.RunOptions{TraceAll: traces})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestWriteFigures(t *testing.T) {
	res := figuresRun(t, true)
	magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"}
	for _, format := range []string{"png", "svg", "pdf"} {
		dir := t.TempDir()
		paths, err := writeFigures(dir, format, res, []int{3, 45})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		var names []string
		for _, p := range paths {
			names = append(names, filepath.Base(p))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), magic[format]) {
				t.Errorf("%s does not start with %q", p, magic[format])
			}
		}
		want := "raster." + format + " currents." + format + " traces." + format + " rhythm." + format
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%s: wrote %s, want %s", format, got, want)
		}
	}
}

func TestWriteFiguresErrors(t *testing.T) {
	res := figuresRun(t, true)
	dir := t.TempDir()
	if _, err := writeFigures(dir, "gif", res, nil); err == nil || !strings.Contains(err.Error(), "png, svg, pdf") {
		t.Errorf("gif: error %v, want one listing png, svg, pdf", err)
	}
	if _, err := writeFigures(dir, "png", res, []int{50}); err == nil || !strings.Contains(err.Error(), "neuron 50") {
		t.Errorf("unknown trace neuron: error %v, want one naming neuron 50", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("bad input wrote %d files, want none", len(entries))
	}
	// Without traces only the raster and the rhythm can be drawn.
	paths, err := writeFigures(t.TempDir(), "png", figuresRun(t, false), nil)
	if err != nil || len(paths) != 2 {
		t.Errorf("no traces: wrote %v, %v; want raster and rhythm", paths, err)
	}
}
