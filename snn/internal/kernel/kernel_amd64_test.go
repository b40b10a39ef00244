//go:build !purego

package kernel

import "testing"

// TestLines checks the cache lines the kernels ask for: the first holds
// the first byte, and they end with the line holding the last byte.
func TestLines(t *testing.T) {
	for _, c := range []struct {
		addr         uintptr
		n            int
		first, count uintptr
	}{
		{0, 0, 0, 0},
		{128, 1, 128, 1},
		{128, 64, 128, 1},
		{128, 65, 128, 2},
		{190, 2, 128, 1},
		{191, 2, 128, 2},
		{100, 3000, 64, 48},
	} {
		first, count := lines(c.addr, c.n)
		if c.n > 0 && (first != c.first || uintptr(count) != c.count) || c.n == 0 && count != 0 {
			t.Errorf("lines(%d, %d) = %d, %d; want %d, %d", c.addr, c.n, first, count, c.first, c.count)
		}
	}
}
