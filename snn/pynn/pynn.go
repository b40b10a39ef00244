package pynn

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"text/template"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/npy"
)

// UnitsPerNanoamp converts between gosnn's input current I (mV/ms) and the
// nA of PyNN's Izhikevich cell on NEURON, whose membrane is 1 pF: 1 nA
// moves v by 1000 mV/ms, so a current I is exported as I/UnitsPerNanoamp
// nA (a division, so that 5 becomes exactly the double nearest 0.005).
const UnitsPerNanoamp = 1000

// DelayMs is the delay of every synapse exported from a network of 1 ms
// steps: a gosnn spike fired in step t reaches its targets' input in step
// t+1, one step later. A network of another step dt gets delays of dt, but
// at least two NEURON steps (see [Options].Delay).
const DelayMs = snn.DT

// DefaultTimestep is NEURON's integration step, in ms, when
// [Options].Timestep is 0 and the network's step is not shorter: PyNN's
// default.
const DefaultTimestep = 0.1

// NoiseHoldMs is how long a noise value is held: gosnn's [snn.Noise] draws
// once per millisecond at any step, as NoisyCurrentSource(dt=1 ms) does.
const NoiseHoldMs = 1.0

// Options control an export. The zero value is not valid: Steps must be set.
//
// The export follows the network's step dt (1 ms unless the network was
// built with another): Steps count steps of dt, every synapse gets a delay
// of one step dt (PyNN's min_delay; but see Delay), and noise is redrawn
// every 1 ms at any dt ([NoiseHoldMs]). NEURON's step, Timestep, must
// divide both dt and 1 ms.
type Options struct {
	// Steps is the simulated time in steps of the network (> 0): ms for
	// the default 1 ms step.
	Steps int
	// Timestep is NEURON's integration step in ms; 0 means
	// DefaultTimestep, or the network's step when that is shorter. The
	// network's step and 1 ms (the noise grid) must be whole numbers of
	// NEURON steps.
	Timestep float64
	// NoiseSeed seeds NumPy's generator in run.py: the noise of network
	// neuron i is drawn after np.random.seed([NoiseSeed, i]), whatever the
	// number of MPI ranks.
	NoiseSeed uint32
	// Delay is the delay of every synapse in ms; 0 means one step of the
	// network, or two NEURON steps when that is longer: NEURON's fixed
	// step on more than one MPI rank refuses delays that are not longer
	// than its step ("mindelay is 0 (or less than dt for fixed step
	// method)"), so a network of 0.1 ms steps run at 0.1 ms gets 0.2 ms.
	// A delay of one NEURON step runs on one rank only. It must be a whole
	// number of network steps and of NEURON steps.
	Delay float64
}

// Validate reports options that cannot be exported.
func (o Options) Validate() error {
	if o.Steps <= 0 {
		return fmt.Errorf("pynn export: %d steps: the simulated time must be at least 1 ms", o.Steps)
	}
	if o.Timestep != 0 {
		return checkTimestep(o.Timestep)
	}
	return nil
}

func checkTimestep(ts float64) error {
	if !(ts > 0) || math.IsInf(ts, 0) || !divides(ts, NoiseHoldMs) {
		return fmt.Errorf("pynn export: timestep %g ms: must be > 0 and divide %g ms (e.g. 0.1, 0.025 or 1)", ts, NoiseHoldMs)
	}
	return nil
}

// timestep returns NEURON's step for a network of step dt.
func (o Options) timestep(dt float64) float64 {
	if o.Timestep == 0 {
		return min(DefaultTimestep, dt)
	}
	return o.Timestep
}

// divides reports whether x ms is a whole number of steps of h ms (to a
// relative 1e-9: 0.3 is three steps of 0.1).
func divides(h, x float64) bool {
	k := x / h
	return math.Round(k) >= 1 && math.Abs(k-math.Round(k)) <= 1e-9*k
}

// Manifest is network.json: what reading the spikes back needs to know
// about the exported network.
type Manifest struct {
	Neurons     int          `json:"neurons"`
	Steps       int          `json:"steps"`              // simulated time in steps of DTMs
	DTMs        float64      `json:"dt_ms,omitempty"`    // the network's step; 0: 1 ms
	TimestepMs  float64      `json:"timestep_ms"`        // NEURON's step
	DelayMs     float64      `json:"delay_ms,omitempty"` // every synapse's delay
	Populations []Population `json:"populations"`
}

// DT returns the network's step in ms (1 for a manifest without one).
func (m *Manifest) DT() float64 {
	if m.DTMs == 0 {
		return snn.DT
	}
	return m.DTMs
}

// Population is one population in a [Manifest].
type Population struct {
	Name       string `json:"name"`
	Start      int    `json:"start"` // network index of its first neuron
	Size       int    `json:"size"`
	Inhibitory bool   `json:"inhibitory"`
}

