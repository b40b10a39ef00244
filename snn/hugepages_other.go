//go:build !linux

package snn

import "unsafe"

// adviseHugePages does nothing outside Linux; see hugepages_linux.go.
func adviseHugePages(p unsafe.Pointer, size uintptr) {}
