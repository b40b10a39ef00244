package kernel

import (
	"slices"
	"testing"
	"unsafe"
)

// TestCopyStreaming checks that the streaming copy equals copy for lengths
// and offsets (so alignments of dst) around its 8-element body.
func TestCopyStreaming(t *testing.T) {
	for _, wide := range []bool{false, true} {
		func() {
			defer func(was bool) { AVX512 = was }(AVX512)
			AVX512 = AVX512 && wide
			for n := range 200 {
				for off := range 9 {
					src := make([]float64, n)
					for i := range src {
						src[i] = float64(i) + 0.5
					}
					buf := make([]float64, n+off+3)
					for i := range buf {
						buf[i] = -1
					}
					CopyStreaming(buf[off:off+n], src)
					want := make([]float64, n+off+3)
					for i := range want {
						want[i] = -1
					}
					copy(want[off:], src)
					if !slices.Equal(buf, want) {
						t.Fatalf("wide=%v n=%d offset %d: got %v, want %v", wide, n, off, buf, want)
					}
				}
			}
		}()
	}
}

// TestPrefetchL2 checks that prefetching any range, at any alignment and of
// any length (including none), returns and leaves the memory unchanged.
func TestPrefetchL2(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	want := slices.Clone(buf)
	for off := 0; off < 130; off++ {
		for n := 0; off+n <= len(buf); n += 1 + n/3 {
			PrefetchL2(unsafe.Pointer(&buf[off]), n)
		}
	}
	if !slices.Equal(buf, want) {
		t.Fatal("prefetching changed memory")
	}
}
