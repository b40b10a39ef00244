package npy

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Data types of the arrays this package writes.
const (
	Int64   = "<i8" // little-endian 64-bit integers
	Float64 = "<f8" // little-endian 64-bit floats
)

// WriteHeader writes the magic string, version 1.0 and the header of a
// C-ordered array of type descr (Int64 or Float64) and the given shape
// (one or two dimensions), laid out exactly as np.save does: the header
// dictionary, spaces left for the first dimension to grow to 21 digits,
// then spaces and a newline up to a multiple of 64 bytes. A streaming
// writer can therefore write the header with a first dimension of 0 and
// rewrite it, in place, once it knows the length.
func WriteHeader(w io.Writer, descr string, shape ...int) error {
	var tuple string
	switch len(shape) {
	case 1:
		tuple = fmt.Sprintf("(%d,)", shape[0])
	case 2:
		tuple = fmt.Sprintf("(%d, %d)", shape[0], shape[1])
	default:
		return fmt.Errorf("npy header: shape %v: only 1-D and 2-D arrays are written", shape)
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple)
	h += strings.Repeat(" ", max(0, 21-len(strconv.Itoa(shape[0]))))
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

// WriteFloats writes x as a .npy array of Float64 with the given shape
// (len(x) values when shape is empty).
func WriteFloats(w io.Writer, x []float64, shape ...int) error {
	return write(w, Float64, len(x), shape, func(i int) uint64 { return math.Float64bits(x[i]) })
}

// WriteInts writes x as a .npy array of Int64 with the given shape
// (len(x) values when shape is empty).
func WriteInts(w io.Writer, x []int, shape ...int) error {
	return write(w, Int64, len(x), shape, func(i int) uint64 { return uint64(int64(x[i])) })
}

// write writes the header and n values, value(i) being the bits of the
// i-th.
func write(w io.Writer, descr string, n int, shape []int, value func(i int) uint64) error {
	if len(shape) == 0 {
		shape = []int{n}
	}
	size := 1
	for _, d := range shape {
		size *= d
	}
	if size != n {
		return fmt.Errorf("write .npy: %d values do not fill shape %v", n, shape)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := WriteHeader(bw, descr, shape...); err != nil {
		return err
	}
	var b [8]byte
	for i := range n {
		binary.LittleEndian.PutUint64(b[:], value(i))
		if _, err := bw.Write(b[:]); err != nil {
			return fmt.Errorf("write .npy: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write .npy: %w", err)
	}
	return nil
}

// An Array is an array read from a .npy file by [Read]: its shape and its
// values in C (row-major) order, in Int for integer arrays or in Float for
// floating-point ones (the other is nil).
type Array struct {
	Shape []int
	Int   []int64
	Float []float64
}

// Read reads a NumPy .npy file (format versions 1.0, 2.0 and 3.0)
// holding a 1-D or 2-D array of 64-bit integers or floats ('<i8', '<f8',
// or their big-endian forms '>i8', '>f8'). A Fortran-ordered array is
// returned in C order.
func Read(r io.Reader) (*Array, error) {
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
	descr, fortran, shape, err := parseHeader(string(hb))
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
	a := &Array{Shape: shape}
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

// parseHeader reads the three keys of an .npy header dictionary, e.g.
// {'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }.
func parseHeader(h string) (descr string, fortran bool, shape []int, err error) {
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
