package snn

import (
	"fmt"
	"io"
)

// WriteFloatNPY writes x as a NumPy .npy file of little-endian float64
// values in C (row-major) order, byte-identical to np.save's: of shape
// (rows, cols), or (rows,) when cols is 0. len(x) must be rows·cols, or
// rows when cols is 0. [ReadNPY] reads it back.
func WriteFloatNPY(w io.Writer, x []float64, rows, cols int) error {
	want := rows
	if cols != 0 {
		want = rows * cols
	}
	if rows < 0 || cols < 0 || len(x) != want {
		return fmt.Errorf("write .npy: %d values do not fill shape (%d, %d): want rows·cols values (rows when cols is 0), both ≥ 0", len(x), rows, cols)
	}
	return writeFloatNPY(w, x, rows, cols, cols != 0)
}
