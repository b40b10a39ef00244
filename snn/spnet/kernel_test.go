package spnet

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// extremes are values a kernel must pass through exactly as the Go code
// does: signed zeros, subnormals, huge numbers, infinities and NaN.
var extremes = []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 1e308, -1e308, math.Inf(1), math.Inf(-1), math.NaN(), 30, 29.999999999999996, -65, 10, 10.000000000000002}

// randomState fills x with typical and extreme values.
func randomState(r *rand.Rand, x []float64, lo, hi float64) {
	for i := range x {
		if r.IntN(8) == 0 {
			x[i] = extremes[r.IntN(len(extremes))]
		} else {
			x[i] = lo + (hi-lo)*r.Float64()
		}
	}
}

func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// TestKernelsAreExact compares the AVX2 kernels spnet uses with its Go
// code, element by element and bit for bit, on random and extreme inputs
// of every length up to 67 (so every tail the kernels leave to Go).
func TestKernelsAreExact(t *testing.T) {
	if !kernel.Enabled {
		t.Skip("no AVX2 kernels on this machine or build; the Go code runs alone")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 68 {
		for range 20 {
			v, u, a, in := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
			randomState(r, v, -80, 40)
			randomState(r, u, -20, 10)
			randomState(r, a, 0.01, 0.2)
			randomState(r, in, -30, 40)
			wantV, wantU := append([]float64(nil), v...), append([]float64(nil), u...)
			for i := range wantV {
				wantV[i], wantU[i] = izhikevich(wantV[i], wantU[i], a[i], in[i])
			}
			done := kernel.SpnetIzhikevich(v, u, a, in)
			if done != n&^3 {
				t.Fatalf("n %d: the kernel did %d neurons", n, done)
			}
			for i := range done {
				if !sameBits(v[i], wantV[i]) || !sameBits(u[i], wantU[i]) {
					t.Fatalf("n %d, neuron %d: kernel v %v u %v, Go v %v u %v", n, i, v[i], u[i], wantV[i], wantU[i])
				}
			}

			w, sd := make([]float64, n), make([]float64, n)
			randomState(r, w, -1, 11)
			randomState(r, sd, -2, 2)
			p := &STDP{derivDecay: 0.9, drift: 0.01, maxWeight: 10, plastic: n}
			wantW, wantSD := append([]float64(nil), w...), append([]float64(nil), sd...)
			was := kernel.Enabled
			kernel.Enabled = false
			p.Deriv = wantSD
			p.updateWeights(wantW)
			kernel.Enabled = was
			p.Deriv = sd
			p.updateWeights(w)
			for j := range n {
				if !sameBits(w[j], wantW[j]) || !sameBits(sd[j], wantSD[j]) {
					t.Fatalf("n %d, synapse %d: kernel w %v sd %v, Go w %v sd %v", n, j, w[j], sd[j], wantW[j], wantSD[j])
				}
			}

			mask := make([]uint8, n/4)
			got := kernel.NotBelow(v, threshold, mask)
			for i := range got {
				if want := !(v[i] < threshold); (mask[i/4]>>(i%4))&1 == 1 != want {
					t.Fatalf("n %d, neuron %d: v %v, NotBelow's bit %d, want %v", n, i, v[i], (mask[i/4]>>(i%4))&1, want)
				}
			}

			x := make([]float64, n)
			randomState(r, x, 0, 0.12)
			want := append([]float64(nil), x...)
			for i := range want {
				want[i] = float64(0.95 * want[i])
			}
			for i := kernel.Scale(x, 0.95); i < n; i++ {
				x[i] = float64(0.95 * x[i])
			}
			for i := range n {
				if !sameBits(x[i], want[i]) {
					t.Fatalf("n %d, element %d: Scale %v, Go %v", n, i, x[i], want[i])
				}
			}
		}
	}
	// The clamps keep −0 and NaN as the Go comparisons do (with a drift
	// of −0 and sd −0, s + (drift + sd) is s itself).
	negZero := math.Copysign(0, -1)
	for _, s := range []float64{negZero, math.NaN(), -1e-300, 10, math.Inf(1)} {
		w, sd := []float64{s, s, s, s}, []float64{negZero, negZero, negZero, negZero}
		p := &STDP{Deriv: sd, derivDecay: 0.9, drift: negZero, maxWeight: 10, plastic: 4}
		p.updateWeights(w)
		want := s
		if s > 10 {
			want = 10
		}
		if s < 0 {
			want = 0
		}
		if !sameBits(w[0], want) {
			t.Errorf("weight %v after the update: %v, want %v", s, w[0], want)
		}
	}
}

// TestRunWithoutKernels runs the network with the kernels on and off and
// asks for the same state, so the Go path that other machines take is
// checked against the golden path here.
func TestRunWithoutKernels(t *testing.T) {
	run := func(enabled bool) *Network {
		was := kernel.Enabled
		kernel.Enabled = enabled && was
		defer func() { kernel.Enabled = was }()
		net, err := New(Default())
		if err != nil {
			t.Fatal(err)
		}
		net.Run(3000)
		return net
	}
	a, b := run(true), run(false)
	for i := range a.V {
		if !sameBits(a.V[i], b.V[i]) || !sameBits(a.U[i], b.U[i]) {
			t.Fatalf("neuron %d after 3 s: with kernels v %v u %v, without v %v u %v", i, a.V[i], a.U[i], b.V[i], b.U[i])
		}
	}
	da, db := a.Plasticity.(*STDP).Deriv, b.Plasticity.(*STDP).Deriv
	for j := range a.Syn.Weight {
		if !sameBits(a.Syn.Weight[j], b.Syn.Weight[j]) || !sameBits(da[j], db[j]) {
			t.Fatalf("synapse %d after 3 s: with kernels s %v sd %v, without s %v sd %v", j, a.Syn.Weight[j], da[j], b.Syn.Weight[j], db[j])
		}
	}
}

// TestDepressionTraceCache checks the STDP rule's per-neuron depression
// traces, decayed every millisecond, against the trace computed from each
// neuron's last spike, at every millisecond of a run and after a resume.
func TestDepressionTraceCache(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	stdp := net.Plasticity.(*STDP)
	check := MonitorFunc(func(net *Network) {
		// Monitors run before Stepped's decay: the traces are the present
		// millisecond's.
		for i, x := range stdp.ltd {
			if want := stdp.LTD(net, i); !sameBits(x, want) {
				t.Fatalf("ms %d, neuron %d: cached LTD %v, from the last spike %v", net.Time(), i, x, want)
			}
		}
	})
	net.Monitors = []Monitor{check}
	net.Run(1500)
	// A rule made between steps (as Load makes one) starts from the
	// traces the running one has for the next millisecond.
	fresh, err := NewSTDPWith(net, stdp.Params())
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range fresh.ltd {
		if !sameBits(x, stdp.ltd[i]) {
			t.Fatalf("a rule made at ms %d: LTD of neuron %d %v, the running rule's %v", net.Time(), i, x, stdp.ltd[i])
		}
	}
}
