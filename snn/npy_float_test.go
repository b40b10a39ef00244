package snn

import (
	"bytes"
	"slices"
	"testing"
)

func TestWriteFloatNPYRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		x          []float64
		rows, cols int
		shape      []int
	}{
		{[]float64{1, -2.5, 3}, 3, 0, []int{3}},
		{[]float64{1, 2, 3, 4, 5, 6}, 2, 3, []int{2, 3}},
		{nil, 0, 4, []int{0, 4}},
	} {
		var buf bytes.Buffer
		if err := WriteFloatNPY(&buf, tc.x, tc.rows, tc.cols); err != nil {
			t.Fatalf("%v: %v", tc.shape, err)
		}
		a, err := ReadNPY(&buf)
		if err != nil {
			t.Fatalf("%v: read back: %v", tc.shape, err)
		}
		if !slices.Equal(a.Shape, tc.shape) || len(a.Float) != len(tc.x) || (len(tc.x) > 0 && !slices.Equal(a.Float, tc.x)) {
			t.Errorf("read back shape %v values %v, want %v %v", a.Shape, a.Float, tc.shape, tc.x)
		}
	}
}

func TestWriteFloatNPYShapeMismatch(t *testing.T) {
	for _, tc := range []struct{ n, rows, cols int }{{3, 2, 2}, {4, 3, 0}, {0, -1, 0}} {
		if err := WriteFloatNPY(&bytes.Buffer{}, make([]float64, tc.n), tc.rows, tc.cols); err == nil {
			t.Errorf("%d values as (%d, %d): no error", tc.n, tc.rows, tc.cols)
		}
	}
}
