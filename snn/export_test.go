package snn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/internal/testenv"

	"github.com/gosnn/gosnn/snn/npy"
)

func randomSpikes(rng *rand.Rand, n int) Spikes {
	s := make(Spikes, n)
	for k := range s {
		s[k] = Spike{T: rng.IntN(5000), Neuron: rng.IntN(1 << 20)}
	}
	if n > 0 {
		s[0] = Spike{T: math.MaxInt32, Neuron: math.MaxInt32} // largest accepted
	}
	sortSpikes(s)
	return s
}

func spikesJSON(s Spikes) string {
	rows := make([][2]int, len(s))
	for k, sp := range s {
		rows[k] = [2]int{sp.T, sp.Neuron}
	}
	b, _ := json.Marshal(rows)
	return string(b)
}

// The CSV is byte for byte what the tutorial's np.savetxt call writes, and
// the .npy what np.save writes.
func TestSpikesMatchNumPy(t *testing.T) {
	const script = `
import io, json, sys
import numpy as np
out = []
for rows in json.loads(sys.stdin.read()):
    firings = np.array(rows, dtype=np.int64).reshape(-1, 2)
    f = io.BytesIO()
    np.savetxt(f, firings, fmt="%d", delimiter=",", header="t,neuron", comments="")
    g = io.BytesIO()
    np.save(g, firings)
    out.append([f.getvalue().hex(), g.getvalue().hex()])
json.dump(out, sys.stdout)
`
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []Spikes{nil, {{0, 0}}, {{0, 5}, {1, 7}, {1, 12}, {999, 999}}, randomSpikes(rng, 500)}
	var in []json.RawMessage
	for _, s := range cases {
		in = append(in, json.RawMessage(spikesJSON(s)))
	}
	js, _ := json.Marshal(in)
	var out [][2]string
	if err := json.Unmarshal(testenv.RunPython(t, js, script), &out); err != nil {
		t.Fatal(err)
	}
	for k, s := range cases {
		var csv, npy bytes.Buffer
		if err := s.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteNPY(&npy); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", csv.Bytes()); got != out[k][0] {
			t.Errorf("%d spikes: CSV differs from np.savetxt:\ngot  %q\nwant %.200s", len(s), firstBytes(csv.Bytes()), out[k][0])
		}
		if got := fmt.Sprintf("%x", npy.Bytes()); got != out[k][1] {
			t.Errorf("%d spikes: .npy differs from np.save:\ngot  %q\nwant %.300s", len(s), firstBytes(npy.Bytes()), out[k][1])
		}
	}
}

func firstBytes(b []byte) []byte { return b[:min(len(b), 150)] }

// np.load reads every file Save writes, with the right dtype, shape and
// values.
func TestSaveLoadsWithNumPy(t *testing.T) {
	testenv.NumPy(t)
	rng := rand.New(rand.NewPCG(3, 4))
	tr := randomTraces(rng, []int{7, 2, 900}, 50)
	r := &Result{Start: 10, Steps: 50, N: 1000, Spikes: randomSpikes(rng, 300), Traces: tr}
	dir := filepath.Join(t.TempDir(), "out", "run")
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	const script = `
import json, sys
import numpy as np
d = sys.argv[1]
out = {}
for name in ["spikes", "v", "u", "I", "neurons", "t"]:
    a = np.load(d + "/" + name + ".npy")
    out[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "values": [repr(x) for x in a.ravel().tolist()]}
csv = np.loadtxt(d + "/spikes.csv", delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
out["csv"] = {"dtype": csv.dtype.str, "shape": list(csv.shape), "values": [repr(x) for x in csv.ravel().tolist()]}
json.dump(out, sys.stdout)
`
	var got map[string]struct {
		Dtype  string
		Shape  []int
		Values []string
	}
	if err := json.Unmarshal(testenv.RunPython(t, nil, script, dir), &got); err != nil {
		t.Fatal(err)
	}
	ints := func(x []int) (s []string) {
		for _, v := range x {
			s = append(s, strconv.Itoa(v))
		}
		return s
	}
	floats := func(x []float64) (s []string) {
		for _, v := range x {
			s = append(s, pyRepr(v))
		}
		return s
	}
	var spikes []int
	for _, sp := range r.Spikes {
		spikes = append(spikes, sp.T, sp.Neuron)
	}
	steps := make([]int, tr.Samples)
	for k := range steps {
		steps[k] = r.Start + k
	}
	for name, want := range map[string]struct {
		dtype  string
		shape  []int
		values []string
	}{
		"spikes":  {"<i8", []int{300, 2}, ints(spikes)},
		"csv":     {"<i8", []int{300, 2}, ints(spikes)},
		"v":       {"<f8", []int{50, 3}, floats(tr.V)},
		"u":       {"<f8", []int{50, 3}, floats(tr.U)},
		"I":       {"<f8", []int{50, 3}, floats(tr.I)},
		"neurons": {"<i8", []int{3}, ints(tr.Neurons)},
		"t":       {"<i8", []int{50}, ints(steps)},
	} {
		g := got[name]
		if g.Dtype != want.dtype || !slices.Equal(g.Shape, want.shape) {
			t.Errorf("%s: numpy loads dtype %s shape %v, want %s %v", name, g.Dtype, g.Shape, want.dtype, want.shape)
			continue
		}
		if !slices.Equal(g.Values, want.values) {
			t.Errorf("%s: numpy loads values that differ:\ngot  %.200v\nwant %.200v", name, g.Values, want.values)
		}
	}
}

