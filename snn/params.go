package snn

import (
	"fmt"
	"sort"
	"strings"
)

// Params are the four parameters of an Izhikevich neuron.
//
// A is the rate of the recovery variable u (per ms: smaller is slower), B
// its sensitivity to sub-threshold fluctuations of v (u per mV), C the
// value v is reset to after a spike (mV) and D the amount u grows by after
// a spike (u has the units of the input current: mV per ms, the
// tutorial's "current units", since v' = … − u + I).
type Params struct {
	A, B, C, D float64
}

// A Preset is a named parameter set that gives one of the firing patterns
// described by Izhikevich (2003).
type Preset struct {
	Name        string // short name, e.g. "RS"
	Description string // one line, e.g. "regular spiking"
	Params
}

// The presets, in the order the tutorial lists them.
//
// CH uses c = −51 mV as the tutorial does; Izhikevich's 2003 paper uses
// c = −50 mV. Use Params{0.02, 0.2, -50, 2} for the paper's value.
var (
	RS  = Preset{"RS", "regular spiking: excitatory cortical cells, adapting spike trains", Params{0.02, 0.2, -65, 8}}
	IB  = Preset{"IB", "intrinsically bursting: a burst of spikes, then single spikes", Params{0.02, 0.2, -55, 4}}
	CH  = Preset{"CH", "chattering: fast rhythmic bursts (tutorial's c = -51; the paper uses -50)", Params{0.02, 0.2, -51, 2}}
	FS  = Preset{"FS", "fast spiking: inhibitory interneurons, high rate without adaptation", Params{0.1, 0.2, -65, 2}}
	TC  = Preset{"TC", "thalamo-cortical: tonic spiking, or a rebound burst after inhibition", Params{0.02, 0.25, -65, 0.05}}
	LTS = Preset{"LTS", "low-threshold spiking: inhibitory, adapting, fires at low input", Params{0.02, 0.25, -65, 2}}
	RZ  = Preset{"RZ", "resonator: fires in response to inputs at its resonant frequency", Params{0.1, 0.26, -65, 2}}
)

var presets = []Preset{RS, IB, CH, FS, TC, LTS, RZ}

// Presets returns the named presets in the tutorial's order.
func Presets() []Preset {
	return append([]Preset(nil), presets...)
}

// PresetNames returns the names of the presets, in the tutorial's order.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return names
}

// LookupPreset returns the preset with the given name, ignoring case.
func LookupPreset(name string) (Preset, error) {
	for _, p := range presets {
		if strings.EqualFold(p.Name, strings.TrimSpace(name)) {
			return p, nil
		}
	}
	return Preset{}, fmt.Errorf("unknown neuron preset %q: valid presets are %s", name, strings.Join(PresetNames(), ", "))
}

// A Jitter makes one neuron's parameters differ from its population's:
// given the population's parameters and a number r drawn uniformly from
// [0, 1), it returns the neuron's parameters.
type Jitter func(p Params, r float64) Params

// ExcitatoryJitter is the tutorial's heterogeneity for excitatory neurons:
// c + 15r², d − 6r², a and b unchanged. Neurons with r near 1 burst
// (the IB and CH corner of parameter space).
func ExcitatoryJitter(p Params, r float64) Params {
	r2 := r * r
	// Each product is converted explicitly so that no platform fuses it
	// with the addition: the result must round exactly as NumPy's does.
	p.C = p.C + float64(15*r2)
	p.D = p.D - float64(6*r2)
	return p
}

// InhibitoryJitter is the tutorial's heterogeneity for inhibitory neurons:
// a + 0.08r, b − 0.05r, c and d unchanged.
func InhibitoryJitter(p Params, r float64) Params {
	p.A = p.A + float64(0.08*r)
	p.B = p.B - float64(0.05*r)
	return p
}

// Scenario is a named pair of weight scales for the tutorial network.
type Scenario struct {
	Name       string
	Excitatory float64 // we: excitatory weights are drawn from U(0, we)
	Inhibitory float64 // wi: inhibitory weights are drawn from −U(0, wi)
}

// The tutorial's weight scenarios. Default is Izhikevich's original.
var scenarios = []Scenario{
	{"default", 0.5, 1.0},
	{"S1", 0.6, 1.6},
	{"S2", 0.6, 0.6},
	{"S3", 0.3, 0.1},
	{"S4", 0.1, 0.1},
	{"S5", 0.3, 0.2},
}

// Scenarios returns the named weight scenarios, "default" first.
func Scenarios() []Scenario {
	return append([]Scenario(nil), scenarios...)
}

// LookupScenario returns the weight scenario with the given name
// ("default", "S1" … "S5"), ignoring case.
func LookupScenario(name string) (Scenario, error) {
	for _, s := range scenarios {
		if strings.EqualFold(s.Name, strings.TrimSpace(name)) {
			return s, nil
		}
	}
	names := make([]string, len(scenarios))
	for i, s := range scenarios {
		names[i] = s.Name
	}
	sort.Strings(names[1:])
	return Scenario{}, fmt.Errorf("unknown weight scenario %q: valid scenarios are %s", name, strings.Join(names, ", "))
}
