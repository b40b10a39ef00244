//go:build !unix

package spnet

// processCPU returns 0 where the benchmark cannot read the process's CPU
// time; it then reports no cpu-c/go.
func processCPU() float64 { return 0 }
