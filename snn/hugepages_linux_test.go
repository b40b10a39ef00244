package snn

import "testing"

// TestAdviseHugePages checks that the advice leaves memory as it was,
// whatever the size and alignment of the region (it rounds inwards to
// whole huge pages and skips regions with none).
func TestAdviseHugePages(t *testing.T) {
	buf := make([]byte, 6*hugePage+12345)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	for _, c := range []struct{ off, size int }{
		{0, 0}, {1, 100}, {0, hugePage}, {3, 2 * hugePage}, {0, 2*hugePage + 1},
		{4095, 4*hugePage + 77}, {12345, 6 * hugePage},
	} {
		adviseHugePages(buf[c.off : c.off+c.size : c.off+c.size])
	}
	for i := range buf {
		if buf[i] != byte(i*7) {
			t.Fatalf("byte %d changed from %d to %d", i, byte(i*7), buf[i])
		}
	}
}
