package pynn

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/internal/testenv"
	"github.com/gosnn/gosnn/snn"
)

// fakeLog is what testdata/fakepynn's pyNN.neuron records of a run.py.
type fakeLog struct {
	Setup       map[string]float64 `json:"setup"`
	Populations []struct {
		Label      string
		Size       int
		A, B, C, D []float64
		IOffset    []float64 `json:"i_offset"`
		InitV      []float64 `json:"init_v"`
		InitU      []float64 `json:"init_u"`
		Record     string
	} `json:"populations"`
	Projections []struct {
		Pre, Post, Connector, Receptor string
		Mask                           [][]int
		Weight                         [][]float64
		Delay                          float64
		Rows                           [][]float64
		Columns                        []string
	} `json:"projections"`
	Noise []struct {
		Mean, Stdev, Dt, Start, Stop float64
		Seed                         []int
		Cells                        []int
	} `json:"noise"`
	Steps []struct {
		Times, Amplitudes []float64
		Population        string
	} `json:"steps"`
	Run float64 `json:"run"`
}

// runFake runs dir/run.py on the fake pyNN.neuron and returns its record.
func runFake(t *testing.T, dir string) fakeLog {
	t.Helper()
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import numpy").Run() != nil {
		testenv.Missing(t, "needs /usr/bin/python3 with NumPy (python3-numpy)")
	}
	fake, err := filepath.Abs("testdata/fakepynn")
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "log.json")
	cmd := exec.Command(py, filepath.Join(dir, "run.py"))
	// PYTHONDONTWRITEBYTECODE: leave no __pycache__ in testdata.
	cmd.Env = append(os.Environ(), "PYTHONPATH="+fake, "FAKE_PYNN_LOG="+logPath, "PYTHONDONTWRITEBYTECODE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run.py on the fake pyNN.neuron: %v\n%s", err, out)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var l fakeLog
	if err := json.Unmarshal(data, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestRunPyOnFakePyNN runs an exported run.py against a stand-in for
// pyNN.neuron and checks every call it makes: the populations with each
// neuron's parameters and initial state, the projections with their
// connectors, receptors, weights and delays, one noise source per neuron
// seeded by its network index, the step currents, the run's length, and
// the spikes.csv it writes from the (made-up) spike trains.
func TestRunPyOnFakePyNN(t *testing.T) {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 5, Ni: 3, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 4})
	cfg.Populations[1].Stimuli = append(cfg.Populations[1].Stimuli, snn.Pulse{Current: 3, Start: 10, End: 20})
	dir := t.TempDir()
	if _, err := Write(dir, cfg, Options{Steps: 30, NoiseSeed: 77}); err != nil {
		t.Fatal(err)
	}
	l := runFake(t, dir)
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Setup; got["timestep"] != 0.1 || got["min_delay"] != 1 || got["max_delay"] != 1 {
		t.Errorf("setup %v, want timestep 0.1, min and max delay 1", got)
	}
	if l.Run != 30 {
		t.Errorf("run %g ms, want 30", l.Run)
	}
	pops := net.Populations()
	if len(l.Populations) != len(pops) {
		t.Fatalf("%d populations, want %d", len(l.Populations), len(pops))
	}
	for k, p := range l.Populations {
		z := net.Model(k).(*snn.Izhikevich)
		v, u := z.State()
		if p.Label != pops[k].Name || p.Size != pops[k].Size || p.Record != "spikes" ||
			!slices.Equal(p.A, z.A) || !slices.Equal(p.B, z.B) || !slices.Equal(p.C, z.C) || !slices.Equal(p.D, z.D) ||
			!slices.Equal(p.InitV, v) || !slices.Equal(p.InitU, u) || slices.ContainsFunc(p.IOffset, func(x float64) bool { return x != 0 }) {
			t.Errorf("population %d: %+v, want %s of %d with the network's parameters and state, no i_offset, recording spikes", k, p, pops[k].Name, pops[k].Size)
		}
	}
	d := net.Synapses().(*snn.Dense)
	if len(l.Projections) != 4 {
		t.Fatalf("%d projections, want 4 (every pair of the two populations)", len(l.Projections))
	}
	byLabel := map[string]snn.PopulationInfo{pops[0].Name: pops[0], pops[1].Name: pops[1]}
	for _, pr := range l.Projections {
		pre, post := byLabel[pr.Pre], byLabel[pr.Post]
		wantReceptor := "excitatory"
		if pre.Inhibitory {
			wantReceptor = "inhibitory"
		}
		if pr.Connector != "array" || pr.Receptor != wantReceptor || pr.Delay != 1 {
			t.Errorf("projection %s → %s: %s connector, %s receptor, delay %g; want array, %s, 1", pr.Pre, pr.Post, pr.Connector, pr.Receptor, pr.Delay, wantReceptor)
		}
		for j := range pre.Size {
			for i := range post.Size {
				w := d.At(post.Start+i, pre.Start+j)
				if pr.Weight[j][i] != w || pr.Mask[j][i] != 1 {
					t.Fatalf("projection %s → %s [%d, %d]: weight %g, mask %d; want %g, 1", pr.Pre, pr.Post, j, i, pr.Weight[j][i], pr.Mask[j][i], w)
				}
			}
		}
	}
	if len(l.Noise) != 8 {
		t.Fatalf("%d noise sources, want one per neuron (8)", len(l.Noise))
	}
	for i, n := range l.Noise {
		want := 0.005
		if i >= 5 {
			want = 0.002
		}
		if n.Mean != 0 || n.Stdev != want || n.Dt != 1 || n.Start != 0 || n.Stop != 30 ||
			!slices.Equal(n.Seed, []int{77, i}) || !slices.Equal(n.Cells, []int{i}) {
			t.Errorf("noise source %d: %+v; want stdev %g, dt 1, 0 to 30 ms, seed [77 %d], into neuron %d only", i, n, want, i, i)
		}
	}
	if len(l.Steps) != 1 || l.Steps[0].Population != "inhibitory" ||
		!slices.Equal(l.Steps[0].Times, []float64{10, 20}) || !slices.Equal(l.Steps[0].Amplitudes, []float64{0.003, 0}) {
		t.Errorf("step currents %+v; want 0.003 nA from 10 to 20 ms into the inhibitory population", l.Steps)
	}

	// The fake's spikes: neuron i of a population fires at (i % 7) +
	// 0.25 ms, and again at 20.5 ms if i is even.
	var want snn.Spikes
	for _, p := range pops {
		for i := range p.Size {
			want = append(want, snn.Spike{T: i % 7, Neuron: p.Start + i})
			if i%2 == 0 {
				want = append(want, snn.Spike{T: 20, Neuron: p.Start + i})
			}
		}
	}
	slices.SortFunc(want, func(x, y snn.Spike) int {
		if x.T != y.T {
			return x.T - y.T
		}
		return x.Neuron - y.Neuron
	})
	f, err := os.Open(filepath.Join(dir, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadSpikes(f, 8)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("spikes.csv holds %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "run.json")); err != nil {
		t.Errorf("no run.json: %v", err)
	}
}

// TestRunPyOnFakePyNNSparse checks the sparse path of run.py: connection
// lists with their column names.
func TestRunPyOnFakePyNNSparse(t *testing.T) {
	sp, err := snn.NewSparse(3, []int{0, 2, 2}, []int{2, 0, 1}, []float64{1.5, -0.5, -2}, snn.Float64Weights)
	if err != nil {
		t.Fatal(err)
	}
	cfg := snn.Config{
		Populations: []snn.PopulationConfig{
			{Name: "E", Size: 2, Params: snn.RS.Params},
			{Name: "I", Size: 1, Params: snn.FS.Params, Inhibitory: true, Stimuli: []snn.Stimulus{&snn.Noise{Std: 3}}},
		},
		Synapses: sp,
	}
	dir := t.TempDir()
	if _, err := Write(dir, cfg, Options{Steps: 5}); err != nil {
		t.Fatal(err)
	}
	l := runFake(t, dir)
	if len(l.Projections) != 2 {
		t.Fatalf("%d projections, want 2: %+v", len(l.Projections), l.Projections)
	}
	e2i, i2e := l.Projections[0], l.Projections[1]
	if e2i.Pre != "E" || e2i.Post != "I" || e2i.Connector != "list" || e2i.Receptor != "excitatory" ||
		!slices.Equal(e2i.Columns, []string{"weight", "delay"}) || len(e2i.Rows) != 1 || !slices.Equal(e2i.Rows[0], []float64{0, 0, 1.5, 1}) {
		t.Errorf("E → I: %+v; want one row 0, 0, 1.5, 1 to the excitatory receptor", e2i)
	}
	if i2e.Pre != "I" || i2e.Post != "E" || i2e.Receptor != "inhibitory" || len(i2e.Rows) != 2 ||
		!slices.Equal(i2e.Rows[0], []float64{0, 0, -0.5, 1}) || !slices.Equal(i2e.Rows[1], []float64{0, 1, -2, 1}) {
		t.Errorf("I → E: %+v; want rows 0, 0, −0.5, 1 and 0, 1, −2, 1 to the inhibitory receptor", i2e)
	}
	if len(l.Noise) != 1 || l.Noise[0].Stdev != 0.003 || !slices.Equal(l.Noise[0].Cells, []int{2}) || !slices.Equal(l.Noise[0].Seed, []int{0, 2}) {
		t.Errorf("noise %+v; want one source of 0.003 nA into neuron 2, seeded [0 2]", l.Noise)
	}
}
