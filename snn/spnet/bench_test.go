package spnet

import (
	"runtime"
	"testing"
)

// BenchmarkSpnet60s compares the Go network with the C reference
// (gcc -O2) over the first 60 simulated seconds, in one run. Each
// iteration simulates the 60 s in Go (set-up excluded) and reports as
// c-ns/op the C reference's own timing of its simulation loop (run once,
// outside the timer), and their ratio as c/go. The machine is shared, so
// compare the two numbers of the same run.
func BenchmarkSpnet60s(b *testing.B) {
	const seconds = 60
	ref := reference(b, seconds, 0)
	var cSum float64
	var cRuns int
	for b.Loop() {
		b.StopTimer()
		// A fresh C run beside each Go run, so both see the same load.
		refRunsMu.Lock()
		delete(refRuns, "60/0")
		refRunsMu.Unlock()
		ref = reference(b, seconds, 0)
		cSum += ref.simSec
		cRuns++
		net, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		net.Run(seconds * 1000)
	}
	cNs := cSum / float64(cRuns) * 1e9
	goNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(cNs, "c-ns/op")
	b.ReportMetric(cNs/goNs, "c/go")
}

// BenchmarkSpnetMemory reports the heap a network holds against its
// synapse state (target, weight, delay and derivative of every synapse).
func BenchmarkSpnetMemory(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		net, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		net.Run(1000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held := float64(after.HeapAlloc - before.HeapAlloc)
		syn := float64(net.Syn.Len() * (4 + 8 + 1 + 8))
		b.ReportMetric(held/syn, "heap/synapse-state")
		runtime.KeepAlive(net)
	}
}