// Info returns the populations as snn describes them.
func (m *Manifest) Info() []snn.PopulationInfo {
	info := make([]snn.PopulationInfo, len(m.Populations))
	for k, p := range m.Populations {
		info[k] = snn.PopulationInfo{Name: p.Name, Start: p.Start, Size: p.Size, Inhibitory: p.Inhibitory}
	}
	return info
}

// projection is one PyNN Projection of run.py and its data file.
type projection struct {
	File      string
	Pre, Post int
	Receptor  string // "excitatory" or "inhibitory"
	Connector string // "array" (dense weights) or "list" (sparse rows)
}

// current is one population's StepCurrentSource in run.py.
type current struct {
	Population int
	File       string
}

// array is one .npy file to write: float64 values of shape (rows, cols),
// or (rows,) when cols is 0.
type array struct {
	name       string
	x          []float64
	rows, cols int
}

// export is everything Write writes, built before any file is written.
type export struct {
	Steps       int
	Duration    string // Python literals
	Timestep    string
	Delay       string // of a one-step synapse: PyNN's min_delay
	MaxDelay    string // the longest delay, when the delays differ
	NoiseDT     string
	dt, delay   float64 // the network's step and the synapses' delay, ms
	NoiseSeed   uint32
	Neurons     int
	Populations []Population
	Projections []projection
	Currents    []current
	arrays      []array
	manifest    Manifest
}

//go:embed run.py.tmpl
var runTemplate string

var runPy = template.Must(template.New("run.py").Parse(runTemplate))

// Write builds the network cfg describes (with [snn.New]: the same
// parameters and weights a gosnn run of cfg gets) and writes it into dir
// (created if needed) as a PyNN 0.10 script run.py, the .npy arrays it
// loads and network.json. It returns the paths written.
//
// It refuses, before writing anything, what PyNN cannot run as gosnn
// does: populations whose model is not the built-in [snn.Izhikevich],
// stimuli other than [snn.Noise], [snn.Constant] and [snn.Pulse], and
// synapses other than [snn.Dense] and [snn.Sparse]. Every file is written
// atomically and run.py last (an old run.py is removed first), so a
// failed export never leaves a script that runs mixed data.
func Write(dir string, cfg snn.Config, opts Options) ([]string, error) {
	ex, err := build(cfg, opts)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, errors.New("pynn export: empty directory name: give the directory to write run.py and its data into")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pynn export: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, "run.py")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("pynn export: remove the old run.py: %w", err)
	}
	var written []string
	save := func(name string, write func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := snn.WriteFile(path, write); err != nil {
			return fmt.Errorf("pynn export: %w", err)
		}
		written = append(written, path)
		return nil
	}
	for _, a := range ex.arrays {
		shape := []int{a.rows}
		if a.cols != 0 {
			shape = append(shape, a.cols)
		}
		err := save(a.name, func(w io.Writer) error { return npy.WriteFloats(w, a.x, shape...) })
		if err != nil {
			return written, err
		}
	}
	err = save("network.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ex.manifest)
	})
	if err != nil {
		return written, err
	}
	var script bytes.Buffer
	if err := runPy.Execute(&script, ex); err != nil {
		return written, fmt.Errorf("pynn export: run.py: %w", err)
	}
	err = save("run.py", func(w io.Writer) error { _, err := w.Write(script.Bytes()); return err })
	if err == nil {
		err = os.Chmod(filepath.Join(dir, "run.py"), 0o755)
	}
	return written, err
}

