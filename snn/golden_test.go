package snn_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"github.com/gosnn/gosnn/snn/rng"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/internal/testenv"
	"time"

	"github.com/gosnn/gosnn/snn"
)

// The golden files in testdata/golden are written by the NumPy reference
// testdata/reference/tutorial.py, run by testdata/reference/make_golden.py
// (`make golden`). The tests below build the same networks with the snn API
// and compare every spike, and where recorded every trace value, bit for
// bit. Regenerating needs python3 with NumPy; running the tests does not.

const goldenDir = "testdata/golden"

// goldenCase is one entry of testdata/golden/manifest.json.
type goldenCase struct {
	Name          string            `json:"name"`
	Seed          uint64            `json:"seed"`
	T             int               `json:"T"`
	Ne            int               `json:"ne"`
	Ni            int               `json:"ni"`
	Exc           string            `json:"exc"`
	Inh           string            `json:"inh"`
	We            float64           `json:"we"`
	Wi            float64           `json:"wi"`
	Scenario      string            `json:"scenario"`
	Spikes        int               `json:"spikes"`
	SpikesSHA256  string            `json:"spikes_sha256"`
	MaxPerStep    int               `json:"max_per_step"`
	SpikesFile    string            `json:"spikes_file"`
	TracesSHA256  map[string]string `json:"traces_sha256"`
	TracesFile    string            `json:"traces_file"`
	TracesNeurons []int             `json:"traces_neurons"`
	NPYFiles      map[string]string `json:"npy_files"`
}

func readManifest(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, "manifest.json"))
	if err != nil {
		t.Fatalf("golden manifest: %v (regenerate with `make golden`)", err)
	}
	var m struct {
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("golden manifest: %v", err)
	}
	if len(m.Cases) == 0 {
		t.Fatal("golden manifest lists no cases")
	}
	return m.Cases
}

// readGolden returns the contents of a golden file, gunzipped if its name
// ends in .gz.
func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return b
}

