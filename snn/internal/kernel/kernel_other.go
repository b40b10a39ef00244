//go:build !amd64 || purego

package kernel

import "unsafe"

// Enabled and AVX512 are false: there are no kernels for this build.
var Enabled, AVX512 = false, false

// HaveAVX512 reports false.
func HaveAVX512() bool { return false }

// HaveAVX2 reports false.
func HaveAVX2() bool { return false }

// Izhikevich does nothing here; see the amd64 version.
func Izhikevich(V, U, A, B, C, D, I []float64, lo int, fired []int) (done int, _ []int, finite bool) {
	return 0, fired, true
}

// SumRows does nothing here; see the amd64 version.
func SumRows(dst, w []float64, stride int, rows []int) (done int) { return 0 }

// Normals does nothing here; see the amd64 version.
func Normals(dst []float64, seed uint64, k *[256]uint32, w *[256]float64, rejected []uint8) (done int) {
	return 0
}

// AddNormals does nothing here; see the amd64 version.
func AddNormals(dst []float64, std float64, seed uint64, k *[256]uint32, w *[256]float64, rejected []uint8) (done int) {
	return 0
}

// AddRow32 does nothing here; see the amd64 version.
func AddRow32(acc *[1 << 16]float64, post []uint16, w []float32, nextPost []uint16, nextW []float32) bool {
	return false
}

// AddRow64 does nothing here; see the amd64 version.
func AddRow64(acc *[1 << 16]float64, post []uint16, w []float64, nextPost []uint16, nextW []float64) bool {
	return false
}

// PrefetchL2 does nothing here.
func PrefetchL2(p unsafe.Pointer, n int) {}

// Prefetch does nothing here.
func Prefetch(p unsafe.Pointer) {}

// CopyStreaming is copy here.
func CopyStreaming(dst, src []float64) { copy(dst, src) }

// MTTwist does nothing here.
func MTTwist(mt *[624]uint32, lo, hi, moff int) bool { return false }

// MTTemper does nothing here.
func MTTemper(out, mt *[624]uint32) bool { return false }
