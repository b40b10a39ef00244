package pynn

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/npy"
	"github.com/gosnn/gosnn/snn/rng"
)

// readArray reads one .npy file of an export with snn's reader.
func readArray(t *testing.T, dir, name string) *npy.Array {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := npy.Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteTutorialDense exports a small tutorial network and checks every
// array against the network snn.New builds from the same config.
func TestWriteTutorialDense(t *testing.T) {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 3, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 7})
	dir := t.TempDir()
	files, err := Write(dir, cfg, Options{Steps: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Base(files[len(files)-1]); got != "run.py" {
		t.Errorf("last file written %s, want run.py (written last, so a failed export leaves no script)", got)
	}
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pops := net.Populations()
	for k, p := range pops {
		a := readArray(t, dir, "population_"+string(rune('0'+k))+".npy")
		if !slices.Equal(a.Shape, []int{p.Size, 6}) {
			t.Fatalf("population %d: shape %v, want [%d 6]", k, a.Shape, p.Size)
		}
		z := net.Model(k).(*snn.Izhikevich)
		for i := range p.Size {
			want := []float64{z.A[i], z.B[i], z.C[i], z.D[i], -65, z.B[i] * -65}
			if got := a.Float[6*i : 6*i+6]; !slices.Equal(got, want) {
				t.Errorf("population %d neuron %d: a, b, c, d, v, u = %v, want %v", k, i, got, want)
			}
		}
	}
	d := net.Synapses().(*snn.Dense)
	for _, blk := range []struct {
		name      string
		pre, post snn.PopulationInfo
	}{
		{"weights_0_0_exc.npy", pops[0], pops[0]},
		{"weights_0_1_exc.npy", pops[0], pops[1]},
		{"weights_1_0_inh.npy", pops[1], pops[0]},
		{"weights_1_1_inh.npy", pops[1], pops[1]},
	} {
		a := readArray(t, dir, blk.name)
		if !slices.Equal(a.Shape, []int{blk.pre.Size, blk.post.Size}) {
			t.Fatalf("%s: shape %v, want [%d %d] (pre, post)", blk.name, a.Shape, blk.pre.Size, blk.post.Size)
		}
		for j := range blk.pre.Size {
			for i := range blk.post.Size {
				if got, want := a.Float[j*blk.post.Size+i], d.At(blk.post.Start+i, blk.pre.Start+j); got != want {
					t.Fatalf("%s[%d, %d] = %g, want S[%d, %d] = %g", blk.name, j, i, got, blk.post.Start+i, blk.pre.Start+j, want)
				}
			}
		}
	}
	for _, absent := range []string{"weights_0_0_inh.npy", "weights_1_0_exc.npy", "current_0.npy"} {
		if _, err := os.Stat(filepath.Join(dir, absent)); err == nil {
			t.Errorf("%s written for a network without such synapses or currents", absent)
		}
	}
	// The tutorial's noise: std 5 and 2 (mV/ms) are 0.005 and 0.002 nA.
	if a := readArray(t, dir, "noise_std.npy"); !slices.Equal(a.Float, []float64{0.005, 0.002}) {
		t.Errorf("noise_std.npy = %v, want [0.005 0.002]", a.Float)
	}

	run := readText(t, filepath.Join(dir, "run.py"))
	for _, line := range []string{
		"import pyNN.neuron as sim",
		"DURATION_MS = 50.0",
		"TIMESTEP_MS = 0.1",
		"DELAY_MS = 1.0",
		"NOISE_DT_MS = 1.0",
		"NOISE_SEED = 0",
		"NEURONS = 11",
		`("excitatory", 0, 8),`,
		`("inhibitory", 8, 3),`,
		`("weights_0_0_exc.npy", 0, 0, "excitatory", "array"),`,
		`("weights_1_1_inh.npy", 1, 1, "inhibitory", "array"),`,
		"sim.setup(timestep=TIMESTEP_MS, min_delay=DELAY_MS, max_delay=DELAY_MS)",
		"sim.Izhikevich(a=p[:, 0], b=p[:, 1], c=p[:, 2], d=p[:, 3], i_offset=0.0)",
		"sim.ArrayConnector(data != 0)",
		"sim.FromListConnector(data, column_names=[\"weight\", \"delay\"])",
		"np.random.seed([NOISE_SEED, POPULATIONS[k][1] + int(i)])",
		"sim.NoisyCurrentSource(mean=0.0, stdev=float(noise_std[k]), dt=NOISE_DT_MS,",
		`pop.get_data("spikes", gather=True)`,
		`"t_ms,neuron\n"`,
	} {
		if !strings.Contains(run, line) {
			t.Errorf("run.py lacks %q", line)
		}
	}
	var m Manifest
	if err := json.Unmarshal([]byte(readText(t, filepath.Join(dir, "network.json"))), &m); err != nil {
		t.Fatal(err)
	}
	want := Manifest{Neurons: 11, Steps: 50, TimestepMs: 0.1, Populations: []Population{
		{"excitatory", 0, 8, false}, {"inhibitory", 8, 3, true}}}
	if m.Neurons != want.Neurons || m.Steps != want.Steps || m.TimestepMs != want.TimestepMs || !slices.Equal(m.Populations, want.Populations) {
		t.Errorf("network.json = %+v, want %+v", m, want)
	}
	checkWithNumPy(t, dir)
}

// TestWriteSparseHandMade exports explicit synapses and checks the lists:
// split by sign into receptors, indices inside the populations, repeated
// pairs kept, zero weights left out.
func TestWriteSparseHandMade(t *testing.T) {
	// Neurons 0, 1 form population A, neurons 2, 3, 4 population B.
	pre := []int{0, 0, 0, 1, 2, 3, 4, 4}
	post := []int{1, 3, 3, 2, 0, 4, 4, 1}
	w := []float64{0.5, 1.5, 0.25, -2, 3, 0, -1, 4}
	sp, err := snn.NewSparse(5, pre, post, w, snn.Float64Weights)
	if err != nil {
		t.Fatal(err)
	}
	cfg := snn.Config{
		Populations: []snn.PopulationConfig{
			{Name: "A", Size: 2, Params: snn.RS.Params},
			{Name: "B", Size: 3, Params: snn.FS.Params, Inhibitory: true},
		},
		Synapses: sp,
	}
	dir := t.TempDir()
	if _, err := Write(dir, cfg, Options{Steps: 10, Timestep: 0.025, NoiseSeed: 9}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		rows []float64 // pre, post, weight, delay
	}{
		{"connections_0_0_exc.npy", []float64{0, 1, 0.5, 1}},
		{"connections_0_1_exc.npy", []float64{0, 1, 1.5, 1, 0, 1, 0.25, 1}},
		{"connections_0_1_inh.npy", []float64{1, 0, -2, 1}},
		{"connections_1_0_exc.npy", []float64{0, 0, 3, 1, 2, 1, 4, 1}},
		{"connections_1_1_inh.npy", []float64{2, 2, -1, 1}},
	} {
		a := readArray(t, dir, tc.name)
		if !slices.Equal(a.Shape, []int{len(tc.rows) / 4, 4}) || !slices.Equal(a.Float, tc.rows) {
			t.Errorf("%s: shape %v rows %v, want %v", tc.name, a.Shape, a.Float, tc.rows)
		}
	}
	for _, absent := range []string{"connections_1_1_exc.npy", "connections_0_0_inh.npy", "connections_1_0_inh.npy"} {
		if _, err := os.Stat(filepath.Join(dir, absent)); err == nil {
			t.Errorf("%s written, but those synapses do not exist (or have weight 0)", absent)
		}
	}
	run := readText(t, filepath.Join(dir, "run.py"))
	for _, line := range []string{
		"TIMESTEP_MS = 0.025", "NOISE_SEED = 9",
		`("connections_0_1_inh.npy", 0, 1, "inhibitory", "list"),`,
		`("connections_1_0_exc.npy", 1, 0, "excitatory", "list"),`,
	} {
		if !strings.Contains(run, line) {
			t.Errorf("run.py lacks %q", line)
		}
	}
	if a := readArray(t, dir, "noise_std.npy"); !slices.Equal(a.Float, []float64{0, 0}) {
		t.Errorf("noise_std.npy = %v, want [0 0] for a network without noise", a.Float)
	}
	checkWithNumPy(t, dir)
}

// TestWriteStimuli checks how stimuli combine: noise levels add in
// variance, Constant and Pulse currents add into change points, network
// stimuli reach every population.
func TestWriteStimuli(t *testing.T) {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 4, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 1})
	cfg.Populations[0].Stimuli = append(cfg.Populations[0].Stimuli, &snn.Noise{Std: 12}, snn.Constant{Current: 2})
	cfg.Populations[1].Stimuli = append(cfg.Populations[1].Stimuli, snn.Pulse{Current: 10, Start: 2, End: 8, Period: 3, Width: 1})
	cfg.Stimuli = []snn.Stimulus{&snn.Pulse{Current: -1, Start: 5}}
	dir := t.TempDir()
	if _, err := Write(dir, cfg, Options{Steps: 10}); err != nil {
		t.Fatal(err)
	}
	std := readArray(t, dir, "noise_std.npy").Float
	if want := []float64{0.013, 0.002}; !slices.Equal(std, want) {
		t.Errorf("noise_std.npy = %v, want %v (√(5² + 12²) = 13 and 2, in nA)", std, want)
	}
	// Population 0: 2 from step 0, then 2 − 1 = 1 from step 5.
	if got, want := readArray(t, dir, "current_0.npy").Float, []float64{0, 0.002, 5, 0.001}; !slices.Equal(got, want) {
		t.Errorf("current_0.npy = %v, want rows %v", got, want)
	}
	// Population 1: pulses of 10 in steps 2 and 5, and −1 from step 5:
	// 0 until 2, 10, 0 from 3, 9 at 5, −1 from 6.
	if got, want := readArray(t, dir, "current_1.npy").Float, []float64{2, 0.01, 3, 0, 5, 0.009, 6, -0.001}; !slices.Equal(got, want) {
		t.Errorf("current_1.npy = %v, want rows %v", got, want)
	}
	if run := readText(t, filepath.Join(dir, "run.py")); !strings.Contains(run, `(0, "current_0.npy"),`) || !strings.Contains(run, `(1, "current_1.npy"),`) {
		t.Errorf("run.py does not list both current files in CURRENTS")
	}
}

