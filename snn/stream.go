package snn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/internal/atomicfile"
	"github.com/gosnn/gosnn/internal/outfs"
	"github.com/gosnn/gosnn/snn/npy"
)

// Spike file formats of [CreateSpikeFile], chosen by the file's extension.
const (
	SpikeFormatCSV    = "csv" // "t,neuron" lines, as Spikes.WriteCSV
	SpikeFormatNPY    = "npy" // (n, 2) int64 array, as Spikes.WriteNPY
	SpikeFormatBinary = "spk" // compact binary, read by SpikeReader
)

// spkMagic starts every compact binary spike file.
const spkMagic = "GOSNNSPK\x01"

// SpikeWriter streams the spikes of a run to a file, so that a long run's
// memory does not grow with its spikes: pass it as [RunOptions].Spikes.
// The data go to a temporary file beside the destination; Close makes the
// complete file appear under its name, Abort removes it, so no
// half-written spike file is ever left under the destination's name.
// Spikes are written with their steps t, which are ms at the default step
// of 1 ms; at a step dt the time is t·dt ms ([Result.TimeStep]). A run
// tells the writer its step ([SpikeWriter.SetTimeStep]), and a .csv file
// of a run at another step than 1 ms holds times in ms under the header
// "t_ms,neuron", as [TimedSpikes.WriteCSV] writes them, so that its t is
// never a step read as ms; .npy and binary files keep the integer steps.
//
// Three formats are written, chosen by the extension of the path:
//   - .csv: the header "t,neuron", then one "t,neuron" line per spike, the
//     bytes of [Spikes.WriteCSV] (and of the tutorial's np.savetxt);
//   - .npy: an (n, 2) array of little-endian int64 [t, neuron] rows, the
//     bytes of [Spikes.WriteNPY] (np.load reads it);
//   - anything else (.spk is the convention): a compact binary format of
//     about 1–2 bytes per spike, read back by [SpikeReader]. After the
//     9-byte magic "GOSNNSPK\x01" come records, one per step with spikes:
//     uvarint(t − previous t) (the first previous t is −1), uvarint(number
//     of spikes), then the neuron indices as uvarints, the first as is and
//     each next one as the difference to the one before. The file ends
//     with uvarint(0) and uvarint(total spikes).
type SpikeWriter struct {
	path, format string
	f            *atomicfile.File
	w            *bufio.Writer
	count        int64
	last         int // last step written (binary)
	line         []byte
	done         bool
	dt           float64 // ms per step, for CSV times; 0 or 1: steps
	started      bool    // the CSV header is written
}

// SetTimeStep tells the writer the step of the network, dt ms, before any
// spike is written: a .csv file then holds times in ms under the header
// "t_ms,neuron" when dt is not 1 ms. [Network.Run] calls it.
func (sw *SpikeWriter) SetTimeStep(dt float64) error {
	if sw.started && dt != sw.dt && !(sw.dt == 0 && dt == DefaultDT) {
		return fmt.Errorf("spike file %s: the step is %g ms, but spikes were written at %g ms: use one file per network", sw.path, dt, max(sw.dt, DefaultDT))
	}
	if !(dt > 0) || !finite(dt) {
		return fmt.Errorf("spike file %s: step %g ms: must be a finite number > 0", sw.path, dt)
	}
	sw.dt = dt
	return nil
}

// inMs reports whether the file's times are in ms rather than steps.
func (sw *SpikeWriter) inMs() bool {
	return sw.format == SpikeFormatCSV && sw.dt != 0 && sw.dt != DefaultDT
}

// start writes the CSV header, once, as the step asks.
func (sw *SpikeWriter) start() {
	if sw.started || sw.format != SpikeFormatCSV {
		sw.started = true
		return
	}
	sw.started = true
	if sw.inMs() {
		sw.w.WriteString(TimedSpikesCSVHeader + "\n")
		return
	}
	sw.w.WriteString(SpikesCSVHeader + "\n")
}

