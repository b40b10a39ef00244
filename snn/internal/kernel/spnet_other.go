//go:build !amd64 || purego

package kernel

// SpnetIzhikevich does nothing here; see the amd64 version.
func SpnetIzhikevich(v, u, a, in []float64) (done int) { return 0 }

// SpnetWeights does nothing here; see the amd64 version.
func SpnetWeights(w, sd []float64, decay, drift, max float64) (done int) { return 0 }

// Scale does nothing here; see the amd64 version.
func Scale(x []float64, f float64) (done int) { return 0 }

// NotBelow does nothing here; see the amd64 version.
func NotBelow(x []float64, threshold float64, mask []uint8) (done int) { return 0 }