// ownModel is a model that is not the built-in Izhikevich.
type ownModel struct{ v []float64 }

func (m *ownModel) Len() int                                { return len(m.v) }
func (m *ownModel) Step(I []float64, fired []int) []int     { return fired }
func (m *ownModel) State() (v, u []float64)                 { return m.v, nil }
func (ownSynapses) Len() int                                { return 3 }
func (ownSynapses) Deliver(fired []int, I []float64) int    { return 0 }
func (ownStimulus) Stimulate(int, []float64, rng.Generator) {}

type ownSynapses struct{}
type ownStimulus struct{}

// TestWriteRefuses checks that what PyNN cannot run is refused with a
// message that names it, and that nothing is written.
func TestWriteRefuses(t *testing.T) {
	base := func() snn.Config {
		return snn.Tutorial(snn.TutorialOptions{Ne: 2, Ni: 1, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	}
	for _, tc := range []struct {
		name string
		cfg  func() snn.Config
		opts Options
		want string
	}{
		{"own model", func() snn.Config {
			c := base()
			c.Populations[0].Model = &ownModel{v: make([]float64, 2)}
			return c
		}, Options{Steps: 10}, "own model"},
		{"stimulus func", func() snn.Config {
			c := base()
			c.Populations[1].Stimuli = append(c.Populations[1].Stimuli, snn.StimulusFunc(func(int, []float64, rng.Generator) {}))
			return c
		}, Options{Steps: 10}, "snn.StimulusFunc has no PyNN equivalent"},
		{"own stimulus on the network", func() snn.Config {
			c := base()
			c.Stimuli = []snn.Stimulus{ownStimulus{}}
			return c
		}, Options{Steps: 10}, "network stimulus 0"},
		{"own synapses", func() snn.Config {
			c := base()
			c.Synapses = ownSynapses{}
			return c
		}, Options{Steps: 10}, "only snn.Dense, snn.Sparse and snn.DelayedSparse"},
		{"plasticity", func() snn.Config {
			c := base()
			c.Plasticity = ownPlasticity{}
			return c
		}, Options{Steps: 10}, "the network has plasticity (pynn.ownPlasticity)"},
		{"no steps", base, Options{}, "at least 1 ms"},
		{"timestep not dividing 1 ms", base, Options{Steps: 10, Timestep: 0.3}, "divide 1 ms"},
		{"negative timestep", base, Options{Steps: 10, Timestep: -0.1}, "must be > 0"},
		{"bad network", func() snn.Config { c := base(); c.Populations[0].Size = 0; return c }, Options{Steps: 10}, "at least one neuron"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			files, err := Write(dir, tc.cfg(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if len(files) > 0 {
				t.Errorf("wrote %v despite the error", files)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("created %s despite the error", dir)
			}
		})
	}
}

// TestWriteReplacesOldScript checks that a re-export into the same
// directory replaces run.py and no longer lists files of the old export.
func TestWriteReplacesOldScript(t *testing.T) {
	dir := t.TempDir()
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 3, Ni: 1, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Populations[0].Stimuli = append(cfg.Populations[0].Stimuli, snn.Constant{Current: 1})
	if _, err := Write(dir, cfg, Options{Steps: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, snn.Tutorial(snn.TutorialOptions{Ne: 3, Ni: 1, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0}), Options{Steps: 7}); err != nil {
		t.Fatal(err)
	}
	run := readText(t, filepath.Join(dir, "run.py"))
	if !strings.Contains(run, "DURATION_MS = 7.0") || strings.Contains(run, "current_0.npy\"),") {
		t.Errorf("the second export's run.py still refers to the first's settings or currents")
	}
}

// checkWithNumPy loads every array of an export with NumPy and compiles
// run.py, when /usr/bin/python3 with NumPy is there.
func checkWithNumPy(t *testing.T, dir string) {
	t.Helper()
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import numpy").Run() != nil {
		t.Logf("not checked with NumPy: /usr/bin/python3 with numpy is not installed")
		return
	}
	script := `
import glob, os, sys, py_compile
import numpy as np
d = sys.argv[1]
for f in sorted(glob.glob(os.path.join(d, "*.npy"))):
    a = np.load(f)
    assert a.dtype == np.float64, (f, a.dtype)
    print(os.path.basename(f), a.shape)
py_compile.compile(os.path.join(d, "run.py"), doraise=True)
`
	out, err := exec.Command(py, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("NumPy cannot load the export, or run.py does not compile: %v\n%s", err, out)
	}
	for _, e := range mustReadDir(t, dir) {
		if strings.HasSuffix(e, ".npy") && !strings.Contains(string(out), e+" (") {
			t.Errorf("NumPy did not load %s:\n%s", e, out)
		}
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteFollowsStep exports a network as one of 0.1 ms steps: the
// duration counts its steps, the delay is one of its steps but at least
// two NEURON steps, and NEURON's step must divide the network's.
func TestWriteFollowsStep(t *testing.T) {
	pre, post, w := []int{0, 1}, []int{1, 0}, []float64{2, -1}
	sp, err := snn.NewSparse(2, pre, post, w, snn.Float64Weights)
	if err != nil {
		t.Fatal(err)
	}
	cfg := snn.Config{
		Populations: []snn.PopulationConfig{
			{Name: "e", Size: 1, Params: snn.RS.Params},
			{Name: "i", Size: 1, Params: snn.FS.Params, Inhibitory: true},
		},
		Synapses: sp,
	}
	for _, tc := range []struct {
		name             string
		dt               float64 // Config.DT
		opts             Options
		timestep, delay  string
		manifestTimestep float64
		manifestDelay    float64
	}{
		{"1 ms network", 0, Options{Steps: 500}, "0.1", "1.0", 0.1, 1},
		{"0.1 ms network at 0.1 ms", 0.1, Options{Steps: 500}, "0.1", "0.2", 0.1, 0.2},
		{"one-step delay for one rank", 0.1, Options{Steps: 500, Delay: 0.1}, "0.1", "0.1", 0.1, 0.1},
		{"0.1 ms network at 0.05 ms", 0.1, Options{Steps: 500, Timestep: 0.05}, "0.05", "0.1", 0.05, 0.1},
		{"0.05 ms network", 0.05, Options{Steps: 500}, "0.05", "0.1", 0.05, 0.1},
		{"0.5 ms network", 0.5, Options{Steps: 500}, "0.1", "0.5", 0.1, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := cfg
			c.DT = tc.dt
			if _, err := Write(dir, c, tc.opts); err != nil {
				t.Fatal(err)
			}
			dt := tc.dt
			if dt == 0 {
				dt = 1
			}
			run := readText(t, filepath.Join(dir, "run.py"))
			for _, line := range []string{
				"DURATION_MS = " + pyFloat(500*dt), "TIMESTEP_MS = " + tc.timestep, "DELAY_MS = " + tc.delay, "NOISE_DT_MS = 1.0",
			} {
				if !strings.Contains(run, line+"\n") {
					t.Errorf("run.py lacks %q", line)
				}
			}
			a := readArray(t, dir, "connections_0_1_exc.npy")
			if want := []float64{0, 0, 2, tc.manifestDelay}; !slices.Equal(a.Float, want) {
				t.Errorf("connections_0_1_exc.npy = %v, want %v", a.Float, want)
			}
			m, err := ReadManifest(filepath.Join(dir, "network.json"))
			if err != nil {
				t.Fatal(err)
			}
			if m.DT() != dt || m.Steps != 500 || m.TimestepMs != tc.manifestTimestep || m.DelayMs != tc.manifestDelay {
				t.Errorf("network.json: dt %g, steps %d, timestep %g, delay %g; want %g, 500, %g, %g", m.DT(), m.Steps, m.TimestepMs, m.DelayMs, dt, tc.manifestTimestep, tc.manifestDelay)
			}
		})
	}
	cfg.DT = 0.1
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Steps: 10, Timestep: 0.2}, "must divide the network's step of 0.1 ms"},
		{Options{Steps: 10, Delay: 0.15}, "delay 0.15 ms: must be a whole number"},
		{Options{Steps: 10, Delay: 0.05, Timestep: 0.05}, "delay 0.05 ms"},
		{Options{Steps: 10, Delay: -1}, "delay -1 ms"},
		{Options{Steps: 10, Timestep: 0.3}, "divide 1 ms"},
	} {
		_, err := Write(t.TempDir(), cfg, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.opts, err, tc.want)
		}
	}
}