// build checks cfg and opts, builds the network and collects the data of
// every file.
func build(cfg snn.Config, opts Options) (*export, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	// Refuse what cannot be exported before spending time on the build.
	if cfg.Plasticity != nil {
		return nil, fmt.Errorf("pynn export: the network has plasticity (%T): PyNN's plasticity models are not gosnn's rules, so it is not exported; export the network without Plasticity (its weights as they are)", cfg.Plasticity)
	}
	for k, pc := range cfg.Populations {
		if pc.Model != nil {
			if _, ok := pc.Model.(*snn.Izhikevich); !ok {
				return nil, fmt.Errorf("pynn export: population %q has its own model (%T): PyNN runs only the built-in Izhikevich neurons (set Params and Jitter, not Model)", popName(pc, k), pc.Model)
			}
		}
	}
	net, err := snn.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("pynn export: %w", err)
	}
	pops := net.Populations()
	dt := net.TimeStep()
	ts := opts.timestep(dt)
	if err := checkTimestep(ts); err != nil {
		return nil, err
	}
	if !divides(ts, dt) {
		return nil, fmt.Errorf("pynn export: timestep %g ms: must divide the network's step of %g ms", ts, dt)
	}
	delay := opts.Delay
	if delay == 0 {
		delay = max(dt, 2*ts)
		if !divides(dt, delay) {
			delay = dt * math.Ceil(delay/dt-1e-9)
		}
	}
	if !(delay > 0) || math.IsInf(delay, 0) || !divides(dt, delay) || !divides(ts, delay) {
		return nil, fmt.Errorf("pynn export: delay %g ms: must be a whole number ≥ 1 of the network's steps of %g ms and of NEURON's steps of %g ms (0: the default)", delay, dt, ts)
	}
	ex := &export{
		Steps:     opts.Steps,
		Duration:  pyFloat(float64(opts.Steps) * dt),
		Timestep:  pyFloat(ts),
		Delay:     pyFloat(delay),
		NoiseDT:   pyFloat(NoiseHoldMs),
		NoiseSeed: opts.NoiseSeed,
		Neurons:   net.Len(),
		dt:        dt,
		delay:     delay,
	}
	for k, p := range pops {
		ex.Populations = append(ex.Populations, Population{Name: p.Name, Start: p.Start, Size: p.Size, Inhibitory: p.Inhibitory})
		z, ok := net.Model(k).(*snn.Izhikevich)
		if !ok {
			return nil, fmt.Errorf("pynn export: population %q has its own model (%T): PyNN runs only the built-in Izhikevich neurons", p.Name, net.Model(k))
		}
		x := make([]float64, 0, 6*p.Size)
		for i := range p.Size {
			x = append(x, z.A[i], z.B[i], z.C[i], z.D[i], z.V[i], z.U[i])
		}
		ex.arrays = append(ex.arrays, array{fmt.Sprintf("population_%d.npy", k), x, p.Size, 6})
	}
	ex.manifest = Manifest{Neurons: net.Len(), Steps: opts.Steps, DTMs: dt, TimestepMs: ts, DelayMs: delay, Populations: ex.Populations}

	switch syn := net.Synapses().(type) {
	case *snn.Dense:
		ex.denseProjections(pops, syn)
	case *snn.Sparse:
		ex.sparseProjections(pops, net.Len(), func(j int, each func(i int, w, delay float64)) {
			post, w := syn.Row(j)
			for m, i := range post {
				each(i, w[m], ex.delay)
			}
		})
	case *snn.DelayedSparse:
		// A synapse of d steps acts d−1 steps after the spike's step ends
		// (d = 1: right after it, as Sparse's); every exported synapse
		// comes ex.delay − dt later than in gosnn, the same for all.
		ex.sparseProjections(pops, net.Len(), func(j int, each func(i int, w, delay float64)) {
			lo, hi := syn.Row(j)
			for k := lo; k < hi; k++ {
				each(syn.Post(k), syn.Weights()[k], float64(syn.Delay(k)-1)*dt+ex.delay)
			}
		})
		ex.MaxDelay = pyFloat(float64(syn.MaxDelay()-1)*dt + ex.delay)
	default:
		return nil, fmt.Errorf("pynn export: synapses of type %T: only snn.Dense, snn.Sparse and snn.DelayedSparse export (as ArrayConnector and FromListConnector)", syn)
	}
	if err := ex.stimuli(cfg, pops); err != nil {
		return nil, err
	}
	return ex, nil
}

// receptors names PyNN's receptor for a weight's sign and the file suffix.
var receptors = [2]struct{ name, suffix string }{{"excitatory", "exc"}, {"inhibitory", "inh"}}

// receptor returns 0 for a positive weight, 1 for a negative one.
func receptor(w float64) int {
	if w < 0 {
		return 1
	}
	return 0
}

// denseProjections writes each block of the dense matrix, from population
// J to K, as (n_J, n_K) arrays of weights, one per sign (ArrayConnector on
// the non-zero entries). Zero weights are no synapse: they change nothing.
func (ex *export) denseProjections(pops []snn.PopulationInfo, d *snn.Dense) {
	for j, pj := range pops {
		for k, pk := range pops {
			var blocks [2][]float64
			for pre := range pj.Size {
				for post := range pk.Size {
					w := d.At(pk.Start+post, pj.Start+pre)
					if w == 0 {
						continue
					}
					r := receptor(w)
					if blocks[r] == nil {
						blocks[r] = make([]float64, pj.Size*pk.Size)
					}
					blocks[r][pre*pk.Size+post] = w
				}
			}
			for r, x := range blocks {
				if x == nil {
					continue
				}
				name := fmt.Sprintf("weights_%d_%d_%s.npy", j, k, receptors[r].suffix)
				ex.arrays = append(ex.arrays, array{name, x, pj.Size, pk.Size})
				ex.Projections = append(ex.Projections, projection{name, j, k, receptors[r].name, "array"})
			}
		}
	}
}