// goldenConfig builds the case's network with the public API. NumPy draws
// nothing for a population of size 0 (rand(0), randn(0)), so a tutorial
// with ni = 0 (or ne = 0) is the tutorial's configuration without that
// population.
func goldenConfig(t *testing.T, c goldenCase) snn.Config {
	t.Helper()
	exc, err := snn.LookupPreset(c.Exc)
	if err != nil {
		t.Fatal(err)
	}
	inh, err := snn.LookupPreset(c.Inh)
	if err != nil {
		t.Fatal(err)
	}
	we, wi := c.We, c.Wi
	if c.Scenario != "" {
		s, err := snn.LookupScenario(c.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		if s.Excitatory != c.We || s.Inhibitory != c.Wi {
			t.Fatalf("scenario %s is (%g, %g) in snn but (%g, %g) in the reference", c.Scenario, s.Excitatory, s.Inhibitory, c.We, c.Wi)
		}
		we, wi = s.Excitatory, s.Inhibitory
	}
	// Tutorial leaves out a population of size 0, as NumPy draws nothing for it.
	return snn.Tutorial(snn.TutorialOptions{Ne: c.Ne, Ni: c.Ni, Exc: exc, Inh: inh, We: we, Wi: wi, Seed: c.Seed})
}

func TestGolden(t *testing.T) {
	if !rng.LibmLog {
		// NumPy's normal numbers depend on the C library's log(); the
		// pure-Go LogCR differs from glibc's for about 0.08% of inputs,
		// enough to change a long spike train.
		t.Skip("built without cgo: exact comparison with NumPy needs the C library's log (CGO_ENABLED=1 and a C compiler)")
	}
	for _, c := range readManifest(t) {
		t.Run(c.Name, func(t *testing.T) {
			if testing.Short() && c.Ne+c.Ni >= 500 && c.Name != "tutorial-seed0" {
				t.Skip("large network; skipped in -short mode")
			}
			checkGolden(t, c)
		})
	}
}

func checkGolden(t *testing.T, c goldenCase) {
	net, err := snn.New(goldenConfig(t, c))
	if err != nil {
		t.Fatal(err)
	}
	opts := &snn.RunOptions{TraceAll: c.TracesSHA256 != nil, Trace: c.TracesNeurons}
	res, err := net.Run(context.Background(), c.T, opts)
	if err != nil {
		t.Fatal(err)
	}

	// Spikes: the full list where the reference saved it, else the count
	// and the SHA-256 of the CSV text.
	var csv bytes.Buffer
	if err := res.Spikes.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if c.SpikesFile != "" {
		want := readGolden(t, c.SpikesFile)
		compareSpikes(t, res.Spikes, parseSpikesCSV(t, want))
		// Spikes.WriteCSV writes exactly the bytes of np.savetxt.
		if !bytes.Equal(csv.Bytes(), want) {
			t.Errorf("Spikes.WriteCSV differs from np.savetxt's bytes (%d vs %d bytes)", csv.Len(), len(want))
		}
	}
	if len(res.Spikes) != c.Spikes {
		t.Errorf("%d spikes, NumPy reference has %d", len(res.Spikes), c.Spikes)
	}
	if got := testenv.SHA256(csv.Bytes()); got != c.SpikesSHA256 {
		t.Errorf("spikes CSV SHA-256 %s, NumPy reference %s", got, c.SpikesSHA256)
	}
	if got := maxPerStep(res.Spikes); got != c.MaxPerStep {
		t.Errorf("up to %d spikes in one step, NumPy reference %d", got, c.MaxPerStep)
	}

	tr := res.Traces
	if c.TracesSHA256 != nil {
		if c.TracesNeurons != nil {
			t.Fatal("case asks for all traces and some neurons' traces; the test records one set")
		}
		for name, x := range map[string][]float64{"v": tr.V, "u": tr.U, "I": tr.I} {
			if got := testenv.Float64sSHA256(x); got != c.TracesSHA256[name] {
				t.Errorf("traces of %s (all %d neurons, %d steps): SHA-256 %s, NumPy reference %s", name, len(tr.Neurons), tr.Samples, got, c.TracesSHA256[name])
			}
		}
	}
	if c.TracesFile != "" {
		compareTraces(t, tr, readGolden(t, c.TracesFile))
	}
	for name, file := range c.NPYFiles {
		var got bytes.Buffer
		if name == "spikes" {
			err = res.Spikes.WriteNPY(&got)
		} else {
			if tr == nil {
				net2, err := snn.New(goldenConfig(t, c))
				if err != nil {
					t.Fatal(err)
				}
				r2, err := net2.Run(context.Background(), c.T, &snn.RunOptions{TraceAll: true})
				if err != nil {
					t.Fatal(err)
				}
				tr = r2.Traces
			}
			err = tr.WriteNPY(&got, name)
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := readGolden(t, file); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: WriteNPY differs from np.save's bytes (%d vs %d bytes)", file, got.Len(), len(want))
		}
	}
}

// parseSpikesCSV parses the reference's spikes CSV strictly: the header
// "t,neuron", then "t,neuron" integer lines.
func parseSpikesCSV(t *testing.T, b []byte) snn.Spikes {
	t.Helper()
	lines := strings.Split(string(b), "\n")
	if lines[0] != "t,neuron" || lines[len(lines)-1] != "" {
		t.Fatalf("reference spikes CSV: want header t,neuron and a final newline")
	}
	var s snn.Spikes
	for k, l := range lines[1 : len(lines)-1] {
		ts, ns, ok := strings.Cut(l, ",")
		tt, err1 := strconv.Atoi(ts)
		n, err2 := strconv.Atoi(ns)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("reference spikes CSV line %d: %q", k+2, l)
		}
		s = append(s, snn.Spike{T: tt, Neuron: n})
	}
	return s
}

// compareSpikes reports the first difference between two spike lists.
func compareSpikes(t *testing.T, got, want snn.Spikes) {
	t.Helper()
	for k := range min(len(got), len(want)) {
		if got[k] != want[k] {
			t.Errorf("spike %d: got (t %d, neuron %d), NumPy reference (t %d, neuron %d); the spike trains agree before that", k, got[k].T, got[k].Neuron, want[k].T, want[k].Neuron)
			return
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d spikes, NumPy reference %d (the first %d agree)", len(got), len(want), min(len(got), len(want)))
	}
}

// compareTraces compares traces with the reference's CSV "t,neuron,v,u,I"
// (Python repr floats, which parse back to the exact float64), bit for bit.
func compareTraces(t *testing.T, tr *snn.Traces, b []byte) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(b))
	if !sc.Scan() || sc.Text() != "t,neuron,v,u,I" {
		t.Fatal("reference traces CSV: want header t,neuron,v,u,I")
	}
	n := len(tr.Neurons)
	rows := 0
	for line := 2; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), ",")
		if len(f) != 5 {
			t.Fatalf("reference traces CSV line %d: %q", line, sc.Text())
		}
		step, err1 := strconv.Atoi(f[0])
		neuron, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || step >= tr.Samples {
			t.Fatalf("reference traces CSV line %d: %q", line, sc.Text())
		}
		k := tr.Index(neuron)
		if k < 0 {
			t.Fatalf("reference traces neuron %d, which the test did not trace", neuron)
		}
		for j, x := range [][]float64{tr.V, tr.U, tr.I} {
			want, err := strconv.ParseFloat(f[2+j], 64)
			if err != nil {
				t.Fatalf("reference traces CSV line %d: %v", line, err)
			}
			if got := x[step*n+k]; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("step %d neuron %d: %s = %v (%#x), NumPy reference %v (%#x)", step, neuron, "vuI"[j:j+1], got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
		rows++
	}
	if rows != tr.Samples*n {
		t.Errorf("reference traces have %d rows, want %d steps × %d neurons", rows, tr.Samples, n)
	}
}