// pyRepr formats x as Python's repr does for the values used in tests.
func pyRepr(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if e := strings.IndexByte(s, 'e'); e >= 0 {
		exp, _ := strconv.Atoi(s[e+1:])
		if exp >= -4 && exp < 16 {
			s = strconv.FormatFloat(x, 'f', -1, 64)
		} else if exp > 0 {
			s = s[:e] + "e+" + fmt.Sprintf("%02d", exp)
		} else {
			s = s[:e] + "e-" + fmt.Sprintf("%02d", -exp)
		}
	}
	if !strings.ContainsAny(s, ".eni") {
		s += ".0"
	}
	return s
}

func randomTraces(rng *rand.Rand, neurons []int, steps int) *Traces {
	tr := newTraces(neurons, steps)
	for range steps * len(neurons) {
		tr.V = append(tr.V, -80+110*rng.Float64())
		tr.U = append(tr.U, -20+rng.NormFloat64()*5)
		tr.I = append(tr.I, rng.NormFloat64()*10)
	}
	return tr
}

// Traces' .npy files are what np.save writes for the same array.
func TestTracesNPYMatchesNumPy(t *testing.T) {
	const script = `
import io, json, sys
import numpy as np
out = []
for rows, cols, vals in json.loads(sys.stdin.read()):
    x = np.array([float(s) for s in vals], dtype=np.float64).reshape(rows, cols)
    g = io.BytesIO()
    np.save(g, x)
    out.append(g.getvalue().hex())
json.dump(out, sys.stdout)
`
	rng := rand.New(rand.NewPCG(5, 6))
	var traces []*Traces
	var in []any
	for _, tc := range []struct {
		neurons []int
		steps   int
	}{{[]int{0}, 1}, {[]int{3, 1, 4}, 20}, {[]int{0, 1}, 0}} {
		tr := randomTraces(rng, tc.neurons, tc.steps)
		if len(tr.V) > 2 {
			tr.V[0], tr.V[1], tr.V[2] = math.Copysign(0, -1), 5e-324, math.MaxFloat64
		}
		vals := make([]string, len(tr.V))
		for k, x := range tr.V {
			vals[k] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		traces = append(traces, tr)
		in = append(in, []any{tc.steps, len(tc.neurons), vals})
	}
	js, _ := json.Marshal(in)
	var out []string
	if err := json.Unmarshal(testenv.RunPython(t, js, script), &out); err != nil {
		t.Fatal(err)
	}
	for k, tr := range traces {
		var b bytes.Buffer
		if err := tr.WriteNPY(&b, "v"); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", b.Bytes()); got != out[k] {
			t.Errorf("%d steps × %d neurons: .npy differs from np.save:\ngot  %q\nwant %.300s", tr.Samples, len(tr.Neurons), firstBytes(b.Bytes()), out[k])
		}
	}
}

func TestSpikesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 10, 1000} {
		s := randomSpikes(rng, n)
		var csv, npy bytes.Buffer
		if err := s.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteNPY(&npy); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadSpikesCSV(&csv); err != nil || !slices.Equal(got, s) {
			t.Errorf("%d spikes: CSV round trip gives %d spikes, error %v", n, len(got), err)
		}
		if npy.Len()%64 != 0 && n == 0 {
			t.Errorf("empty .npy is %d bytes, want the 64-byte-aligned header only", npy.Len())
		}
		if got, err := ReadSpikesNPY(&npy); err != nil || !slices.Equal(got, s) {
			t.Errorf("%d spikes: .npy round trip gives %d spikes, error %v", n, len(got), err)
		}
	}
}

func TestReadSpikesCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     Spikes
	}{
		{"ours", "t,neuron\n0,5\n1,7\n", Spikes{{0, 5}, {1, 7}}},
		{"no header", "0,5\n1,7\n", Spikes{{0, 5}, {1, 7}}},
		{"savetxt comment header", "# t,neuron\n0,5\n", Spikes{{0, 5}}},
		{"CRLF and blank lines", "t,neuron\r\n\r\n0,5\r\n1, 7\r\n\n", Spikes{{0, 5}, {1, 7}}},
		{"savetxt default float format", "0.000000000000000000e+00,5.000000000000000000e+00\n", Spikes{{0, 5}}},
		{"no final newline", "t,neuron\n3,4", Spikes{{3, 4}}},
		{"sorted on reading", "5,1\n0,9\n5,0\n0,2\n", Spikes{{0, 2}, {0, 9}, {5, 0}, {5, 1}}},
		{"header only", "t,neuron\n", nil},
		{"empty", "", nil},
	} {
		got, err := ReadSpikesCSV(strings.NewReader(tc.in))
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: ReadSpikesCSV(%q) = %v, %v; want %v", tc.name, tc.in, got, err, tc.want)
		}
	}
}

func TestReadSpikesCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		in, err string
	}{
		{"t,neuron\n0,5\n1\n", `line 3: "1": want two comma-separated integers t,neuron`},
		{"t,neuron\n0,5,3\n", `line 2: "0,5,3": want two comma-separated`},
		{"t,neuron\n0,5\n\n-1,3\n", `line 4: time "-1": out of range`},
		{"0,x\n", `line 1: neuron "x": not an integer`},
		{"0,1.5\n", `line 1: neuron "1.5": not an integer`},
		{"0,\n", `line 1: neuron "": empty`},
		{"t,neuron\nt,neuron\n", `line 2: time "t": not an integer`},
		{"0,99999999999\n", `line 1: neuron "99999999999": out of range`},
		{"0,NaN\n", `line 1: neuron "NaN": not an integer`},
		{"0,1e300\n", `line 1: neuron "1e300": out of range`},
		{"time,neuron\n", `line 1: time "time": not an integer`},
	} {
		_, err := ReadSpikesCSV(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ReadSpikesCSV(%q): error %v, want one containing %q", tc.in, err, tc.err)
		}
	}
}

func TestReadSpikesNPYErrors(t *testing.T) {
	// ReadSpikesNPY wants an (n, 2) integer array.
	var b bytes.Buffer
	tr := randomTraces(rand.New(rand.NewPCG(1, 1)), []int{0, 1}, 3)
	tr.WriteNPY(&b, "v")
	if _, err := ReadSpikesNPY(&b); err == nil || !strings.Contains(err.Error(), "float array of shape [3 2]: want an (n, 2) integer array") {
		t.Errorf("ReadSpikesNPY of a float array: error %v", err)
	}
	b.Reset()
	npy.WriteInts(&b, []int{1, -2})
	if _, err := ReadSpikesNPY(&b); err == nil || !strings.Contains(err.Error(), "integer array of shape [2]") {
		t.Errorf("ReadSpikesNPY of a 1-D array: error %v", err)
	}
	b.Reset()
	Spikes{{1, 2}, {3, -4}}.WriteNPY(&b)
	if _, err := ReadSpikesNPY(&b); err == nil || !strings.Contains(err.Error(), "row 1 [3, -4]: time and neuron must be non-negative") {
		t.Errorf("ReadSpikesNPY with a negative neuron: error %v", err)
	}
}

func TestTracesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	tr := randomTraces(rng, []int{5, 0, 17}, 40)
	// Values that must survive exactly.
	tr.V[0], tr.V[1], tr.U[2], tr.I[3] = math.Copysign(0, -1), 5e-324, math.MaxFloat64, 1.0/3
	for _, v := range []string{"v", "u", "I", "i"} {
		var b bytes.Buffer
		if err := tr.WriteNPY(&b, v); err != nil {
			t.Fatal(err)
		}
		a, err := npy.Read(&b)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := tr.variable(v)
		if !slices.Equal(a.Shape, []int{40, 3}) || !sameBits(a.Float, want) {
			t.Errorf("%s: .npy round trip gives shape %v and different values", v, a.Shape)
		}
	}

	var b bytes.Buffer
	if err := tr.WriteCSVFrom(&b, 100); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != TracesCSVHeader || len(lines) != 1+40*3 {
		t.Fatalf("traces CSV: header %q and %d lines, want %q and %d", lines[0], len(lines), TracesCSVHeader, 1+40*3)
	}
	for k, line := range lines[1:] {
		f := strings.Split(line, ",")
		step, i := k/3, k%3
		vals := make([]float64, 3)
		for j := range vals {
			vals[j], _ = strconv.ParseFloat(f[2+j], 64)
		}
		want := []float64{tr.V[k], tr.U[k], tr.I[k]}
		if len(f) != 5 || f[0] != strconv.Itoa(100+step) || f[1] != strconv.Itoa(tr.Neurons[i]) || !sameBits(vals, want) {
			t.Fatalf("traces CSV line %d: %q, want t=%d neuron=%d values %v", k+2, line, 100+step, tr.Neurons[i], want)
		}
	}
	var b0 bytes.Buffer
	if err := tr.WriteCSV(&b0); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b0.String(), TracesCSVHeader+"\n0,5,") {
		t.Errorf("WriteCSV starts %q, want t counted from 0", firstBytes(b0.Bytes()))
	}
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func TestTracesErrors(t *testing.T) {
	tr := randomTraces(rand.New(rand.NewPCG(1, 2)), []int{0, 1}, 5)
	var b bytes.Buffer
	if err := tr.WriteNPY(&b, "w"); err == nil || !strings.Contains(err.Error(), `unknown trace variable "w": the traces hold v, u, I`) {
		t.Errorf("WriteNPY(w): error %v", err)
	}
	tr.U = tr.U[:7]
	if err := tr.WriteNPY(&b, "u"); err == nil || !strings.Contains(err.Error(), "trace u holds 7 values, want Samples·len(Neurons) = 5·2 = 10") {
		t.Errorf("WriteNPY of a short trace: error %v", err)
	}
	if err := tr.WriteCSV(&b); err == nil || !strings.Contains(err.Error(), "trace u holds 7 values") {
		t.Errorf("WriteCSV of a short trace: error %v", err)
	}
}

// failWriter fails once more than n bytes were written.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWritersReportErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	s := randomSpikes(rng, 20000)
	tr := randomTraces(rng, []int{1, 2, 3}, 5000)
	for name, write := range map[string]func(io.Writer) error{
		"Spikes.WriteCSV": s.WriteCSV,
		"Spikes.WriteNPY": s.WriteNPY,
		"Traces.WriteCSV": tr.WriteCSV,
		"Traces.WriteNPY": func(w io.Writer) error { return tr.WriteNPY(w, "v") },
	} {
		for _, n := range []int{0, 100, 100000} {
			if err := write(&failWriter{n}); !errors.Is(err, errDiskFull) {
				t.Errorf("%s failing after %d bytes: error %v, want %v", name, n, err, errDiskFull)
			}
		}
	}
}

// dirEntries lists the names in dir, sorted (fs.Glob's "*" matches every
// name, hidden temporary files too).
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	names, err := fs.Glob(os.DirFS(dir), "*")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spikes.csv")
	s := Spikes{{0, 1}, {2, 3}}
	if err := WriteFile(path, s.WriteCSV); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "t,neuron\n0,1\n2,3\n" {
		t.Fatalf("file holds %q, %v", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"spikes.csv"}) {
		t.Errorf("directory holds %v, want only spikes.csv", got)
	}

	// Replacing keeps the file's permissions.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, Spikes{{5, 5}}.WriteCSV); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	if fi, _ := os.Stat(path); string(b) != "t,neuron\n5,5\n" || fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file holds %q with mode %v, want the new spikes and mode 0600", b, fi.Mode().Perm())
	}
}

