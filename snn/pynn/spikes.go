package pynn

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/snn"
)

// SpikesHeader is the header line of the spikes.csv that run.py writes.
const SpikesHeader = "t_ms,neuron"

// ReadSpikes reads the spikes.csv that run.py writes: the header
// "t_ms,neuron", then one line per spike with its time in ms and the
// neuron's network index. A spike at t ms belongs to gosnn step
// ⌊t / snn.DT⌋, the 1 ms step whose interval [t, t+1) ms holds it
// ([Manifest.ReadSpikes] reads them into the exported network's steps, as
// gosnn itself counts them). The spikes
// are returned ordered by step, then neuron, as [snn.Spikes] requires.
// neurons, when > 0, is the size of the network: a larger index is an
// error. A bad line gives an error that names its line number.
func ReadSpikes(r io.Reader, neurons int) (snn.Spikes, error) {
	return readSpikes(r, neurons, func(t float64) int { return int(math.Floor(t / snn.DT)) })
}

// ReadSpikes reads the spikes.csv of the run m describes, as the package's
// [ReadSpikes] does, but puts each spike into the network's step (m.DT)
// whose end it follows: NEURON finds v above threshold at the end of one
// of its steps of m.TimestepMs and records the spike there, at time t, so
// the spike belongs to the gosnn step that holds (t − TimestepMs, t], the
// step ⌊(t − TimestepMs/2)/dt⌋ (a spike at exactly t = 6 ms, found at the
// end of the step from 5.9 ms, is in the 1 ms step 5, and in the 0.1 ms
// step 59). That is the step gosnn itself would give the spike.
func (m *Manifest) ReadSpikes(r io.Reader) (snn.Spikes, error) {
	dt, half := m.DT(), m.TimestepMs/2
	return readSpikes(r, m.Neurons, func(t float64) int { return max(0, int(math.Floor((t-half)/dt))) })
}

// readSpikes reads a spikes.csv, giving a spike at t ms the step step(t).
func readSpikes(r io.Reader, neurons int, step func(t float64) int) (snn.Spikes, error) {
	sc := bufio.NewScanner(r)
	var s snn.Spikes
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			if text != SpikesHeader {
				return nil, fmt.Errorf("PyNN spikes line 1: %q: want the header %q (the spikes.csv that an exported run.py writes)", text, SpikesHeader)
			}
			continue
		}
		if text == "" {
			continue
		}
		a, b, ok := strings.Cut(text, ",")
		t, errT := strconv.ParseFloat(a, 64)
		i, errI := strconv.Atoi(b)
		if !ok || errT != nil || errI != nil || math.IsNaN(t) || math.IsInf(t, 0) || t < 0 || i < 0 {
			return nil, fmt.Errorf("PyNN spikes line %d: %q: want t_ms,neuron: a time ≥ 0 in ms and a neuron index ≥ 0", line, text)
		}
		if neurons > 0 && i >= neurons {
			return nil, fmt.Errorf("PyNN spikes line %d: neuron %d: the network has neurons 0 to %d", line, i, neurons-1)
		}
		s = append(s, snn.Spike{T: step(t), Neuron: i})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("PyNN spikes: %w", err)
	}
	if line == 0 {
		return nil, fmt.Errorf("PyNN spikes: empty file: want the header %q", SpikesHeader)
	}
	slices.SortStableFunc(s, func(x, y snn.Spike) int {
		return cmp.Or(cmp.Compare(x.T, y.T), cmp.Compare(x.Neuron, y.Neuron))
	})
	return s, nil
}

// ReadManifest reads the network.json that [Write] wrote beside run.py.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("PyNN network description: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("PyNN network description %s: %w", path, err)
	}
	n := 0
	for _, p := range m.Populations {
		if p.Start != n || p.Size <= 0 {
			return nil, fmt.Errorf("PyNN network description %s: population %q starts at %d with %d neurons: populations must follow each other from neuron 0", path, p.Name, p.Start, p.Size)
		}
		n += p.Size
	}
	if !(m.DTMs >= 0) || math.IsInf(m.DTMs, 0) || !(m.TimestepMs >= 0) || math.IsInf(m.TimestepMs, 0) {
		return nil, fmt.Errorf("PyNN network description %s: step %g ms, NEURON step %g ms: want finite steps ≥ 0", path, m.DTMs, m.TimestepMs)
	}
	if n == 0 || n != m.Neurons || m.Steps <= 0 {
		return nil, fmt.Errorf("PyNN network description %s: %d neurons in populations of %d, %d steps: want at least one population adding up to the neurons and steps ≥ 1", path, m.Neurons, n, m.Steps)
	}
	return &m, nil
}

// Result returns the spikes of an exported run as a gosnn result, for its
// analysis ([snn.Result.Rate], [snn.Result.DominantFrequency], ...) and
// figures. Spikes at or after the end of the run are an error.
func (m *Manifest) Result(spikes snn.Spikes) (*snn.Result, error) {
	if len(spikes) > 0 && spikes[len(spikes)-1].T >= m.Steps {
		return nil, fmt.Errorf("PyNN spikes: a spike in step %d, after the run's %d steps of %g ms: are the spikes from another run?", spikes[len(spikes)-1].T, m.Steps, m.DT())
	}
	return &snn.Result{Steps: m.Steps, DT: m.DT(), N: m.Neurons, Populations: m.Info(), Spikes: spikes}, nil
}
