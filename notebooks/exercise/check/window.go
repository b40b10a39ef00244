package check

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/snn/spnet"
)

// STDPWindow is the change of an excitatory synapse's derivative sd (its
// weight's pending change) that one pair of spikes makes under the
// spnet rule with parameters p: s is the ms in which the postsynaptic
// neuron fires minus the ms in which the presynaptic spike arrives (the ms
// whose integration it enters). A spike that arrived before the
// postsynaptic spike (s ≥ 1) potentiates by the presynaptic trace,
// p.Potentiation·p.Decay^(s−1); one that arrives in the ms of the
// postsynaptic spike or after (s ≤ 0) depresses by the postsynaptic
// trace, p.Depression·p.Decay^(−s).
func STDPWindow(p spnet.STDPParams, s int) float64 {
	if s >= 1 {
		return p.Potentiation * math.Pow(p.Decay, float64(s-1))
	}
	return -p.Depression * math.Pow(p.Decay, float64(-s))
}

// PublishedSTDP returns the parameters of the published rule, as package
// spnet's STDP uses them.
func PublishedSTDP() spnet.STDPParams {
	net, err := spnet.New(spnet.Default())
	if err != nil {
		panic(err) // the published configuration is valid
	}
	return spnet.NewSTDP(net).Params()
}

// judgeWindow compares the student's window, recorded for s from
// exercise.WindowMin to exercise.WindowMax, with STDPWindow for the
// published parameters, and says where and why it differs.
func judgeWindow(a *exercise.Answer) exercise.Verdict {
	if len(a.Values) == 0 {
		return exercise.Verdict{Why: "write the window function first"}
	}
	x, err := a.Get("window", exercise.WindowMax-exercise.WindowMin+1)
	if err != nil {
		return brokenAnswer(err)
	}
	p := PublishedSTDP()
	for k, got := range x {
		s := exercise.WindowMin + k
		want := STDPWindow(p, s)
		if math.Abs(got-want) <= 1e-12*math.Abs(want) {
			continue
		}
		why := fmt.Sprintf("s = %d ms: you give %.6g, the rule %.6g", s, got, want)
		switch {
		case got == 0 && want != 0:
			why += ": every pair within the window changes the synapse; only the size decays with |s|"
		case math.Signbit(got) != math.Signbit(want) && (s == 0 || s == 1):
			why += ": look at the schedule of a millisecond: the neurons that fire are reset first, then the spikes of that ms arrive. A spike arriving in the ms of the postsynaptic spike comes after it (s = 0 depresses); one that arrived the ms before (s = 1) potentiates"
		case math.Signbit(got) != math.Signbit(want):
			why += ": a presynaptic spike that arrives before the postsynaptic spike strengthens the synapse (s > 0), one that arrives after weakens it"
		case math.Abs(got-want) <= 0.06*math.Abs(want):
			why += fmt.Sprintf(": close; the trace is multiplied by Decay = %g once per ms after the spike that set it, so how many factors has it at s?", p.Decay)
		default:
			why += fmt.Sprintf(": potentiation starts at Potentiation = %g, depression at Depression = %g, and both decay by Decay = %g per ms", p.Potentiation, p.Depression, p.Decay)
		}
		return exercise.Verdict{Why: why}
	}
	return exercise.Verdict{OK: true, Why: fmt.Sprintf("your window is the rule's for s from −40 to 40 ms (largest change: +%.3g at s = 1, %.3g at s = 0)", STDPWindow(p, 1), STDPWindow(p, 0))}
}
