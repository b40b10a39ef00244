package snn

import (
	"strings"
	"testing"
)

func TestLookupPreset(t *testing.T) {
	tests := []struct {
		name string
		want Params
	}{
		{"RS", Params{0.02, 0.2, -65, 8}},
		{"rs", Params{0.02, 0.2, -65, 8}},
		{" Ib ", Params{0.02, 0.2, -55, 4}},
		{"CH", Params{0.02, 0.2, -51, 2}},
		{"fs", Params{0.1, 0.2, -65, 2}},
		{"TC", Params{0.02, 0.25, -65, 0.05}},
		{"lts", Params{0.02, 0.25, -65, 2}},
		{"RZ", Params{0.1, 0.26, -65, 2}},
	}
	for _, tt := range tests {
		p, err := LookupPreset(tt.name)
		if err != nil {
			t.Errorf("LookupPreset(%q): %v", tt.name, err)
			continue
		}
		if p.Params != tt.want {
			t.Errorf("LookupPreset(%q) = %+v, want %+v", tt.name, p.Params, tt.want)
		}
		if p.Description == "" {
			t.Errorf("preset %s has no description", p.Name)
		}
	}
}

func TestLookupPresetUnknownListsValid(t *testing.T) {
	_, err := LookupPreset("XX")
	if err == nil {
		t.Fatal("LookupPreset(XX) succeeded")
	}
	for _, name := range PresetNames() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list preset %s", err, name)
		}
	}
}

func TestLookupScenario(t *testing.T) {
	want := map[string][2]float64{
		"default": {0.5, 1}, "S1": {0.6, 1.6}, "s2": {0.6, 0.6}, "S3": {0.3, 0.1}, "S4": {0.1, 0.1}, "S5": {0.3, 0.2},
	}
	for name, w := range want {
		s, err := LookupScenario(name)
		if err != nil {
			t.Fatalf("LookupScenario(%q): %v", name, err)
		}
		if s.Excitatory != w[0] || s.Inhibitory != w[1] {
			t.Errorf("LookupScenario(%q) = (%g, %g), want (%g, %g)", name, s.Excitatory, s.Inhibitory, w[0], w[1])
		}
	}
	if _, err := LookupScenario("S9"); err == nil || !strings.Contains(err.Error(), "S5") {
		t.Errorf("LookupScenario(S9) error = %v, want one listing S1..S5", err)
	}
}

func TestJitter(t *testing.T) {
	// r = 0 leaves parameters unchanged; r near 1 moves them to the
	// corner the tutorial describes (bursting excitatory cells, faster
	// inhibitory ones).
	p := RS.Params
	if got := ExcitatoryJitter(p, 0); got != p {
		t.Errorf("ExcitatoryJitter(r=0) = %+v, want %+v", got, p)
	}
	if got := ExcitatoryJitter(p, 1); got != (Params{0.02, 0.2, -50, 2}) {
		t.Errorf("ExcitatoryJitter(r=1) = %+v, want c=-50 d=2", got)
	}
	q := LTS.Params
	got := InhibitoryJitter(q, 1)
	if got.A != 0.02+0.08 || got.B != 0.25-0.05 || got.C != q.C || got.D != q.D {
		t.Errorf("InhibitoryJitter(r=1) = %+v", got)
	}
}