// CreateSpikeFile starts streaming spikes to path.
func CreateSpikeFile(path string) (*SpikeWriter, error) {
	if path == "" {
		return nil, errors.New("spike file: empty path: give a file name ending in .csv, .npy or .spk")
	}
	format := SpikeFormatBinary
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		format = SpikeFormatCSV
	case ".npy":
		format = SpikeFormatNPY
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("spike file %s: %w", path, err)
	}
	sw := &SpikeWriter{path: path, format: format, f: f, w: bufio.NewWriterSize(f, 1<<16), last: -1}
	switch format {
	case SpikeFormatCSV:
		// The header waits for the step (SetTimeStep), until the first
		// spikes or Close.
	case SpikeFormatNPY:
		// The header leaves room for any count; Close rewrites it.
		err = npy.WriteHeader(sw.w, npy.Int64, 0, 2)
	default:
		_, err = sw.w.WriteString(spkMagic)
	}
	if err != nil {
		sw.Abort()
		return nil, fmt.Errorf("spike file %s: %w", path, err)
	}
	return sw, nil
}

// Format returns the file's format: SpikeFormatCSV, SpikeFormatNPY or
// SpikeFormatBinary.
func (sw *SpikeWriter) Format() string { return sw.format }

// Count returns the number of spikes written so far.
func (sw *SpikeWriter) Count() int64 { return sw.count }

// WriteStep writes the spikes of step t: the neurons that fired, in
// increasing order. Steps must come in increasing order.
func (sw *SpikeWriter) WriteStep(t int, neurons []int) error {
	if sw.done {
		return fmt.Errorf("spike file %s: write after Close or Abort", sw.path)
	}
	if len(neurons) == 0 {
		return nil
	}
	if t <= sw.last {
		return fmt.Errorf("spike file %s: step %d after step %d: steps must increase", sw.path, t, sw.last)
	}
	sw.start()
	b := sw.line[:0]
	switch sw.format {
	case SpikeFormatCSV:
		for _, i := range neurons {
			if sw.inMs() {
				b = appendMs(b, Spike{T: t}.Time(sw.dt))
			} else {
				b = strconv.AppendInt(b, int64(t), 10)
			}
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, '\n')
		}
	case SpikeFormatNPY:
		for _, i := range neurons {
			b = binary.LittleEndian.AppendUint64(b, uint64(int64(t)))
			b = binary.LittleEndian.AppendUint64(b, uint64(int64(i)))
		}
	default:
		b = binary.AppendUvarint(b, uint64(t-sw.last))
		b = binary.AppendUvarint(b, uint64(len(neurons)))
		prev := 0
		for k, i := range neurons {
			if i < prev || (k > 0 && i == prev) {
				return fmt.Errorf("spike file %s: step %d: neurons %v are not in increasing order", sw.path, t, neurons)
			}
			b = binary.AppendUvarint(b, uint64(i-prev))
			prev = i
		}
	}
	sw.line = b
	sw.last = t
	sw.count += int64(len(neurons))
	if _, err := sw.w.Write(b); err != nil {
		return fmt.Errorf("spike file %s: %w", sw.path, err)
	}
	return nil
}

// Close finishes the file and gives it its name. After an error the
// temporary file is removed and a file already at the path is untouched.
func (sw *SpikeWriter) Close() (err error) {
	if sw.done {
		return nil
	}
	defer func() {
		if err != nil {
			sw.Abort()
			err = fmt.Errorf("spike file %s: %w", sw.path, err)
		}
	}()
	sw.start()
	if sw.format == SpikeFormatBinary {
		b := binary.AppendUvarint(nil, 0)
		b = binary.AppendUvarint(b, uint64(sw.count))
		if _, err := sw.w.Write(b); err != nil {
			return err
		}
	}
	if err := sw.w.Flush(); err != nil {
		return err
	}
	if sw.format == SpikeFormatNPY {
		if _, err := sw.f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := npy.WriteHeader(sw.f, npy.Int64, int(sw.count), 2); err != nil {
			return err
		}
	}
	if err := sw.f.Commit(); err != nil {
		return err
	}
	sw.done = true
	return nil
}