func TestWriteFileFailureLeavesNothing(t *testing.T) {
	errMidway := errors.New("midway")
	big := randomSpikes(rand.New(rand.NewPCG(1, 1)), 100000)
	failing := func(w io.Writer) error {
		if err := big.WriteCSV(w); err != nil { // more than the buffer: reaches the disk
			return err
		}
		return errMidway
	}
	panicking := func(w io.Writer) error {
		big.WriteCSV(w)
		panic("bug in write")
	}
	for _, tc := range []struct {
		name     string
		existing bool
		write    func(io.Writer) error
	}{
		{"error, new file", false, failing},
		{"error, existing file", true, failing},
		{"panic, new file", false, panicking},
		{"panic, existing file", true, panicking},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.npy")
			if tc.existing {
				if err := os.WriteFile(path, []byte("old contents"), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			panicked := func() (p any) {
				defer func() { p = recover() }()
				err = WriteFile(path, tc.write)
				return nil
			}()
			if panicked == nil && !errors.Is(err, errMidway) {
				t.Errorf("WriteFile: error %v, panic %v; want the write function's error or panic passed on", err, panicked)
			}
			if panicked == nil && !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			want := []string(nil)
			if tc.existing {
				want = []string{"out.npy"}
				b, _ := os.ReadFile(path)
				fi, _ := os.Stat(path)
				if string(b) != "old contents" || fi.Mode().Perm() != 0o640 {
					t.Errorf("existing file now holds %q mode %v, want it untouched", firstBytes(b), fi.Mode().Perm())
				}
			}
			if got := dirEntries(t, dir); !slices.Equal(got, want) {
				t.Errorf("directory holds %v, want %v (no temporary files)", got, want)
			}
		})
	}
}

func TestWriteFileBadPath(t *testing.T) {
	dir := t.TempDir()
	write := Spikes{{1, 1}}.WriteCSV
	for _, tc := range []struct {
		path, err string
	}{
		{"", "empty path"},
		{dir, "it is a directory"},
		{filepath.Join(dir, "missing", "x.csv"), "no such file or directory"},
	} {
		if err := WriteFile(tc.path, write); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("WriteFile(%q): error %v, want one containing %q", tc.path, err, tc.err)
		}
	}
	if err := WriteFile(filepath.Join(dir, "x"), nil); err == nil {
		t.Error("WriteFile with a nil write function: no error")
	}
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %v after failed writes, want nothing", got)
	}
	if os.Getuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := WriteFile(filepath.Join(ro, "x.csv"), write); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("WriteFile in a read-only directory: error %v", err)
		}
	}
}

func TestSave(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	dir := filepath.Join(t.TempDir(), "a", "b")
	r := &Result{Steps: 30, N: 10, Spikes: randomSpikes(rng, 40)}
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"spikes.csv", "spikes.npy"}) {
		t.Errorf("Save without traces wrote %v", got)
	}
	r.Traces = randomTraces(rng, []int{3, 4}, 30)
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	want := []string{"I.npy", "neurons.npy", "spikes.csv", "spikes.npy", "t.npy", "u.npy", "v.npy"}
	if got := dirEntries(t, dir); !slices.Equal(got, want) {
		t.Errorf("Save with traces wrote %v, want %v", got, want)
	}
	f, _ := os.Open(filepath.Join(dir, "spikes.csv"))
	defer f.Close()
	if s, err := ReadSpikesCSV(f); err != nil || !slices.Equal(s, r.Spikes) {
		t.Errorf("spikes.csv reads back %d spikes, %v", len(s), err)
	}
	// A traces file that cannot be written is an error naming it.
	r.Traces.I = r.Traces.I[:5]
	if err := r.Save(dir); err == nil || !strings.Contains(err.Error(), "I.npy") {
		t.Errorf("Save with a broken I trace: error %v", err)
	}
	// A directory that cannot be made.
	if err := r.Save(filepath.Join(dir, "spikes.csv", "sub")); err == nil {
		t.Error("Save below a file: no error")
	}
}

func BenchmarkSpikesWriteCSV(b *testing.B) {
	s := randomSpikes(rand.New(rand.NewPCG(1, 1)), 7648)
	for b.Loop() {
		s.WriteCSV(io.Discard)
	}
}

// A corrupt file gives an error, never a panic or a huge allocation; what
// reads back writes and reads back the same.
func FuzzReadSpikesCSV(f *testing.F) {
	for _, s := range []string{"t,neuron\n0,5\n1,7\n", "# t,neuron\r\n3,4", "0,1.5\n", "1e3,2\n", "\n\n,\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ReadSpikesCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := s.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		again, err := ReadSpikesCSV(&b)
		if err != nil || !slices.Equal(again, s) {
			t.Fatalf("%q reads as %v, which writes and reads back as %v, %v", in, s, again, err)
		}
	})
}
