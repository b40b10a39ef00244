//go:build !cgo

package snn

import "math"

// cLog stands in for the C library's log when cgo is off.
func cLog(x float64) float64 { return math.Log(x) }
