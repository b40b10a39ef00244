//go:build cgo

package rng

// The C library's natural logarithm, which NumPy's legacy normal generator
// calls. gosnn_logs takes a whole batch per call, so the cost of crossing
// into C is paid once per batch, not once per value.

/*
#cgo CFLAGS: -O2 -fno-fast-math
#cgo LDFLAGS: -lm
#cgo noescape gosnn_logs
#cgo nocallback gosnn_logs
#include <math.h>
#include <stddef.h>

static void gosnn_logs(double *x, size_t n) {
	for (size_t i = 0; i < n; i++) {
		x[i] = log(x[i]);
	}
}

static double gosnn_log(double x) { return log(x); }
*/
import "C"

import "unsafe"

// LibmLog reports whether [NumPy] takes its logarithms from the C library,
// as NumPy does (true when built with cgo), rather than from the pure-Go
// [LogCR].
const LibmLog = true

// libmLog returns the C library's log(x).
func libmLog(x float64) float64 { return float64(C.gosnn_log(C.double(x))) }

// libmLogs replaces every x[i] by the C library's log(x[i]), in one call.
func libmLogs(x []float64) {
	if len(x) == 0 {
		return
	}
	C.gosnn_logs((*C.double)(unsafe.Pointer(&x[0])), C.size_t(len(x)))
}
