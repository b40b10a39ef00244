// Package kernel holds the assembly (AVX2 and AVX-512) versions of the hot
// loops of a network step: the Izhikevich update, the summing of a dense
// weight matrix's rows, the common case of FastStreams' ziggurat normal
// numbers, and two memory helpers (prefetching a sparse row into the
// level-2 cache, writing traces around the caches).
//
// A kernel does the same IEEE-754 operations in the same order as the Go
// code in package snn that it stands for — lane by lane, with no fused
// multiply-adds — so its results are bit-identical; snn's tests compare
// the two on random and extreme inputs, on every path the CPU has. Where
// a kernel's instructions are missing, on other architectures, or when
// built with the purego tag, the functions do nothing (return 0) or fall
// back to plain Go, leaving the work to the Go code.
//
// The kernels live in their own package because Go assembly cannot sit
// beside cgo, which package snn uses for the C library's log.
package kernel
