package spnet

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// sameState fails unless a and b hold bit-identical state.
func sameState(t *testing.T, a, b *Network) {
	t.Helper()
	if a.Time() != b.Time() {
		t.Fatalf("clock %d and %d", a.Time(), b.Time())
	}
	eq := func(name string, x, y []float64) {
		t.Helper()
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				t.Fatalf("%s[%d]: %v and %v", name, i, x[i], y[i])
			}
		}
	}
	eq("V", a.V, b.V)
	eq("U", a.U, b.U)
	eq("Weight", a.Syn.Weight, b.Syn.Weight)
	eq("Deriv", a.Plasticity.(*STDP).Deriv, b.Plasticity.(*STDP).Deriv)
}

func TestCheckpointResumeIsBitIdentical(t *testing.T) {
	for _, at := range []int{0, 7, 1234, 3000} { // mid-second and on a second boundary
		whole, err := New(Default())
		if err != nil {
			t.Fatal(err)
		}
		whole.Run(at)
		var buf bytes.Buffer
		if err := whole.Save(&buf); err != nil {
			t.Fatal(err)
		}
		resumed, err := Load(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, whole, resumed)
		a, b := &Spikes{}, &Spikes{}
		whole.Monitors = []Monitor{a}
		resumed.Monitors = []Monitor{b}
		const more = 2500
		whole.Run(more)
		resumed.Run(more)
		if a.Len() == 0 || a.Len() != b.Len() {
			t.Fatalf("saved at %d ms: %d spikes uninterrupted, %d resumed", at, a.Len(), b.Len())
		}
		for k := range a.Times {
			if a.Times[k] != b.Times[k] || a.Neurons[k] != b.Neurons[k] {
				t.Fatalf("saved at %d ms: spike %d differs", at, k)
			}
		}
		sameState(t, whole, resumed)
	}
}

func TestCheckpointRejectsDamage(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	net.Run(1500)
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x40
		return b
	}
	version := bytes.Clone(good)
	binary.LittleEndian.PutUint32(version[len(checkpointMagic):], 99)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a spnet checkpoint"},
		{"other file", []byte("t,neuron\n1,2\n"), "not a spnet checkpoint"},
		{"newer version", version, "version 99"},
		{"cut in the header", good[:20], "truncated"},
		{"cut in the synapses", good[:len(good)/2], "truncated"},
		{"cut before the checksum", good[:len(good)-2], "truncated"},
		{"flipped byte in the middle", flip(len(good) / 2), "checksum"},
		{"flipped history position", flip(len(good) - 5), "history position"},
	}
	for _, c := range cases {
		_, err := Load(bytes.NewReader(c.data))
		if err == nil {
			t.Errorf("%s: loaded without error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
}

func TestSaveRefusesUnsavableParts(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	net.Input = StimulusFunc(func(*Network, []float64) {})
	if err := net.Save(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "cannot be saved") {
		t.Errorf("custom input: %v", err)
	}
	net.Input = Thalamic{Amplitude: 20}
	net.Plasticity = hidden{net.Plasticity}
	if err := net.Save(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "cannot be saved") {
		t.Errorf("custom plasticity: %v", err)
	}
	if err := (&Network{}).Save(&bytes.Buffer{}); err == nil {
		t.Error("zero Network saved")
	}
}

// hidden hides the concrete type of a Plasticity.
type hidden struct{ Plasticity }
