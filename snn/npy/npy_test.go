package npy

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/internal/testenv"
)

// NumPy arrays in other layouts: Fortran order, big-endian, format 2.0,
// 1-D, floats. Read returns them in C order.
func TestReadFromNumPy(t *testing.T) {
	dir := t.TempDir()
	const script = `
import sys
import numpy as np
d = sys.argv[1]
a = np.arange(12, dtype=np.int64).reshape(3, 4) * 7 - 20
np.save(d + "/c.npy", a)
np.save(d + "/f.npy", np.asfortranarray(a))
np.save(d + "/be.npy", a.astype(">i8"))
np.save(d + "/float.npy", a.astype(np.float64) / 8)
np.save(d + "/befloat.npy", (a.astype(np.float64) / 8).astype(">f8"))
np.save(d + "/1d.npy", a.ravel())
np.save(d + "/empty.npy", np.zeros((0, 2), dtype=np.int64))
with open(d + "/v2.npy", "wb") as f:
    np.lib.format.write_array(f, a, version=(2, 0))
np.save(d + "/i4.npy", a.astype(np.int32))
np.save(d + "/3d.npy", np.zeros((2, 2, 2)))
`
	testenv.RunPython(t, nil, script, dir)
	want := make([]int64, 12)
	wantF := make([]float64, 12)
	for i := range want {
		want[i] = int64(i)*7 - 20
		wantF[i] = float64(want[i]) / 8
	}
	for _, tc := range []struct {
		file  string
		shape []int
		ints  []int64
		float []float64
		err   string
	}{
		{file: "c.npy", shape: []int{3, 4}, ints: want},
		{file: "f.npy", shape: []int{3, 4}, ints: want},
		{file: "be.npy", shape: []int{3, 4}, ints: want},
		{file: "v2.npy", shape: []int{3, 4}, ints: want},
		{file: "1d.npy", shape: []int{12}, ints: want},
		{file: "float.npy", shape: []int{3, 4}, float: wantF},
		{file: "befloat.npy", shape: []int{3, 4}, float: wantF},
		{file: "empty.npy", shape: []int{0, 2}, ints: []int64{}},
		{file: "i4.npy", err: `dtype "<i4": only 64-bit integers and floats`},
		{file: "3d.npy", err: "array of 3 dimensions [2 2 2]: only 1-D and 2-D arrays"},
	} {
		f, err := os.Open(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Read(f)
		f.Close()
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one containing %q", tc.file, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if !slices.Equal(a.Shape, tc.shape) || !slices.Equal(a.Int, tc.ints) || !slices.Equal(a.Float, tc.float) {
			t.Errorf("%s: read shape %v ints %v floats %v; want %v %v %v", tc.file, a.Shape, a.Int, a.Float, tc.shape, tc.ints, tc.float)
		}
	}
}

