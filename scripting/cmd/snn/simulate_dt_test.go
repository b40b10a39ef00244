package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// --dt and --scheme reach the network: the spikes written are those of the
// library's network at that step and scheme, with their times in ms.
func TestSimulateTimeStep(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "s.csv")
	code, stdout, stderr := runCmd(t, "simulate", "--seed", "3", "--ne", "80", "--ni", "20", "--T", "200",
		"--dt", "0.1", "--scheme", "neuron", "--spikes", csv, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.DtMs != 0.1 || sum.SimMs != 200 {
		t.Errorf("summary dt %g ms, %g ms: want 0.1 and 200", sum.DtMs, sum.SimMs)
	}
	_, text, _ := runCmd(t, "simulate", "--ne", "8", "--ni", "2", "--T", "10", "--dt", "0.5", "--scheme", "RK4")
	if !strings.Contains(text, "step:      0.5 ms, rk4 scheme (20 steps)") {
		t.Errorf("summary does not name the step and scheme:\n%s", text)
	}
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 3})
	cfg.DT, cfg.Scheme = 0.1, snn.ImplicitEuler
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 2000, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := res.Raster().WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() || len(res.Spikes) == 0 {
		t.Errorf("spikes file (%d bytes) differs from the library's %d spikes at 0.1 ms", len(got), len(res.Spikes))
	}
	if !strings.HasPrefix(string(got), "t_ms,neuron\n") {
		t.Errorf("spikes file at 0.1 ms starts %q: want the header t_ms,neuron", string(got[:min(len(got), 20)]))
	}
}

func TestSimulateTimeStepBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--dt", "0"}, "--dt 0: the time step must be a finite number of ms > 0"},
		{[]string{"--dt", "-0.1"}, "must be a finite number of ms > 0"},
		{[]string{"--dt", "NaN"}, "must be a finite number of ms > 0"},
		{[]string{"--dt", "0.3"}, "must divide 1 ms"},
		{[]string{"--dt", "0.1", "--T", "100", "--scheme", "leapfrog"}, "the schemes are tutorial, euler, rk4, neuron"},
		{[]string{"--dt", "0.4", "--T", "101"}, "must divide 1 ms"},
	} {
		code, _, stderr := runCmd(t, append([]string{"simulate", "--ne", "8", "--ni", "2"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q: want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	_, help, _ := runCmd(t, "simulate", "--help")
	_, helpErr, _ := runCmd(t, "simulate", "-h")
	if !strings.Contains(help+helpErr, "tutorial, euler, rk4, neuron") {
		t.Error("--help does not list the schemes")
	}
}

// scriptedTimeStepper is a script whose own model learns the step through
// PopulationConfig.TimeStepper, as an interpreted model must, and one that
// does not, which a network at 0.5 ms refuses.
const scriptedTimeStepper = `package main

import (
	"context"
	"fmt"

	"github.com/gosnn/gosnn/snn"
)

type LIF struct {
	V  []float64
	dt float64
}

func (m *LIF) Len() int                { return len(m.V) }
func (m *LIF) State() (v, u []float64) { return m.V, nil }
func (m *LIF) SetTimeStep(dt float64) error {
	m.dt = dt
	return nil
}
func (m *LIF) Step(I []float64, fired []int) []int {
	for i := range m.V {
		m.V[i] += m.dt / 10 * (-65 - m.V[i] + I[i])
		if m.V[i] >= -50 {
			m.V[i] = -65
			fired = append(fired, i)
		}
	}
	return fired
}

func main() {
	for _, dt := range []float64{1, 0.5} {
		m := &LIF{V: []float64{-65, -65}}
		pc := snn.PopulationConfig{Name: "lif", Size: 2, Model: m, TimeStepper: m, Stimuli: []snn.Stimulus{snn.Constant{Current: 20}}}
		net, err := snn.New(snn.Config{Populations: []snn.PopulationConfig{pc}, DT: dt})
		if err != nil {
			panic(err)
		}
		steps, _ := net.StepsFor(1000)
		res, err := net.Run(context.Background(), steps, nil)
		fmt.Printf("dt %g: told %g, %.0f Hz, %v\n", dt, m.dt, res.Rate(), err)
	}
	m := &LIF{V: []float64{-65, -65}}
	_, err := snn.New(snn.Config{Populations: []snn.PopulationConfig{{Name: "lif", Size: 2, Model: m}}, DT: 0.5})
	fmt.Println(err)
}
`

func TestScriptedModelLearnsTimeStep(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lif.go")
	if err := os.WriteFile(file, []byte(scriptedTimeStepper), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "run", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"dt 1: told 1, 71 Hz, <nil>", "dt 0.5: told 0.5, 71 Hz, <nil>", "set PopulationConfig.TimeStepper to the model"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