func maxPerStep(s snn.Spikes) int {
	m, run := 0, 0
	for k := range s {
		if k > 0 && s[k].T == s[k-1].T {
			run++
		} else {
			run = 1
		}
		m = max(m, run)
	}
	return m
}

// TestGoldenManifestSpread guards the golden data against losing its
// spread: the cases must cover the seeds, scenarios, preset pairs, sizes
// and runaway activity the simulator promises to reproduce.
func TestGoldenManifestSpread(t *testing.T) {
	cases := readManifest(t)
	seeds := map[uint64]bool{}
	scenarios := map[string]bool{}
	pairs := map[string]bool{}
	full, runaway, zeroPop, traced := 0, 0, 0, 0
	for _, c := range cases {
		seeds[c.Seed] = true
		scenarios[c.Scenario] = true
		pairs[strings.ToUpper(c.Exc+"+"+c.Inh)] = true
		if c.SpikesFile != "" {
			full++
		}
		if c.MaxPerStep >= 200 {
			runaway++
		}
		if c.Ne == 0 || c.Ni == 0 {
			zeroPop++
		}
		if c.TracesSHA256 != nil || c.TracesFile != "" {
			traced++
		}
	}
	var missing []string
	for _, s := range []uint64{0, 1, 42, 12345, 1<<32 - 1} {
		if !seeds[s] {
			missing = append(missing, fmt.Sprintf("seed %d", s))
		}
	}
	for _, s := range []string{"S1", "S2", "S3", "S4", "S5"} {
		if !scenarios[s] {
			missing = append(missing, "scenario "+s)
		}
	}
	for _, p := range []string{"RS+LTS", "RS+CH", "RS+TC", "RZ+RS", "IB+IB"} {
		if !pairs[p] {
			missing = append(missing, "preset pair "+p)
		}
	}
	if full < 5 || runaway < 3 || zeroPop < 2 || traced < 5 {
		missing = append(missing, fmt.Sprintf("need ≥ 5 full spike lists (have %d), ≥ 3 runaway cases (%d), 2 with an empty population (%d), ≥ 5 traced (%d)", full, runaway, zeroPop, traced))
	}
	if len(missing) > 0 {
		t.Errorf("golden cases miss: %s", strings.Join(missing, "; "))
	}
}

// TestGoldenLive runs the NumPy reference (testdata/reference/tutorial.py)
// on networks with parameters drawn at random, different on every run, and
// compares the spikes CSV byte for byte. It is skipped in -short mode and
// without cgo, and when Python with NumPy is missing (a failure under CI;
// see testenv.NumPy). A failure prints
// the parameters and GOSNN_LIVE_SEED, which repeats the same draws.
func TestGoldenLive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Python reference; skipped in -short mode")
	}
	if !rng.LibmLog {
		t.Skip("built without cgo: exact comparison with NumPy needs the C library's log")
	}
	python := testenv.NumPy(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GOSNN_LIVE_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("GOSNN_LIVE_SEED=%q: %v", s, err)
		}
	}
	r := rand.New(rand.NewPCG(seed, 1))
	presets := snn.PresetNames()
	dir := t.TempDir()
	for k := range 3 {
		c := goldenCase{
			Seed: uint64(r.Uint32()), T: 1 + r.IntN(400),
			Ne: r.IntN(301), Ni: r.IntN(101),
			Exc: presets[r.IntN(len(presets))], Inh: presets[r.IntN(len(presets))],
			We: math.Round(r.Float64()*1000) / 1000, Wi: math.Round(2*r.Float64()*1000) / 1000,
		}
		if c.Ne+c.Ni == 0 {
			c.Ne = 1
		}
		args := []string{"testdata/reference/tutorial.py",
			"--seed", strconv.FormatUint(c.Seed, 10), "--T", strconv.Itoa(c.T),
			"--ne", strconv.Itoa(c.Ne), "--ni", strconv.Itoa(c.Ni), "--exc", c.Exc, "--inh", c.Inh,
			"--we", strconv.FormatFloat(c.We, 'g', -1, 64), "--wi", strconv.FormatFloat(c.Wi, 'g', -1, 64),
			"--spikes", filepath.Join(dir, fmt.Sprintf("live%d.csv", k))}
		if out, err := exec.Command(python, args...).CombinedOutput(); err != nil {
			t.Fatalf("python3 %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		want, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		net, err := snn.New(goldenConfig(t, c))
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), c.T, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := res.Spikes.WriteCSV(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("GOSNN_LIVE_SEED=%d, case %d: python3 %s", seed, k, strings.Join(args[1:], " "))
			compareSpikes(t, res.Spikes, parseSpikesCSV(t, want))
		}
	}
}