// Property: the .npy header is padded to a multiple of 64 bytes, ends in a
// newline, and Read reads back any shape.
func TestHeaderAlignment(t *testing.T) {
	for _, rows := range []int{0, 1, 9, 10, 99, 12345, 1 << 40} {
		for _, twoD := range []bool{false, true} {
			var b bytes.Buffer
			shape := []int{rows}
			if twoD {
				shape = append(shape, 3)
			}
			if err := WriteHeader(&b, Float64, shape...); err != nil {
				t.Fatal(err)
			}
			h := b.Bytes()
			if len(h)%64 != 0 || h[len(h)-1] != '\n' {
				t.Errorf("rows %d: header of %d bytes ending in %q", rows, len(h), h[len(h)-1])
			}
			_, _, got, err := parseHeader(string(h[10:]))
			if err != nil || !slices.Equal(got, shape) {
				t.Errorf("rows %d: header parses to shape %v, error %v; want %v", rows, got, err, shape)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	var good bytes.Buffer
	WriteInts(&good, []int{1, 2, 3, 4}, 2, 2)
	g := good.Bytes()
	header := func(h string) []byte {
		var b bytes.Buffer
		b.WriteString("\x93NUMPY\x01\x00")
		b.Write([]byte{byte(len(h)), byte(len(h) >> 8)})
		b.WriteString(h)
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		in   []byte
		err  string
	}{
		{"empty", nil, "unexpected EOF"},
		{"not npy", []byte("t,neuron\n0,1\n"), "not a NumPy .npy file"},
		{"version", append([]byte("\x93NUMPY\x09\x00"), g[8:]...), "format version 9.0"},
		{"truncated header", g[:40], "unexpected EOF"},
		{"truncated data", g[:len(g)-3], "data ends after 3 of 4 values"},
		{"not a dict", header("[1, 2]\n"), "not a Python dictionary"},
		{"no shape", header("{'descr': '<i8', 'fortran_order': False, }\n"), `no "shape" key`},
		{"bad order", header("{'descr': '<i8', 'fortran_order': 0, 'shape': (1,), }\n"), "neither True nor False"},
		{"bad shape", header("{'descr': '<i8', 'fortran_order': False, 'shape': (a,), }\n"), `shape dimension "a"`},
		{"scalar", header("{'descr': '<i8', 'fortran_order': False, 'shape': (), }\n"), "array of 0 dimensions"},
		{"object", header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }\n"), `dtype "|O"`},
		{"huge", header("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999), }\n"), "too large"},
	} {
		_, err := Read(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: Read error %v, want one containing %q", tc.name, err, tc.err)
		}
	}
}

// What WriteInts and WriteFloats write, Read reads back exactly, and a
// shape the values do not fill is refused.
func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	ints := []int{0, -1, math.MaxInt64, math.MinInt64, 7, 8}
	if err := WriteInts(&b, ints, 3, 2); err != nil {
		t.Fatal(err)
	}
	a, err := Read(&b)
	if err != nil || !slices.Equal(a.Shape, []int{3, 2}) || len(a.Int) != 6 || a.Float != nil {
		t.Fatalf("ints read back as %+v, %v", a, err)
	}
	for i, x := range ints {
		if a.Int[i] != int64(x) {
			t.Errorf("int %d is %d, want %d", i, a.Int[i], x)
		}
	}
	b.Reset()
	floats := []float64{math.Copysign(0, -1), 5e-324, math.Inf(1), 1.0 / 3}
	if err := WriteFloats(&b, floats); err != nil {
		t.Fatal(err)
	}
	a, err = Read(&b)
	if err != nil || !slices.Equal(a.Shape, []int{4}) {
		t.Fatalf("floats read back as %+v, %v", a, err)
	}
	for i, x := range floats {
		if math.Float64bits(a.Float[i]) != math.Float64bits(x) {
			t.Errorf("float %d is %v, want %v", i, a.Float[i], x)
		}
	}
	if err := WriteFloats(&b, floats, 3, 2); err == nil {
		t.Error("4 values in shape (3, 2): no error")
	}
	if err := WriteHeader(&b, Float64, 1, 2, 3); err == nil {
		t.Error("3-D header: no error")
	}
}

func FuzzRead(f *testing.F) {
	var b bytes.Buffer
	WriteInts(&b, []int{1, 2, 3, 4}, 2, 2)
	f.Add(b.Bytes())
	b.Reset()
	WriteFloats(&b, []float64{0.5, -1, 2, 3, 4, 5}, 3, 2)
	f.Add(b.Bytes())
	f.Add([]byte("\x93NUMPY\x01\x00\x46\x00{'descr': '<f8', 'fortran_order': True, 'shape': (999999999, 1000), }\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := Read(bytes.NewReader(in))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			n *= d
		}
		if len(a.Int)+len(a.Float) != n || (a.Int == nil) == (a.Float == nil) {
			t.Fatalf("shape %v with %d ints and %d floats", a.Shape, len(a.Int), len(a.Float))
		}
	})
}
