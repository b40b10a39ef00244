// Package kernel holds vector (AVX2) versions of the two hot loops of a
// network step: the Izhikevich update and the summing of a dense weight
// matrix's rows.
//
// A kernel does the same IEEE-754 operations in the same order as the Go
// code in package snn that it stands for — lane by lane, with no fused
// multiply-adds — so its results are bit-identical; snn's tests compare
// the two on random and extreme inputs. Where AVX2 is missing, on other
// architectures, or when built with the purego tag, [Enabled] is false
// and every function does nothing (returns 0), leaving the work to the Go
// code.
//
// The kernels live in their own package because Go assembly cannot sit
// beside cgo, which package snn uses for the C library's log.
package kernel
