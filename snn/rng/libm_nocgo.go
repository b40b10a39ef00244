//go:build !cgo

package rng

// LibmLog reports whether [NumPy] takes its logarithms from the C library,
// as NumPy does (true when built with cgo), rather than from the pure-Go
// [LogCR].
const LibmLog = false

// libmLog stands in for the C library's log when cgo is off.
func libmLog(x float64) float64 { return LogCR(x) }

// libmLogs replaces every x[i] by LogCR(x[i]).
func libmLogs(x []float64) {
	for i, v := range x {
		x[i] = LogCR(v)
	}
}
