package membw

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// alloc returns n words of memory outside the Go heap, backed by
// transparent huge pages where Linux allows, and a function that frees it.
func alloc(n int) ([]uint64, func(), error) {
	mem, err := unix.Mmap(-1, 0, n*8, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, err
	}
	_ = unix.Madvise(mem, unix.MADV_HUGEPAGE) // only advice; ignored where huge pages are off
	buf := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(mem))), n)
	return buf, func() { unix.Munmap(mem) }, nil
}
