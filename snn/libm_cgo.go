//go:build cgo

package snn

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

func cLog(x float64) float64 { return float64(C.log(C.double(x))) }