// ownPlasticity is a plasticity rule of one's own, which PyNN cannot run.
type ownPlasticity struct{}

func (ownPlasticity) PostSpike(*snn.Network, int)          {}
func (ownPlasticity) PreSpike(*snn.Network, int, int, int) {}
func (ownPlasticity) Stepped(*snn.Network)                 {}

// TestWriteDelayedSparse exports synapses of different delays: a synapse
// of d steps gets (d − 1)·dt plus the delay of a one-step synapse, so that
// every synapse arrives the same time later than in gosnn.
func TestWriteDelayedSparse(t *testing.T) {
	for _, tc := range []struct {
		dt                 float64
		delays             []float64 // of the synapses 0→2, 0→1, 2→0, in ms
		want               []float64 // exported
		minDelay, maxDelay string
	}{
		{1, []float64{1, 3, 2}, []float64{1, 3, 2}, "1.0", "3.0"},
		// at 0.1 ms a one-step synapse gets two NEURON steps
		{0.1, []float64{0.1, 0.3, 0.2}, []float64{0.2, 0.4, 0.30000000000000004}, "0.2", "0.4"},
	} {
		syn, err := snn.NewDelayedSparse(3, []int{0, 0, 2}, []int{2, 1, 0}, []float64{1, 2, -1}, tc.delays)
		if err != nil {
			t.Fatal(err)
		}
		cfg := snn.Config{
			DT: tc.dt,
			Populations: []snn.PopulationConfig{
				{Name: "A", Size: 2, Params: snn.RS.Params},
				{Name: "B", Size: 1, Params: snn.FS.Params, Inhibitory: true},
			},
			Synapses: syn,
		}
		dir := t.TempDir()
		if _, err := Write(dir, cfg, Options{Steps: 10}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			rows []float64
		}{
			{"connections_0_1_exc.npy", []float64{0, 0, 1, tc.want[0]}},
			{"connections_0_0_exc.npy", []float64{0, 1, 2, tc.want[1]}},
			{"connections_1_0_inh.npy", []float64{0, 0, -1, tc.want[2]}},
		} {
			if a := readArray(t, dir, c.name); !slices.Equal(a.Float, c.rows) {
				t.Errorf("dt %g: %s = %v, want %v", tc.dt, c.name, a.Float, c.rows)
			}
		}
		run := readText(t, filepath.Join(dir, "run.py"))
		for _, line := range []string{"DELAY_MS = " + tc.minDelay + "\n", "MAX_DELAY_MS = " + tc.maxDelay + "\n", "min_delay=DELAY_MS, max_delay=MAX_DELAY_MS)"} {
			if !strings.Contains(run, line) {
				t.Errorf("dt %g: run.py lacks %q", tc.dt, line)
			}
		}
		checkWithNumPy(t, dir)
	}
}
