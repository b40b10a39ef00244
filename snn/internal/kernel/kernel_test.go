package kernel

import (
	"math"
	"math/rand/v2"
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

// TestAddRowIsExact checks AddRow32 and AddRow64 against the plain loop,
// bit for bit, on rows of every length around their line-sized steps,
// with targets repeated (whose weights must add in order), next rows of
// many lengths and alignments (which must stay unchanged), and at the
// edges of the sums.
func TestAddRowIsExact(t *testing.T) {
	if !Enabled {
		t.Skip("no vector kernels on this CPU or build")
	}
	r := rand.New(rand.NewPCG(1, 2))
	next32 := make([]float32, 300)
	next64 := make([]float64, 300)
	nextPost := make([]uint16, 300)
	for i := range next32 {
		next32[i], next64[i], nextPost[i] = float32(i), float64(i), uint16(i)
	}
	for n := range 70 {
		for trial := range 6 {
			post := make([]uint16, n)
			w32 := make([]float32, n)
			w64 := make([]float64, n)
			for k := range post {
				switch {
				case trial == 1:
					post[k] = uint16(r.IntN(4)) // many repeats
				case trial == 2 && k%2 == 1:
					post[k] = post[k-1] // a target twice in a row
				case trial == 3:
					post[k] = uint16(65535 - r.IntN(2)*65535) // the ends
				default:
					post[k] = uint16(r.Uint32())
				}
				w32[k] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6)))
				w64[k] = r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6))
			}
			off, m := r.IntN(20), r.IntN(280)
			if trial == 4 {
				m = 0
			}
			want32, got32 := new([1 << 16]float64), new([1 << 16]float64)
			want64, got64 := new([1 << 16]float64), new([1 << 16]float64)
			for _, a := range []*[1 << 16]float64{want32, got32, want64, got64} {
				for _, k := range post {
					a[k] = float64(k) / 3
				}
			}
			for k, i := range post {
				want32[i] += float64(w32[k])
				want64[i] += w64[k]
			}
			if !AddRow32(got32, post, w32, nextPost[off:off+m], next32[off:off+m]) ||
				!AddRow64(got64, post, w64, nextPost[off:off+m], next64[off:off+m]) {
				t.Fatal("kernels enabled but AddRow did nothing")
			}
			if *got32 != *want32 {
				t.Fatalf("AddRow32, %d synapses, trial %d: sums differ from the loop's", n, trial)
			}
			if *got64 != *want64 {
				t.Fatalf("AddRow64, %d synapses, trial %d: sums differ from the loop's", n, trial)
			}
		}
	}
	for i := range next32 {
		if next32[i] != float32(i) || next64[i] != float64(i) || nextPost[i] != uint16(i) {
			t.Fatal("prefetching the next row changed it")
		}
	}
}
