package nb

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

// What notebook 5 (plasticity) shares: a run of Izhikevich's
// polychronization network (package spnet) whose results later cells
// read back, and the exercise on the STDP window.

// A Learning is what a run of the polychronization network left for the
// figures: its per-second statistics, snapshots of the excitatory
// weights, the spikes of its first and last seconds, its rhythm and a
// checkpoint of the final network (for the polychronous groups).
type Learning struct {
	Seconds int
	Stats   []spnet.SecondStats
	// WeightTimes[k] is the ms at whose end Weights[k], the excitatory
	// weights in synapse order, were taken (before that second's update;
	// −1: the initial weights).
	WeightTimes []int64
	Weights     [][]float64
	// First and Last are the spikes of the first and the last second, in
	// ms from the start of the run.
	First, Last snn.Spikes
	// Rhythm is the dominant frequency (Hz, 20–100) of the excitatory
	// spike count over the last 10 seconds.
	Rhythm     float64
	Wall       time.Duration
	Checkpoint []byte
}

// Network returns the network at the end of the run, from its checkpoint.
func (l *Learning) Network() (*spnet.Network, error) {
	return spnet.Load(bytes.NewReader(l.Checkpoint))
}

// Result returns spikes as an snn.Result over the ms [from, to) of the
// run, with spnet's populations, for the plots of package plots.
func (l *Learning) Result(spikes snn.Spikes, from, to int) *snn.Result {
	var s snn.Spikes
	for _, x := range spikes {
		if x.T >= from && x.T < to {
			s = append(s, snn.Spike{T: x.T - from, Neuron: x.Neuron})
		}
	}
	return &snn.Result{Steps: to - from, N: 1000, Spikes: s, Populations: []snn.PopulationInfo{
		{Name: "excitatory", Start: 0, Size: 800}, {Name: "inhibitory", Start: 800, Size: 200, Inhibitory: true}}}
}

// learningFile is where Learn keeps its last run for the later cells.
func learningFile(seconds int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("gosnn-notebook-spnet-%ds.gob", seconds))
}

// Learn simulates the published polychronization network (seed 0) for
// seconds simulated seconds with a progress bar, snapshots the weights
// every snapshot seconds, and keeps the result in a file of the system's
// temporary directory, from which Learned reads it in later cells (GoNB
// runs every cell as a program of its own).
func Learn(seconds, snapshot int) (*Learning, error) {
	if seconds < 2 || snapshot < 1 {
		return nil, fmt.Errorf("nb.Learn(%d, %d): simulate at least 2 s, with a snapshot at least every second", seconds, snapshot)
	}
	net, err := spnet.New(spnet.Default())
	if err != nil {
		return nil, err
	}
	l := &Learning{Seconds: seconds}
	exc := func() []float64 { return append([]float64(nil), net.Syn.Weight[:net.Syn.Start(net.Excitatory())]...) }
	l.WeightTimes, l.Weights = []int64{-1}, [][]float64{exc()}
	stats := &spnet.Stats{}
	rhythm := &spnet.Rhythm{Seconds: min(10, seconds)}
	last := int64(seconds-1) * 1000
	spikes := spnet.MonitorFunc(func(n *spnet.Network) {
		t := n.Time()
		if t >= 1000 && t < last {
			return
		}
		for _, i := range n.Fired() {
			s := snn.Spike{T: int(t), Neuron: int(i)}
			if t < 1000 {
				l.First = append(l.First, s)
			} else {
				l.Last = append(l.Last, s)
			}
		}
	})
	snap := spnet.MonitorFunc(func(n *spnet.Network) {
		if t := n.Time(); (t+1)%int64(snapshot*1000) == 0 {
			l.WeightTimes = append(l.WeightTimes, t)
			l.Weights = append(l.Weights, exc())
		}
	})
	net.Monitors = append(net.Monitors, stats, rhythm, spikes, snap)
	bar := progressBar("polychronization network")
	start := time.Now()
	for s := range seconds {
		net.Run(1000)
		bar((s+1)*1000, seconds*1000)
	}
	l.Wall = time.Since(start)
	l.Stats = stats.Seconds
	if l.Rhythm, err = rhythm.DominantFrequency(20, 100); err != nil {
		l.Rhythm = math.NaN()
	}
	var cp bytes.Buffer
	if err := net.Save(&cp); err != nil {
		return nil, err
	}
	l.Checkpoint = cp.Bytes()
	err = snn.WriteFile(learningFile(seconds), func(w io.Writer) error { return gob.NewEncoder(w).Encode(l) })
	return l, err
}

// Learned returns the run of Learn(seconds, snapshot) that an earlier
// cell kept, or makes it now (a minute or so) if there is none.
func Learned(seconds, snapshot int) (*Learning, error) {
	if f, err := os.Open(learningFile(seconds)); err == nil {
		defer f.Close()
		var l Learning
		if err := gob.NewDecoder(f).Decode(&l); err == nil && l.Seconds == seconds && len(l.Weights) > 1 &&
			l.WeightTimes[1] == int64(snapshot*1000-1) {
			return &l, nil
		}
	}
	Note("no run of %d s kept by an earlier cell: simulating it now", seconds)
	return Learn(seconds, snapshot)
}

// STDPWindow is the change of an excitatory synapse's derivative sd (its
// weight's pending change) that one pair of spikes makes under the
// spnet rule with parameters p: s is the ms in which the postsynaptic
// neuron fires minus the ms in which the presynaptic spike arrives (the ms
// whose integration it enters). A spike that arrived before the
// postsynaptic spike (s ≥ 1) potentiates by the presynaptic trace,
// p.Potentiation·p.Decay^(s−1); one that arrives in the ms of the
// postsynaptic spike or after (s ≤ 0) depresses by the postsynaptic
// trace, p.Depression·p.Decay^(−s).
func STDPWindow(p spnet.STDPParams, s int) float64 { return check.STDPWindow(p, s) }

// PublishedSTDP returns the parameters of the published rule, as package
// spnet's STDP uses them.
func PublishedSTDP() spnet.STDPParams { return check.PublishedSTDP() }

// CheckWindow (notebook 5) compares the student's window function with
// STDPWindow for the published parameters, for s from −40 to 40 ms.
func CheckWindow(window func(s int) float64) Verdict {
	return check.Judge("window", exercise.AnswerWindow(window))
}
