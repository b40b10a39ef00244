package snn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/internal/outfs"
	"github.com/gosnn/gosnn/snn/npy"
)

// This file writes and reads spikes and traces as CSV and as NumPy .npy
// files, in the layouts the tutorial's Python code produces and reads.

// SpikesCSVHeader is the header line of a spikes CSV file.
const SpikesCSVHeader = "t,neuron"

// WriteCSV writes the spikes as CSV: the header line "t,neuron", then one
// line "t,neuron" per spike with the step and the neuron index as integers,
// each line ending in "\n". The bytes are exactly those of NumPy's
//
//	np.savetxt(f, firings, fmt="%d", delimiter=",", header="t,neuron", comments="")
//
// for the tutorial's array of firings.
func (s Spikes) WriteCSV(w io.Writer) error {
	return writeSpikesCSV(w, SpikesCSVHeader, s, func(line []byte, sp Spike) []byte {
		return strconv.AppendInt(line, int64(sp.T), 10)
	})
}

// writeSpikesCSV writes header and one line "time,neuron" per spike, its
// time written by appendTime.
func writeSpikesCSV(w io.Writer, header string, spikes Spikes, appendTime func([]byte, Spike) []byte) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(header + "\n")
	var line []byte
	for _, sp := range spikes {
		line = appendTime(line[:0], sp)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(sp.Neuron), 10)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("write spikes CSV: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write spikes CSV: %w", err)
	}
	return nil
}

// TimedSpikesCSVHeader is the header line of a spikes CSV file whose
// times are in ms ([TimedSpikes.WriteCSV]), as PyNN runs exported by
// gosnn write them.
const TimedSpikesCSVHeader = "t_ms,neuron"

// WriteCSV writes the spikes as CSV with their times in ms: the header
// "t_ms,neuron", then one line per spike, its time T·DT (rounded to
// 1e-9 ms, in its shortest form) and its neuron index.
func (s TimedSpikes) WriteCSV(w io.Writer) error {
	return writeSpikesCSV(w, TimedSpikesCSVHeader, s.Spikes, func(line []byte, sp Spike) []byte {
		return appendMs(line, sp.Time(s.DT))
	})
}

// ReadSpikesCSV reads spikes written by [Spikes.WriteCSV] or by np.savetxt:
// an optional header line "t,neuron" (also "# t,neuron", np.savetxt's
// default comment prefix), then one "t,neuron" line per spike. Both
// numbers must be non-negative integers; integral floating-point numbers
// such as "3.000000000000000000e+00" (np.savetxt's default format) are
// accepted. Blank lines are skipped and "\r\n" line ends accepted. The
// spikes are returned ordered by time, then neuron, as [Spikes] requires.
// A bad line gives an error that names its line number.
func ReadSpikesCSV(r io.Reader) (Spikes, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var s Spikes
	line := 0
	first := true // the first non-blank line may be the header
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if first {
			first = false
			h := strings.ReplaceAll(strings.TrimPrefix(text, "#"), " ", "")
			if h == SpikesCSVHeader {
				continue
			}
		}
		a, b, ok := strings.Cut(text, ",")
		if !ok || strings.Contains(b, ",") {
			return nil, fmt.Errorf("spikes CSV line %d: %q: want two comma-separated integers t,neuron", line, text)
		}
		t, err := parseCount(a)
		if err != nil {
			return nil, fmt.Errorf("spikes CSV line %d: time %q: %v", line, strings.TrimSpace(a), err)
		}
		n, err := parseCount(b)
		if err != nil {
			return nil, fmt.Errorf("spikes CSV line %d: neuron %q: %v", line, strings.TrimSpace(b), err)
		}
		s = append(s, Spike{T: t, Neuron: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("spikes CSV line %d: %w", line+1, err)
	}
	sortSpikes(s)
	return s, nil
}

// parseCount parses a non-negative integer, also written as an integral
// float.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty: want a non-negative integer")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.IsInf(f, 0) {
			return 0, errors.New("not an integer: want a non-negative integer")
		}
		if f < 0 || f > math.MaxInt32 {
			return 0, errors.New("out of range: want a non-negative integer below 2³¹")
		}
		n = int64(f)
	}
	if n < 0 || n > math.MaxInt32 {
		return 0, errors.New("out of range: want a non-negative integer below 2³¹")
	}
	return int(n), nil
}

