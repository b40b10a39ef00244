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

// DelayMs is the delay of every exported synapse: a gosnn spike fired in
// step t reaches its targets' input in step t+1, one step of snn.DT later.
const DelayMs = snn.DT

// DefaultTimestep is NEURON's integration step, in ms, when
// [Options].Timestep is 0: PyNN's default.
const DefaultTimestep = 0.1

// Options control an export. The zero value is not valid: Steps must be set.
type Options struct {
	// Steps is the simulated time in gosnn steps of snn.DT = 1 ms (> 0).
	Steps int
	// Timestep is NEURON's integration step in ms; 0 means
	// DefaultTimestep. 1 ms (the noise and delay grid) must be a whole
	// number of steps.
	Timestep float64
	// NoiseSeed seeds NumPy's generator in run.py: the noise of network
	// neuron i is drawn after np.random.seed([NoiseSeed, i]), whatever the
	// number of MPI ranks.
	NoiseSeed uint32
}

// Validate reports options that cannot be exported.
func (o Options) Validate() error {
	if o.Steps <= 0 {
		return fmt.Errorf("pynn export: %d steps: the simulated time must be at least 1 ms", o.Steps)
	}
	ts := o.timestep()
	if perMs := snn.DT / ts; !(ts > 0) || math.IsInf(ts, 0) || math.Abs(perMs-math.Round(perMs)) > 1e-9*perMs {
		return fmt.Errorf("pynn export: timestep %g ms: must be > 0 and divide %g ms (e.g. 0.1, 0.025 or 1)", o.Timestep, snn.DT)
	}
	return nil
}

func (o Options) timestep() float64 {
	if o.Timestep == 0 {
		return DefaultTimestep
	}
	return o.Timestep
}

// Manifest is network.json: what reading the spikes back needs to know
// about the exported network.
type Manifest struct {
	Neurons     int          `json:"neurons"`
	Steps       int          `json:"steps"`       // simulated time in ms
	TimestepMs  float64      `json:"timestep_ms"` // NEURON's step
	Populations []Population `json:"populations"`
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
	Delay       string
	NoiseDT     string
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
	ts := opts.timestep()
	// Refuse what cannot be exported before spending time on the build.
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
	ex := &export{
		Steps:     opts.Steps,
		Duration:  pyFloat(float64(opts.Steps) * snn.DT),
		Timestep:  pyFloat(ts),
		Delay:     pyFloat(DelayMs),
		NoiseDT:   pyFloat(snn.DT),
		NoiseSeed: opts.NoiseSeed,
		Neurons:   net.Len(),
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
	ex.manifest = Manifest{Neurons: net.Len(), Steps: opts.Steps, TimestepMs: ts, Populations: ex.Populations}

	switch syn := net.Synapses().(type) {
	case *snn.Dense:
		ex.denseProjections(pops, syn)
	case *snn.Sparse:
		ex.sparseProjections(pops, net.Len(), syn)
	default:
		return nil, fmt.Errorf("pynn export: synapses of type %T: only snn.Dense and snn.Sparse export (as ArrayConnector and FromListConnector)", syn)
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
// sign (FromListConnector). Zero weights are left out; repeated pairs stay
// separate synapses, as in gosnn.
func (ex *export) sparseProjections(pops []snn.PopulationInfo, n int, s *snn.Sparse) {
	popOf := make([]int, n)
	for k, p := range pops {
		for i := range p.Size {
			popOf[p.Start+i] = k
		}
	}
	lists := make([][2][]float64, len(pops)*len(pops))
	for j, pj := range pops {
		for pre := range pj.Size {
			post, w := s.Row(pj.Start + pre)
			for m, i := range post {
				if w[m] == 0 {
					continue
				}
				k := popOf[i]
				l := &lists[j*len(pops)+k][receptor(w[m])]
				*l = append(*l, float64(pre), float64(i-pops[k].Start), w[m], DelayMs)
			}
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
				rows = append(rows, float64(t)*snn.DT, x/UnitsPerNanoamp)
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
