package snn

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on x86-64 and arm64
// Linux with 4 KB base pages.
const hugePage = 2 << 20

// adviseHugePages asks Linux to back the memory of s (up to its capacity)
// with transparent huge pages, for the whole 2 MB pages inside it.
// Delivery reads the synapses of random rows: with 4 KB pages nearly every
// row start misses the TLB (600 MB of synapses are 150 000 pages; the TLB
// holds a few thousand), and a page walk under virtualisation is costly.
// It must be called before the memory is first written. It is only
// advice: where huge pages are disabled nothing changes, and errors are
// ignored.
func adviseHugePages[E any](s []E) {
	var e E
	size := uintptr(cap(s)) * unsafe.Sizeof(e)
	if size < 2*hugePage {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	mem := unsafe.Slice((*byte)(p), size)
	first := (hugePage - uintptr(p)%hugePage) % hugePage
	last := (uintptr(p) + size) % hugePage
	_ = unix.Madvise(mem[first:size-last], unix.MADV_HUGEPAGE)
}