// sortSpikes orders spikes by time, then neuron, if they are not already.
func sortSpikes(s Spikes) {
	cmp := func(a, b Spike) int {
		if a.T != b.T {
			return a.T - b.T
		}
		return a.Neuron - b.Neuron
	}
	if !slices.IsSortedFunc(s, cmp) {
		slices.SortStableFunc(s, cmp)
	}
}

// WriteNPY writes the spikes as a NumPy .npy file (format version 1.0)
// holding an (n, 2) array of little-endian 64-bit integers ('<i8'), one
// row [t, neuron] per spike: what np.save writes for the tutorial's
// firings array, byte for byte. np.load reads it back.
func (s Spikes) WriteNPY(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := npy.WriteHeader(bw, npy.Int64, len(s), 2); err != nil {
		return fmt.Errorf("write spikes .npy: %w", err)
	}
	var b [16]byte
	for _, sp := range s {
		binary.LittleEndian.PutUint64(b[:8], uint64(int64(sp.T)))
		binary.LittleEndian.PutUint64(b[8:], uint64(int64(sp.Neuron)))
		if _, err := bw.Write(b[:]); err != nil {
			return fmt.Errorf("write spikes .npy: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write spikes .npy: %w", err)
	}
	return nil
}

// variable returns the trace of variable name: "v", "u" or "I" ("i" is
// accepted too).
func (tr *Traces) variable(name string) ([]float64, error) {
	var x []float64
	switch name {
	case "v", "V":
		x = tr.V
	case "u", "U":
		x = tr.U
	case "I", "i":
		x = tr.I
	default:
		k := slices.Index(tr.Names, name)
		if k < 0 || k >= len(tr.Values) {
			return nil, fmt.Errorf("unknown trace variable %q: the traces hold %s", name, strings.Join(append([]string{"v", "u", "I"}, tr.Names...), ", "))
		}
		x = tr.Values[k]
	}
	if tr.Every < 0 || tr.First < 0 {
		return nil, fmt.Errorf("traces sampled every %d steps from step %d: Every and First must be at least 0 (Every 0 means 1)", tr.Every, tr.First)
	}
	if want := tr.Samples * len(tr.Neurons); len(x) != want {
		return nil, fmt.Errorf("trace %s holds %d values, want Samples·len(Neurons) = %d·%d = %d", name, len(x), tr.Samples, len(tr.Neurons), want)
	}
	return x, nil
}

// TracesCSVHeader is the header line of a traces CSV file.
const TracesCSVHeader = "t,neuron,v,u,I"

// WriteCSV writes the traces as CSV in long format: the header line
// "t,neuron,v,u,I", then one line per sample and traced neuron,
// sample-major (all traced neurons of the first sample, then of the
// second, …). t is the step of the sample counted from the start of the
// run ([Traces.Step]), which is the network's step for a first run;
// [Traces.WriteCSVFrom] adds an offset (pass [Result.Start]) for later
// runs. Recorded variables (Names) are not in it: [Traces.WriteNPY]
// writes each. neuron is the network index; v, u and I are written in the
// shortest form that reads back to the same float64 (strconv's 'g'
// format, precision −1).
func (tr *Traces) WriteCSV(w io.Writer) error { return tr.WriteCSVFrom(w, 0) }

// WriteCSVFrom is [Traces.WriteCSV] with t = start + Step(k) for sample k.
func (tr *Traces) WriteCSVFrom(w io.Writer, start int) error {
	return tr.writeCSV(w, TracesCSVHeader, func(s int) []byte {
		return strconv.AppendInt(nil, int64(start+tr.Step(s)), 10)
	})
}

// TimedTracesCSVHeader is the header line of a traces CSV file whose
// times are in ms ([Traces.WriteCSVMs]).
const TimedTracesCSVHeader = "t_ms,neuron,v,u,I"

// WriteCSVMs is [Traces.WriteCSVFrom] for a network whose step is dt ms:
// the header "t_ms,neuron,v,u,I", and t the start of the sample's step
// in ms, (start + Step(k))·dt (rounded to 1e-9 ms so that 0.1·3 reads
// 0.3); at dt = 1 those are the steps of WriteCSVFrom. The values are
// those at the end of that step.
func (tr *Traces) WriteCSVMs(w io.Writer, start int, dt float64) error {
	return tr.writeCSV(w, TimedTracesCSVHeader, func(s int) []byte {
		return appendMs(nil, float64(start+tr.Step(s))*dt)
	})
}

// appendMs appends a time in ms, rounded to 1e-9 ms, in its shortest form.
func appendMs(b []byte, ms float64) []byte {
	return strconv.AppendFloat(b, math.Round(ms*1e9)/1e9, 'g', -1, 64)
}

// writeCSV writes the traces with header and the time column of sample s
// that time gives.
func (tr *Traces) writeCSV(w io.Writer, header string, time func(s int) []byte) error {
	vars := make([][]float64, 3)
	for k, name := range []string{"v", "u", "I"} {
		x, err := tr.variable(name)
		if err != nil {
			return fmt.Errorf("write traces CSV: %w", err)
		}
		vars[k] = x
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(header + "\n")
	n := len(tr.Neurons)
	var line []byte
	for s := range tr.Samples {
		t := time(s)
		for k, i := range tr.Neurons {
			line = append(line[:0], t...)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(i), 10)
			for _, x := range vars {
				line = append(line, ',')
				line = strconv.AppendFloat(line, x[s*n+k], 'g', -1, 64)
			}
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("write traces CSV: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write traces CSV: %w", err)
	}
	return nil
}

// WriteNPY writes one traced variable, "v", "u", "I" or one of Names, as a NumPy .npy
// file (version 1.0): a C-ordered (Samples, len(Neurons)) array of
// little-endian float64 ('<f8'), row k holding the traced neurons' values
// of sample k (at the end of step [Traces.Step](k) of the run), in the
// order of Neurons. This is the layout of the tutorial's recorded arrays
// (one row per time step, when every step is recorded).
func (tr *Traces) WriteNPY(w io.Writer, variable string) error {
	x, err := tr.variable(variable)
	if err != nil {
		return fmt.Errorf("write traces .npy: %w", err)
	}
	return npy.WriteFloats(w, x, tr.Samples, len(tr.Neurons))
}

// Save writes the run into directory dir, creating it if needed, in the
// formats NumPy users load directly:
//
//	spikes.csv   t,neuron rows ([Spikes.WriteCSV])
//	spikes.npy   (n, 2) int64 array of [t, neuron] rows ([Spikes.WriteNPY])
//
// and, when neurons were traced,
//
//	v.npy, u.npy, I.npy   (Samples, k) float64 arrays ([Traces.WriteNPY]),
//	                      and NAME.npy for every recorded variable NAME
//	                      (Traces.Names)
//	neurons.npy           (k,) int64 array: the network index of each column
//	t.npy                 (Samples,) int64 array: the network step of each row
//	                      (Start + Traces.Step(k))
//
// and for each recording k of RunOptions.Recordings (Result.Recorded),
// counted from 0,
//
//	recordingK_NAME.npy     (Samples, k) float64 array of variable NAME
//	recordingK_neurons.npy  (k,) int64 array: the network index of each column
//	recordingK_t.npy        (Samples,) int64 array: the network step of each row
//
// Times in these files are steps, which are ms at the default step of
// 1 ms. A run at another step dt also gets dt.npy, a (1, 1) float64 array
// holding dt in ms (a step t starts at t·dt ms), and its spikes.csv holds
// times in ms under the header t_ms,neuron ([TimedSpikes.WriteCSV]).
//
// Each file is written atomically ([WriteFile]); if one fails, the files
// written before it stay.
func (r *Result) Save(dir string) error {
	if err := outfs.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save run: %w", err)
	}
	type file struct {
		name  string
		write func(io.Writer) error
	}
	files := []file{
		{"spikes.csv", r.Spikes.WriteCSV},
		{"spikes.npy", r.Spikes.WriteNPY},
	}
	if dt := r.TimeStep(); dt != DefaultDT {
		files[0].write = r.Raster().WriteCSV
		files = append(files, file{"dt.npy", func(w io.Writer) error { return npy.WriteFloats(w, []float64{dt}, 1, 1) }})
	}
	if tr := r.Traces; tr != nil {
		for _, v := range append([]string{"v", "u", "I"}, tr.Names...) {
			files = append(files, file{v + ".npy", func(w io.Writer) error { return tr.WriteNPY(w, v) }})
		}
		steps := make([]int, tr.Samples)
		for k := range steps {
			steps[k] = r.Start + tr.Step(k)
		}
		files = append(files,
			file{"neurons.npy", func(w io.Writer) error { return npy.WriteInts(w, tr.Neurons) }},
			file{"t.npy", func(w io.Writer) error { return npy.WriteInts(w, steps) }})
	}
	for k, rec := range r.Recorded {
		if len(rec.Values) != rec.Samples*len(rec.Neurons) {
			return fmt.Errorf("save run: recording %d (%q): %d values for %d samples of %d neurons", k, rec.Variable, len(rec.Values), rec.Samples, len(rec.Neurons))
		}
		if !validVariableName(rec.Variable) {
			return fmt.Errorf("save run: recording %d: variable name %q cannot name a file", k, rec.Variable)
		}
		steps := make([]int, rec.Samples)
		for j := range steps {
			steps[j] = r.Start + rec.Step(j)
		}
		name := fmt.Sprintf("recording%d_", k)
		files = append(files,
			file{name + rec.Variable + ".npy", func(w io.Writer) error { return npy.WriteFloats(w, rec.Values, rec.Samples, len(rec.Neurons)) }},
			file{name + "neurons.npy", func(w io.Writer) error { return npy.WriteInts(w, rec.Neurons) }},
			file{name + "t.npy", func(w io.Writer) error { return npy.WriteInts(w, steps) }})
	}
	for _, f := range files {
		if err := WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return fmt.Errorf("save run: %w", err)
		}
	}
	return nil
}

// ReadSpikesNPY reads spikes from a .npy file holding an (n, 2) integer
// array of [t, neuron] rows, as [Spikes.WriteNPY] and np.save write it.
// The spikes are returned ordered by time, then neuron.
func ReadSpikesNPY(r io.Reader) (Spikes, error) {
	a, err := npy.Read(r)
	if err != nil {
		return nil, err
	}
	if a.Int == nil || len(a.Shape) != 2 || a.Shape[1] != 2 {
		kind := "integer"
		if a.Int == nil {
			kind = "float"
		}
		return nil, fmt.Errorf("read spikes .npy: %s array of shape %v: want an (n, 2) integer array of [t, neuron] rows", kind, a.Shape)
	}
	s := make(Spikes, a.Shape[0])
	for k := range s {
		t, n := a.Int[2*k], a.Int[2*k+1]
		if t < 0 || n < 0 || t > math.MaxInt32 || n > math.MaxInt32 {
			return nil, fmt.Errorf("read spikes .npy: row %d [%d, %d]: time and neuron must be non-negative integers below 2³¹", k, t, n)
		}
		s[k] = Spike{T: int(t), Neuron: int(n)}
	}
	sortSpikes(s)
	return s, nil
}