// Abort stops writing and removes the temporary file; the destination is
// left as it was.
func (sw *SpikeWriter) Abort() {
	if sw.done {
		return
	}
	sw.done = true
	sw.f.Abort()
}

// SpikeReader reads a compact binary spike file step by step, in bounded
// memory.
type SpikeReader struct {
	r       *bufio.Reader
	t       int
	count   int64
	neurons []int
	end     bool
}

// NewSpikeReader starts reading the compact binary spike format (see
// [SpikeWriter]) from r.
func NewSpikeReader(r io.Reader) (*SpikeReader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic := make([]byte, len(spkMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != spkMagic {
		return nil, errors.New("read spikes: not a gosnn binary spike file (it must start with \"GOSNNSPK\\x01\")")
	}
	return &SpikeReader{r: br, t: -1}, nil
}

// Next returns the next step with spikes and its neurons, in increasing
// order (the slice is reused by the next call), or io.EOF after the last
// one. A truncated or damaged file gives an error saying so.
func (sr *SpikeReader) Next() (t int, neurons []int, err error) {
	if sr.end {
		return 0, nil, io.EOF
	}
	bad := func(what string, err error) (int, []int, error) {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, fmt.Errorf("read spikes: %s after step %d (%d spikes read): %w; the file is truncated or damaged", what, sr.t, sr.count, err)
	}
	dt, err := binary.ReadUvarint(sr.r)
	if err != nil {
		return bad("reading the next step", err)
	}
	if dt == 0 {
		total, err := binary.ReadUvarint(sr.r)
		if err != nil {
			return bad("reading the spike count at the end", err)
		}
		if int64(total) != sr.count {
			return bad(fmt.Sprintf("the file says %d spikes but holds %d", total, sr.count), errors.New("count mismatch"))
		}
		sr.end = true
		return 0, nil, io.EOF
	}
	k, err := binary.ReadUvarint(sr.r)
	if err != nil || k == 0 || k > 1<<31 {
		if err == nil {
			err = fmt.Errorf("%d spikes in one step", k)
		}
		return bad("reading the number of spikes", err)
	}
	sr.t += int(dt)
	sr.neurons = sr.neurons[:0]
	prev := 0
	for range k {
		d, err := binary.ReadUvarint(sr.r)
		if err != nil {
			return bad("reading a neuron index", err)
		}
		prev += int(d)
		sr.neurons = append(sr.neurons, prev)
	}
	sr.count += int64(k)
	return sr.t, sr.neurons, nil
}

// ReadSpikeFile reads a whole spike file written by [SpikeWriter] (or by
// [Spikes.WriteCSV], [Spikes.WriteNPY], np.savetxt or np.save), choosing
// the format by the extension as CreateSpikeFile does.
func ReadSpikeFile(path string) (Spikes, error) {
	f, err := outfs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ReadSpikesCSV(f)
	case ".npy":
		return ReadSpikesNPY(f)
	}
	sr, err := NewSpikeReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var s Spikes
	for {
		t, neurons, err := sr.Next()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, i := range neurons {
			s = append(s, Spike{T: t, Neuron: i})
		}
	}
}

// TraceWriter streams the v, u and I of chosen neurons to a CSV file
// during a run, every Every-th step, so that long runs can be traced in
// bounded memory: it is the [TraceSink] to pass as [RunOptions].TraceTo.
// The file has the header "t,neuron,v,u,I" (as [Traces.WriteCSV]) and one
// line per sampled step and neuron, with the values at the end of step t.
// A run tells the writer its step ([TraceWriter.SetTimeStep]); at a step
// dt other than 1 ms the header is "t_ms,neuron,v,u,I" and t the start of
// the step in ms, t·dt, as [Traces.WriteCSVMs] writes them. Like
// [SpikeWriter] it appears under its name only on Close.
type TraceWriter struct {
	Neurons []int // network indices, in the order written
	Every   int   // sample steps t with t % Every == 0

	path    string
	f       *atomicfile.File
	w       *bufio.Writer
	line    []byte
	done    bool
	dt      float64 // ms per step; 0 or 1: steps
	started bool    // the header is written
}

// SetTimeStep tells the writer the step of the network, dt ms, before any
// sample is written: at a step other than 1 ms the file holds times in ms
// under the header "t_ms,neuron,v,u,I". [Network.Run] calls it.
func (tw *TraceWriter) SetTimeStep(dt float64) error {
	if tw.started && dt != tw.dt && !(tw.dt == 0 && dt == DefaultDT) {
		return fmt.Errorf("trace file %s: the step is %g ms, but samples were written at %g ms: use one file per network", tw.path, dt, max(tw.dt, DefaultDT))
	}
	if !(dt > 0) || !finite(dt) {
		return fmt.Errorf("trace file %s: step %g ms: must be a finite number > 0", tw.path, dt)
	}
	tw.dt = dt
	return nil
}

// inMs reports whether the file's times are in ms rather than steps.
func (tw *TraceWriter) inMs() bool { return tw.dt != 0 && tw.dt != DefaultDT }

// start writes the header, once, as the step asks.
func (tw *TraceWriter) start() {
	if tw.started {
		return
	}
	tw.started = true
	if tw.inMs() {
		tw.w.WriteString(TimedTracesCSVHeader + "\n")
		return
	}
	tw.w.WriteString(TracesCSVHeader + "\n")
}

// CreateTraceFile starts streaming the traces of neurons to path, sampling
// every every-th step (1: every step).
func CreateTraceFile(path string, neurons []int, every int) (*TraceWriter, error) {
	if every < 1 {
		return nil, fmt.Errorf("trace file %s: sampling every %d steps: must be at least 1", path, every)
	}
	if len(neurons) == 0 {
		return nil, fmt.Errorf("trace file %s: no neurons to trace: give at least one network index", path)
	}
	if path == "" {
		return nil, errors.New("trace file: empty path: give a file name")
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("trace file %s: %w", path, err)
	}
	tw := &TraceWriter{Neurons: append([]int(nil), neurons...), Every: every, path: path, f: f, w: bufio.NewWriterSize(f, 1<<16)}
	return tw, nil // the header waits for the step (SetTimeStep)
}

// TraceNeurons returns Neurons and Every: tw is a [TraceSink].
func (tw *TraceWriter) TraceNeurons() (neurons []int, every int) { return tw.Neurons, tw.Every }

// WriteSample writes the values at the end of step t (v, u, I of each
// traced neuron, in the order of Neurons).
func (tw *TraceWriter) WriteSample(t int, v, u, I []float64) error {
	if tw.done {
		return fmt.Errorf("trace file %s: write after Close or Abort", tw.path)
	}
	tw.start()
	b := tw.line[:0]
	for k, i := range tw.Neurons {
		if tw.inMs() {
			b = appendMs(b, Spike{T: t}.Time(tw.dt))
		} else {
			b = strconv.AppendInt(b, int64(t), 10)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i), 10)
		for _, x := range [3]float64{v[k], u[k], I[k]} {
			b = append(b, ',')
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		}
		b = append(b, '\n')
	}
	tw.line = b
	if _, err := tw.w.Write(b); err != nil {
		return fmt.Errorf("trace file %s: %w", tw.path, err)
	}
	return nil
}

// Close finishes the file and gives it its name.
func (tw *TraceWriter) Close() error {
	if tw.done {
		return nil
	}
	tw.start()
	err := tw.w.Flush()
	if err == nil {
		err = tw.f.Commit()
	}
	if err != nil {
		tw.Abort()
		return fmt.Errorf("trace file %s: %w", tw.path, err)
	}
	tw.done = true
	return nil
}

// Abort stops writing and removes the temporary file.
func (tw *TraceWriter) Abort() {
	if tw.done {
		return
	}
	tw.done = true
	tw.f.Abort()
}
