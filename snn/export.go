package snn

import (
	"bufio"
	"bytes"
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
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(SpikesCSVHeader + "\n")
	var line []byte
	for _, sp := range s {
		line = strconv.AppendInt(line[:0], int64(sp.T), 10)
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
	writeNPYHeader(bw, "<i8", len(s), 2, true)
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

// writeNPYHeader writes the magic string, version 1.0 and the header of a
// C-ordered array of shape (rows, cols), or (rows,) when twoD is false,
// laid out exactly as NumPy's np.save does: the header dictionary, spaces
// left for the first dimension to grow to 21 digits, then spaces and a
// newline up to a multiple of 64 bytes.
func writeNPYHeader(w io.Writer, descr string, rows, cols int, twoD bool) error {
	shape := fmt.Sprintf("(%d,)", rows)
	if twoD {
		shape = fmt.Sprintf("(%d, %d)", rows, cols)
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
	h += strings.Repeat(" ", max(0, 21-len(strconv.Itoa(rows))))
	const prefix = 6 + 2 + 2 // magic, version, header length
	hlen := len(h) + 1
	pad := 64 - (prefix+hlen)%64
	if hlen+pad > math.MaxUint16 {
		return errors.New("npy header too long")
	}
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(hlen+pad))
	buf.WriteString(h)
	buf.WriteString(strings.Repeat(" ", pad))
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
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
		return nil, fmt.Errorf("unknown trace variable %q: valid variables are v, u and I", name)
	}
	if tr.Every < 0 || tr.First < 0 {
		return nil, fmt.Errorf("traces sampled every %d steps from step %d: Every and First must be at least 0 (Every 0 means 1)", tr.Every, tr.First)
	}
	if want := tr.Steps * len(tr.Neurons); len(x) != want {
		return nil, fmt.Errorf("trace %s holds %d values, want Steps·len(Neurons) = %d·%d = %d", name, len(x), tr.Steps, len(tr.Neurons), want)
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
// runs. neuron is the network index; v, u and I are written in the
// shortest form that reads back to the same float64 (strconv's 'g'
// format, precision −1).
func (tr *Traces) WriteCSV(w io.Writer) error { return tr.WriteCSVFrom(w, 0) }

// WriteCSVFrom is [Traces.WriteCSV] with t = start + Step(k) for sample k.
func (tr *Traces) WriteCSVFrom(w io.Writer, start int) error {
	vars := make([][]float64, 3)
	for k, name := range []string{"v", "u", "I"} {
		x, err := tr.variable(name)
		if err != nil {
			return fmt.Errorf("write traces CSV: %w", err)
		}
		vars[k] = x
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(TracesCSVHeader + "\n")
	n := len(tr.Neurons)
	var line []byte
	for s := range tr.Steps {
		t := start + tr.Step(s)
		for k, i := range tr.Neurons {
			line = strconv.AppendInt(line[:0], int64(t), 10)
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

// WriteNPY writes one traced variable, "v", "u" or "I", as a NumPy .npy
// file (version 1.0): a C-ordered (Steps, len(Neurons)) array of
// little-endian float64 ('<f8'), row k holding the traced neurons' values
// of sample k (at the end of step [Traces.Step](k) of the run), in the
// order of Neurons. This is the layout of the tutorial's recorded arrays
// (one row per time step, when every step is recorded).
func (tr *Traces) WriteNPY(w io.Writer, variable string) error {
	x, err := tr.variable(variable)
	if err != nil {
		return fmt.Errorf("write traces .npy: %w", err)
	}
	return writeFloatNPY(w, x, tr.Steps, len(tr.Neurons), true)
}

func writeFloatNPY(w io.Writer, x []float64, rows, cols int, twoD bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	writeNPYHeader(bw, "<f8", rows, cols, twoD)
	var b [8]byte
	for _, v := range x {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		if _, err := bw.Write(b[:]); err != nil {
			return fmt.Errorf("write .npy: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write .npy: %w", err)
	}
	return nil
}

func writeIntNPY(w io.Writer, x []int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	writeNPYHeader(bw, "<i8", len(x), 0, false)
	var b [8]byte
	for _, v := range x {
		binary.LittleEndian.PutUint64(b[:], uint64(int64(v)))
		if _, err := bw.Write(b[:]); err != nil {
			return fmt.Errorf("write .npy: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write .npy: %w", err)
	}
	return nil
}

// Save writes the run into directory dir, creating it if needed, in the
// formats NumPy users load directly:
//
//	spikes.csv   t,neuron rows ([Spikes.WriteCSV])
//	spikes.npy   (n, 2) int64 array of [t, neuron] rows ([Spikes.WriteNPY])
//
// and, when neurons were traced,
//
//	v.npy, u.npy, I.npy   (Steps, k) float64 arrays ([Traces.WriteNPY])
//	neurons.npy           (k,) int64 array: the network index of each column
//	t.npy                 (Steps,) int64 array: the network step of each row
//	                      (Start + Traces.Step(k))
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
	if tr := r.Traces; tr != nil {
		for _, v := range []string{"v", "u", "I"} {
			files = append(files, file{v + ".npy", func(w io.Writer) error { return tr.WriteNPY(w, v) }})
		}
		steps := make([]int, tr.Steps)
		for k := range steps {
			steps[k] = r.Start + tr.Step(k)
		}
		files = append(files,
			file{"neurons.npy", func(w io.Writer) error { return writeIntNPY(w, tr.Neurons) }},
			file{"t.npy", func(w io.Writer) error { return writeIntNPY(w, steps) }})
	}
	for _, f := range files {
		if err := WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return fmt.Errorf("save run: %w", err)
		}
	}
	return nil
}

// An NPY is an array read from a NumPy .npy file by [ReadNPY]: its shape
// and its values in C (row-major) order, in Int for integer arrays or in
// Float for floating-point ones (the other is nil).
type NPY struct {
	Shape []int
	Int   []int64
	Float []float64
}

// ReadNPY reads a NumPy .npy file (format versions 1.0, 2.0 and 3.0)
// holding a 1-D or 2-D array of 64-bit integers or floats ('<i8', '<f8',
// or their big-endian forms '>i8', '>f8'). A Fortran-ordered array is
// returned in C order.
func ReadNPY(r io.Reader) (*NPY, error) {
	br := bufio.NewReader(r)
	var magic [8]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("read .npy: %w", noEOF(err))
	}
	if string(magic[:6]) != "\x93NUMPY" {
		return nil, errors.New("read .npy: not a NumPy .npy file (no \\x93NUMPY magic string)")
	}
	var hlen int
	switch magic[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("read .npy: %w", noEOF(err))
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("read .npy: %w", noEOF(err))
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
		if hlen > 1<<20 {
			return nil, fmt.Errorf("read .npy: header of %d bytes: too long", hlen)
		}
	default:
		return nil, fmt.Errorf("read .npy: format version %d.%d: versions 1.0, 2.0 and 3.0 are supported", magic[6], magic[7])
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, fmt.Errorf("read .npy header: %w", noEOF(err))
	}
	descr, fortran, shape, err := parseNPYHeader(string(hb))
	if err != nil {
		return nil, fmt.Errorf("read .npy header %q: %w", strings.TrimSpace(string(hb)), err)
	}
	var order binary.ByteOrder
	switch descr {
	case "<i8", "<f8":
		order = binary.LittleEndian
	case ">i8", ">f8":
		order = binary.BigEndian
	default:
		return nil, fmt.Errorf("read .npy: dtype %q: only 64-bit integers and floats ('<i8', '<f8') are supported", descr)
	}
	if len(shape) < 1 || len(shape) > 2 {
		return nil, fmt.Errorf("read .npy: array of %d dimensions %v: only 1-D and 2-D arrays are supported", len(shape), shape)
	}
	n := 1
	for _, d := range shape {
		if d < 0 || (d > 0 && n > (1<<40)/d) {
			return nil, fmt.Errorf("read .npy: shape %v: too large", shape)
		}
		n *= d
	}
	// The header's shape is not trusted for the allocation: a truncated or
	// corrupt file must give an error, not exhaust memory.
	raw := make([]uint64, 0, min(n, 1<<16))
	var b [8]byte
	for i := range n {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("read .npy: data ends after %d of %d values: %w", i, n, noEOF(err))
		}
		raw = append(raw, order.Uint64(b[:]))
	}
	if fortran && len(shape) == 2 {
		rows, cols := shape[0], shape[1]
		c := make([]uint64, n)
		for j := range cols {
			for i := range rows {
				c[i*cols+j] = raw[j*rows+i]
			}
		}
		raw = c
	}
	a := &NPY{Shape: shape}
	if descr[1] == 'i' {
		a.Int = make([]int64, n)
		for i, x := range raw {
			a.Int[i] = int64(x)
		}
	} else {
		a.Float = make([]float64, n)
		for i, x := range raw {
			a.Float[i] = math.Float64frombits(x)
		}
	}
	return a, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// parseNPYHeader reads the three keys of an .npy header dictionary, e.g.
// {'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	h = strings.TrimSpace(h)
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return "", false, nil, errors.New("not a Python dictionary")
	}
	value := func(key string) (string, error) {
		i := strings.Index(h, "'"+key+"'")
		if i < 0 {
			i = strings.Index(h, `"`+key+`"`)
		}
		if i < 0 {
			return "", fmt.Errorf("no %q key", key)
		}
		rest := strings.TrimSpace(h[i+len(key)+2:])
		rest, ok := strings.CutPrefix(rest, ":")
		if !ok {
			return "", fmt.Errorf("no ':' after %q", key)
		}
		return strings.TrimSpace(rest), nil
	}
	v, err := value("descr")
	if err != nil {
		return "", false, nil, err
	}
	if len(v) < 2 || (v[0] != '\'' && v[0] != '"') {
		return "", false, nil, errors.New("descr is not a string")
	}
	end := strings.IndexByte(v[1:], v[0])
	if end < 0 {
		return "", false, nil, errors.New("descr string not closed")
	}
	descr = v[1 : 1+end]
	if descr == "|i8" || descr == "=i8" {
		descr = "<i8"
	}
	v, err = value("fortran_order")
	if err != nil {
		return "", false, nil, err
	}
	switch {
	case strings.HasPrefix(v, "True"):
		fortran = true
	case strings.HasPrefix(v, "False"):
	default:
		return "", false, nil, errors.New("fortran_order is neither True nor False")
	}
	v, err = value("shape")
	if err != nil {
		return "", false, nil, err
	}
	if !strings.HasPrefix(v, "(") {
		return "", false, nil, errors.New("shape is not a tuple")
	}
	end = strings.IndexByte(v, ')')
	if end < 0 {
		return "", false, nil, errors.New("shape tuple not closed")
	}
	for _, f := range strings.Split(v[1:end], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		f = strings.TrimSuffix(f, "L")
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 {
			return "", false, nil, fmt.Errorf("shape dimension %q is not a non-negative integer", f)
		}
		shape = append(shape, d)
	}
	return descr, fortran, shape, nil
}

// ReadSpikesNPY reads spikes from a .npy file holding an (n, 2) integer
// array of [t, neuron] rows, as [Spikes.WriteNPY] and np.save write it.
// The spikes are returned ordered by time, then neuron.
func ReadSpikesNPY(r io.Reader) (Spikes, error) {
	a, err := ReadNPY(r)
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
