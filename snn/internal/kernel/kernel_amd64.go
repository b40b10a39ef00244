//go:build !purego

package kernel

import (
	"math/bits"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// Enabled reports whether the kernels run, and AVX512 whether they use
// 512-bit registers (eight float64 lanes) rather than AVX2's 256-bit
// ones. Tests switch them to compare every path with the Go code.
var (
	Enabled = cpu.X86.HasAVX2
	AVX512  = cpu.X86.HasAVX512F
)

// HaveAVX512 reports whether the CPU (and OS) supports the 512-bit kernels.
func HaveAVX512() bool { return cpu.X86.HasAVX512F }

// HaveAVX2 reports whether the CPU (and OS) supports the 256-bit kernels.
func HaveAVX2() bool { return cpu.X86.HasAVX2 }

// haveNormals reports whether the CPU has what normalsAVX512 uses: 64-bit
// multiplies (DQ) and 256-bit compares into mask registers (VL).
var haveNormals = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512VL

// Normals does the common case of FastStreams' ziggurat for the first done
// numbers of dst (a multiple of 8, or 0 without AVX2): dst[i] =
// float64(j)·w[layer] for the 64 random bits u = SplitMix64(seed +
// (i+1)·γ), j = int32(u), layer = (u >> 32) & 255, and bit i%8 of
// rejected[i/8] set when |j| ≥ k[layer], for the caller to redo. rejected
// needs len(dst)/8 bytes.
func Normals(dst []float64, seed uint64, k *[256]uint32, w *[256]float64, rejected []uint8) (done int) {
	return normals(dst, seed, k, w, rejected, 0, false)
}

// AddNormals is Normals that adds std·z to dst[i] (the product rounded,
// then the sum, as dst[i] += float64(std*z) does) instead of setting
// dst[i] = z, and leaves dst[i] as it was where rejected is set.
func AddNormals(dst []float64, std float64, seed uint64, k *[256]uint32, w *[256]float64, rejected []uint8) (done int) {
	return normals(dst, seed, k, w, rejected, std, true)
}

func normals(dst []float64, seed uint64, k *[256]uint32, w *[256]float64, rejected []uint8, std float64, add bool) int {
	if !Enabled {
		return 0
	}
	n := len(dst) &^ 7
	if n == 0 {
		return 0
	}
	_ = rejected[n/8-1]
	var tmp [1280]byte
	if AVX512 && haveNormals {
		normalsAVX512(&dst[0], n, seed, k, w, &rejected[0], std, add, &tmp)
	} else {
		normalsAVX2(&dst[0], n, seed, k, w, &rejected[0], std, add, &tmp)
	}
	return n
}

//go:noescape
func normalsAVX512(dst *float64, n int, seed uint64, k *[256]uint32, w *[256]float64, rejected *uint8, std float64, add bool, tmp *[1280]byte)

//go:noescape
func normalsAVX2(dst *float64, n int, seed uint64, k *[256]uint32, w *[256]float64, rejected *uint8, std float64, add bool, tmp *[1280]byte)

//go:noescape
func izhikevichAVX2(v, u, a, b, c, d, in *float64, n int, fired *uint8, check *[4]float64)

//go:noescape
func sumRowsAVX2(dst, w *float64, stride int, rows *int, nrows, n int)

//go:noescape
func izhikevichAVX512(v, u, a, b, c, d, in *float64, n int, fired *uint8, check *[8]float64)

//go:noescape
func sumRowsAVX512(dst, w *float64, stride int, rows *int, nrows, n int)

// chunk is how many neurons one call of the assembly update advances; its
// spike mask lives on the stack.
const chunk = 1024

// Izhikevich advances the first done neurons of V, U (parameters A, B, C,
// D, input I, all the same length) by one step of the Izhikevich update,
// done being the largest multiple of the vector width it can handle,
// appends lo + the index of each neuron that fired to fired, in
// increasing order, and reports whether all their new states are finite.
func Izhikevich(V, U, A, B, C, D, I []float64, lo int, fired []int) (done int, _ []int, finite bool) {
	if !Enabled {
		return 0, fired, true
	}
	lanes := 4
	if AVX512 {
		lanes = 8
	}
	n := len(V) / lanes * lanes
	U, A, B, C, D, I = U[:n], A[:n], B[:n], C[:n], D[:n], I[:n]
	finite = true
	var mask [chunk / 4]uint8
	var check [8]float64
	for start := 0; start < n; start += chunk {
		m := min(chunk, n-start)
		if lanes == 8 {
			izhikevichAVX512(&V[start], &U[start], &A[start], &B[start], &C[start], &D[start], &I[start], m, &mask[0], &check)
		} else {
			izhikevichAVX2(&V[start], &U[start], &A[start], &B[start], &C[start], &D[start], &I[start], m, &mask[0], (*[4]float64)(check[:4]))
		}
		for g, set := range mask[:m/lanes] {
			for set != 0 {
				fired = append(fired, lo+start+lanes*g+bits.TrailingZeros8(set))
				set &= set - 1
			}
		}
		// check holds (v − v) + (u − u) summed per lane: 0, or NaN
		// once a state is not finite.
		sum := 0.0
		for _, x := range check {
			sum += x
		}
		finite = finite && sum == 0
	}
	return n, fired, finite
}

// SumRows does, for the first done elements i of dst (the largest
// multiple of the kernel's block it can handle), dst[i] +=
// (…((w[r₀·stride+i] + w[r₁·stride+i]) + w[r₂·stride+i]) …) over the rows
// r of rows in order.
func SumRows(dst, w []float64, stride int, rows []int) (done int) {
	if !Enabled || len(rows) == 0 {
		return 0
	}
	block := 16
	if AVX512 {
		block = 32
	}
	n := len(dst) / block * block
	if n == 0 {
		return 0
	}
	last := 0
	for _, r := range rows {
		if r < 0 {
			return 0 // let the Go code report the bad index
		}
		last = max(last, r)
	}
	_ = w[last*stride+n-1] // one bounds check for every row
	if block == 32 {
		sumRowsAVX512(&dst[0], &w[0], stride, &rows[0], len(rows), n)
	} else {
		sumRowsAVX2(&dst[0], &w[0], stride, &rows[0], len(rows), n)
	}
	return n
}

// AddRow32 does, when the kernels are enabled, acc[post[k]] +=
// float64(w[k]) for every k in order (a target that appears twice gets
// its two weights one after the other, as in the Go loop), and reports
// whether it did. While it sums, it asks for the cache lines of the next
// row to be summed, nextPost and nextW, to be brought into the level-2
// cache, one line of each per line of w, so that they arrive while this
// row is summed. Asking for the whole next row at once (PrefetchL2) before
// summing made the 100k network about 9 % slower; the cause was not
// isolated (no performance counters on this machine). The next row may be
// empty. w must be as long as post.
func AddRow32(acc *[1 << 16]float64, post []uint16, w []float32, nextPost []uint16, nextW []float32) bool {
	if !Enabled {
		return false
	}
	w = w[:len(post)]
	pp, pn := lines(uintptr(unsafe.Pointer(unsafe.SliceData(nextPost))), 2*len(nextPost))
	wp, wn := lines(uintptr(unsafe.Pointer(unsafe.SliceData(nextW))), 4*len(nextW))
	addRow32(&acc[0], unsafe.SliceData(post), unsafe.SliceData(w), len(post), pp, pn, wp, wn)
	return true
}

// AddRow64 is AddRow32 for float64 weights.
func AddRow64(acc *[1 << 16]float64, post []uint16, w []float64, nextPost []uint16, nextW []float64) bool {
	if !Enabled {
		return false
	}
	w = w[:len(post)]
	pp, pn := lines(uintptr(unsafe.Pointer(unsafe.SliceData(nextPost))), 2*len(nextPost))
	wp, wn := lines(uintptr(unsafe.Pointer(unsafe.SliceData(nextW))), 8*len(nextW))
	addRow64(&acc[0], unsafe.SliceData(post), unsafe.SliceData(w), len(post), pp, pn, wp, wn)
	return true
}

// lines returns the first of the cache lines that hold the n bytes at
// address a and their number.
func lines(a uintptr, n int) (first uintptr, count int) {
	if n <= 0 {
		return 0, 0
	}
	first = a &^ 63
	return first, int((a+uintptr(n)-1-first)/64) + 1
}

//go:noescape
func addRow32(acc *float64, post *uint16, w *float32, n int, nextPost uintptr, postLines int, nextW uintptr, wLines int)

//go:noescape
func addRow64(acc *float64, post *uint16, w *float64, n int, nextPost uintptr, postLines int, nextW uintptr, wLines int)

// PrefetchL2 asks the CPU to start loading the cache lines of the n bytes
// at p into its level-2 cache, all at once: the Go loop's way to ask for
// a whole sparse row while the row before it is summed. It changes no
// value.
func PrefetchL2(p unsafe.Pointer, n int) {
	if n > 0 {
		prefetchL2(p, n)
	}
}

//go:noescape
func prefetchL2(p unsafe.Pointer, n int)

// Prefetch asks the CPU to start loading the cache line at p.
func Prefetch(p unsafe.Pointer) { prefetch(p) }

//go:noescape
func prefetch(p unsafe.Pointer)

// CopyStreaming copies src to dst (the same length) like copy, writing
// around the caches: for data written once and not read again soon, such
// as recorded traces, it saves reading dst's memory before writing it.
func CopyStreaming(dst, src []float64) {
	n := len(src)
	if len(dst) < n {
		panic("kernel: CopyStreaming into a shorter slice")
	}
	if !Enabled || !AVX512 || n < 64 {
		copy(dst, src)
		return
	}
	// Up to the first 64-byte boundary of dst (float64s are 8-byte
	// aligned), copy normally; then whole cache lines around the caches.
	head := int((64 - uintptr(unsafe.Pointer(&dst[0]))%64) % 64 / 8)
	copy(dst[:head], src[:head])
	body := (n - head) &^ 7
	if body > 0 {
		copyNT(&dst[head], &src[head], body)
	}
	copy(dst[head+body:n], src[head+body:n])
}

//go:noescape
func copyNT(dst, src *float64, n int)

// MTTwist does, when the CPU has AVX-512, the vector parts of MT19937's
// twist of mt: for i in [lo, hi) (hi − lo a multiple of 16), y =
// mt[i]&0x80000000 | mt[i+1]&0x7fffffff, mt[i] = mt[i+moff] ^ y>>1 ^
// (y&1)·0x9908b0df, sixteen words at a time; it reports whether it did.
// Each chunk reads all its words before writing, so the caller must pass
// ranges whose reads are not written by the same chunk: in MT19937's twist
// that holds for [0, 224) with moff 397 and [227, 611) with moff −227.
func MTTwist(mt *[624]uint32, lo, hi, moff int) bool {
	if !Enabled || !AVX512 || lo < 0 || hi > 623 || (hi-lo)%16 != 0 || lo+moff < 0 || hi+moff > 624 {
		return false
	}
	if hi > lo {
		mtTwist16(&mt[0], lo, hi, moff)
	}
	return true
}

// MTTemper sets out[i] to MT19937's tempering of mt[i] for i < 624 when
// the CPU has AVX-512, and reports whether it did.
func MTTemper(out, mt *[624]uint32) bool {
	if !Enabled || !AVX512 {
		return false
	}
	mtTemper16(&out[0], &mt[0], 624)
	return true
}

//go:noescape
func mtTwist16(mt *uint32, lo, hi, moff int)

//go:noescape
func mtTemper16(out, mt *uint32, n int)