// sparseProjections writes the synapses from population J to K as rows
// pre, post, weight, delay (indices inside the populations), one list per
// sign (FromListConnector). row(j, each) calls each for every synapse of
// presynaptic neuron j with its target, weight and exported delay in ms.
// Zero weights are left out; repeated pairs stay separate synapses, as in
// gosnn.
func (ex *export) sparseProjections(pops []snn.PopulationInfo, n int, row func(j int, each func(i int, w, delay float64))) {
	popOf := make([]int, n)
	for k, p := range pops {
		for i := range p.Size {
			popOf[p.Start+i] = k
		}
	}
	lists := make([][2][]float64, len(pops)*len(pops))
	for j, pj := range pops {
		for pre := range pj.Size {
			row(pj.Start+pre, func(i int, w, delay float64) {
				if w == 0 {
					return
				}
				k := popOf[i]
				l := &lists[j*len(pops)+k][receptor(w)]
				*l = append(*l, float64(pre), float64(i-pops[k].Start), w, delay)
			})
		}
	}
	for j := range pops {
		for k := range pops {
			for r, x := range lists[j*len(pops)+k] {
				if x == nil {
					continue
				}
				name := fmt.Sprintf("connections_%d_%d_%s.npy", j, k, receptors[r].suffix)
				ex.arrays = append(ex.arrays, array{name, x, len(x) / 4, 4})
				ex.Projections = append(ex.Projections, projection{name, j, k, receptors[r].name, "list"})
			}
		}
	}
}

// stimuli collects each population's noise level and deterministic current
// from its own stimuli and the network's, refusing the others.
func (ex *export) stimuli(cfg snn.Config, pops []snn.PopulationInfo) error {
	variance := make([]float64, len(pops))
	currents := make([][]float64, len(pops)) // per step, nil: none
	add := func(k int, s snn.Stimulus, where string) error {
		var c snn.Pulse // Constant is a pulse without end
		switch s := s.(type) {
		case *snn.Noise:
			variance[k] += s.Std * s.Std // independent Gaussians add variances
			return nil
		case snn.Constant:
			c = snn.Pulse{Current: s.Current}
		case *snn.Constant:
			c = snn.Pulse{Current: s.Current}
		case snn.Pulse:
			c = s
		case *snn.Pulse:
			c = *s
		default:
			return fmt.Errorf("pynn export: %s: a stimulus of type %T has no PyNN equivalent: only snn.Noise, snn.Constant and snn.Pulse export (a StimulusFunc or a scripted stimulus cannot)", where, s)
		}
		if currents[k] == nil {
			currents[k] = make([]float64, ex.Steps)
		}
		// The pulse's times are in ms: it needs the network's step.
		if err := c.SetTimeStep(ex.dt); err != nil {
			return fmt.Errorf("pynn export: %s: %w", where, err)
		}
		one := []float64{0}
		for t := range ex.Steps {
			one[0] = 0
			c.Stimulate(t, one, nil)
			currents[k][t] += one[0]
		}
		return nil
	}
	for k, pc := range cfg.Populations {
		for m, s := range pc.Stimuli {
			if err := add(k, s, fmt.Sprintf("population %q, stimulus %d", pops[k].Name, m)); err != nil {
				return err
			}
		}
	}
	for m, s := range cfg.Stimuli {
		for k := range pops {
			if err := add(k, s, fmt.Sprintf("network stimulus %d", m)); err != nil {
				return err
			}
		}
	}
	std := make([]float64, len(pops))
	for k, v := range variance {
		std[k] = math.Sqrt(v) / UnitsPerNanoamp
	}
	ex.arrays = append(ex.arrays, array{"noise_std.npy", std, len(pops), 0})
	for k, I := range currents {
		if I == nil {
			continue
		}
		// Change points: the current from t ms on, until the next row.
		var rows []float64
		last := 0.0
		for t, x := range I {
			if x != last {
				rows = append(rows, float64(t)*ex.dt, x/UnitsPerNanoamp)
				last = x
			}
		}
		if rows == nil {
			continue // a zero current
		}
		name := fmt.Sprintf("current_%d.npy", k)
		ex.arrays = append(ex.arrays, array{name, rows, len(rows) / 2, 2})
		ex.Currents = append(ex.Currents, current{k, name})
	}
	return nil
}

func popName(pc snn.PopulationConfig, k int) string {
	if pc.Name != "" {
		return pc.Name
	}
	return fmt.Sprintf("population %d", k)
}

// pyFloat formats x as a Python float literal.
func pyFloat(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	for _, c := range s {
		if c == '.' || c == 'e' {
			return s
		}
	}
	return s + ".0"
}
