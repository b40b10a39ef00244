package pynn

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosnn/gosnn/snn"
)

// pynnEnv is the environment variable that turns on the runs on NEURON
// (make pynn-test sets it): they need scripting/pynn-setup.sh and take
// minutes.
const pynnEnv = "GOSNN_PYNN"

// runInfo is the run.json that run.py writes.
type runInfo struct {
	Ranks  int     `json:"mpi_ranks"`
	Spikes int     `json:"spikes"`
	BuildS float64 `json:"build_s"`
	RunS   float64 `json:"run_s"`
	WallS  float64 `json:"wall_s"`
	// CPU time of rank 0
	BuildCPU float64 `json:"rank0_build_cpu_s"`
	RunCPU   float64 `json:"rank0_run_cpu_s"`
}

// runPyNN runs dir/run.py with mpirun on ranks processes and returns its
// run.json and its spikes as a gosnn result.
func runPyNN(t *testing.T, dir string, ranks int) (runInfo, *snn.Result) {
	t.Helper()
	python := os.Getenv("PYTHON")
	if python == "" {
		python = "/usr/bin/python3"
	}
	os.Remove(filepath.Join(dir, "spikes.csv"))
	cmd := exec.Command("mpirun", "-np", fmt.Sprint(ranks), python, filepath.Join(dir, "run.py"))
	cmd.Env = os.Environ()
	if os.Geteuid() == 0 {
		// Open MPI refuses root without these (or --allow-run-as-root).
		cmd.Env = append(cmd.Env, "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mpirun -np %d %s %s: %v\n%s\n(set-up: scripting/pynn-setup.sh)", ranks, python, filepath.Join(dir, "run.py"), err, out)
	}
	var info runInfo
	data, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err == nil {
		err = json.Unmarshal(data, &info)
	}
	if err != nil {
		t.Fatalf("run.json: %v", err)
	}
	m, err := ReadManifest(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	spikes, err := m.ReadSpikes(f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Result(spikes)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, name := range []string{"spikes", "run"} {
		ext := map[string]string{"spikes": ".csv", "run": ".json"}[name]
		if err := os.Rename(filepath.Join(dir, name+ext), filepath.Join(dir, fmt.Sprintf("%s_%d%s", name, ranks, ext))); err != nil {
			t.Fatal(err)
		}
	}
	if info.Ranks != ranks || info.Spikes != len(spikes) {
		t.Fatalf("run.json says %d ranks and %d spikes; mpirun had %d ranks and spikes.csv holds %d", info.Ranks, info.Spikes, ranks, len(spikes))
	}
	return info, res
}

// minAgreement is how long, in ms, coupled runs on 1 and 2 ranks must
// agree spike for spike in gosnn's 1 ms steps. Measured: 10 ms (tutorial)
// and 13 ms (10k); at NEURON's 0.1 ms they part at 10.7 and 9.3 ms, where
// one neuron fires one step apart. Without synapses the runs are identical
// (TestPyNNOnNEURONUncoupled).
const minAgreement = 5

// agreeUntil returns the step before which a and b hold the same spikes.
func agreeUntil(a, b snn.Spikes) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return min(a[i].T, b[i].T)
		}
	}
	switch {
	case len(a) > len(b):
		return a[len(b)].T
	case len(b) > len(a):
		return b[len(a)].T
	}
	return math.MaxInt // identical
}

// stats are the statistics compared between gosnn and NEURON.
type stats struct{ rate, exc, inh, dominant, cv float64 }

func statsOf(res *snn.Result) stats {
	s := stats{rate: res.Rate(), dominant: res.DominantFrequency(), cv: res.ISICV()}
	rates := res.PopulationRates()
	s.exc, s.inh = rates[0], rates[1]
	return s
}

// TestPyNNOnNEURON exports the tutorial network and a sparse network of
// 10 000 neurons, runs each on NEURON with 1 and 2 MPI ranks, and reads
// the spikes back. It checks that the export runs, that 1 and 2 ranks give
// the same spikes (the noise of each neuron is seeded by its index), and
// that the rates are those of a network alive in the same regime as
// gosnn's. It is NOT a matched comparison: gosnn integrates in 1 ms
// half-steps and NEURON at 0.1 ms, with different noise realizations;
// TestCompareWithNEURON (make pynn-compare) is the matched one.
func TestPyNNOnNEURON(t *testing.T) {
	if os.Getenv(pynnEnv) != "1" {
		t.Skipf("runs on NEURON only with %s=1 (make pynn-test; needs scripting/pynn-setup.sh and takes minutes)", pynnEnv)
	}
	seeds := []uint64{0, 1, 2, 3, 4}
	for _, tc := range []struct {
		name  string
		cfg   func(seed uint64) snn.Config
		steps int
	}{
		{"tutorial", func(seed uint64) snn.Config {
			return snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: seed})
		}, 1000},
		{"10k-sparse", func(seed uint64) snn.Config {
			c := snn.Tutorial(snn.TutorialOptions{Ne: 8000, Ni: 2000, Exc: snn.RS, Inh: snn.LTS, We: 2.5, Wi: 5, Seed: seed})
			c.Connectivity = &snn.Connectivity{Rule: snn.RuleInDegree, K: 100}
			return c
		}, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// gosnn over several seeds: the seed-to-seed spread.
			var gs []stats
			var gosnnWall []float64
			for _, seed := range seeds {
				net, err := snn.New(tc.cfg(seed))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				res, err := net.Run(context.Background(), tc.steps, nil)
				if err != nil {
					t.Fatal(err)
				}
				gosnnWall = append(gosnnWall, time.Since(start).Seconds())
				gs = append(gs, statsOf(res))
			}
			dir := t.TempDir()
			if out := os.Getenv(pynnEnv + "_OUT"); out != "" {
				dir = filepath.Join(out, tc.name) // kept, with spikes_1.csv and spikes_2.csv
			}
			if _, err := Write(dir, tc.cfg(0), Options{Steps: tc.steps}); err != nil {
				t.Fatal(err)
			}
			info1, res1 := runPyNN(t, dir, 1)
			info2, res2 := runPyNN(t, dir, 2)
			if len(res1.Spikes) == 0 {
				t.Fatal("the NEURON run has no spikes")
			}
			// 1 and 2 ranks run the same network with the same noise (the
			// uncoupled test shows it), but the synaptic events do not
			// reach the neurons exactly alike: on the tutorial network one
			// neuron fired one 0.1 ms step apart after 10 ms, and the
			// network is chaotic, so the runs part. They must agree spike
			// for spike at first, and in rate after.
			same := agreeUntil(res1.Spikes, res2.Spikes)
			if same < minAgreement {
				t.Errorf("1 and 2 MPI ranks part after %d ms (%d and %d spikes in all); want at least %d ms spike for spike", same, len(res1.Spikes), len(res2.Spikes), minAgreement)
			}
			if r1, r2 := res1.Rate(), res2.Rate(); math.Abs(r1-r2) > 0.1*r1 {
				t.Errorf("1 and 2 MPI ranks: rates %.2f and %.2f Hz differ by more than 10%%", r1, r2)
			}
			ns := statsOf(res2)
			var b strings.Builder
			fmt.Fprintf(&b, "%s, %d ms. NOT a matched comparison: gosnn's 1 ms half-step scheme vs NEURON at 0.1 ms, different noise draws.\n", tc.name, tc.steps)
			fmt.Fprintf(&b, "%-28s %14s %14s %14s %14s %10s\n", "", "rate Hz", "exc Hz", "inh Hz", "dominant Hz", "ISI CV")
			col := func(f func(stats) float64) string {
				x := make([]float64, len(gs))
				for i, s := range gs {
					x[i] = f(s)
				}
				m, sd := meanSD(x)
				return fmt.Sprintf("%.2f ± %.2f", m, sd)
			}
			fmt.Fprintf(&b, "%-28s %14s %14s %14s %14s %10s\n", fmt.Sprintf("gosnn, %d seeds (mean ± sd)", len(seeds)),
				col(func(s stats) float64 { return s.rate }), col(func(s stats) float64 { return s.exc }),
				col(func(s stats) float64 { return s.inh }), col(func(s stats) float64 { return s.dominant }),
				col(func(s stats) float64 { return s.cv }))
			n1 := statsOf(res1)
			fmt.Fprintf(&b, "%-28s %14.2f %14.2f %14.2f %14.2f %10.2f\n", "NEURON, 1 rank, seed 0", n1.rate, n1.exc, n1.inh, n1.dominant, n1.cv)
			fmt.Fprintf(&b, "%-28s %14.2f %14.2f %14.2f %14.2f %10.2f\n", "NEURON, 2 ranks, seed 0", ns.rate, ns.exc, ns.inh, ns.dominant, ns.cv)
			if same == math.MaxInt {
				fmt.Fprintf(&b, "1 and 2 ranks give the same %d spikes\n", len(res1.Spikes))
			} else {
				fmt.Fprintf(&b, "1 and 2 ranks agree spike for spike, in 1 ms steps, for the first %d ms (%d and %d spikes in all)\n", same, len(res1.Spikes), len(res2.Spikes))
			}
			gm, gsd := meanSD(gosnnWall)
			fmt.Fprintf(&b, "wall: gosnn run %.3f ± %.3f s (%d runs, build not included); NEURON 1 rank: build %.1f s, run %.1f s; 2 ranks: build %.1f s, run %.1f s\n",
				gm, gsd, len(gosnnWall), info1.BuildS, info1.RunS, info2.BuildS, info2.RunS)
			fmt.Fprintf(&b, "CPU of NEURON's rank 0: 1 rank: build %.1f s, run %.1f s; 2 ranks: build %.1f s, run %.1f s\n",
				info1.BuildCPU, info1.RunCPU, info2.BuildCPU, info2.RunCPU)
			t.Log("\n" + b.String())
			// A sanity bound, not agreement: the exported network must be
			// alive in the same regime (rates within a factor of 2).
			gr, _ := meanSD([]float64{gs[0].rate, gs[1].rate, gs[2].rate, gs[3].rate, gs[4].rate})
			if ns.rate < gr/2 || ns.rate > 2*gr {
				t.Errorf("NEURON rate %.2f Hz is not within a factor of 2 of gosnn's %.2f Hz: a unit or sign is probably wrong", ns.rate, gr)
			}
		})
	}
}

// TestPyNNOnNEURONUncoupled runs the tutorial's neurons without synapses
// on 1 and 2 MPI ranks: their parameters, initial state and noise do not
// depend on the ranks, so the spikes must be identical.
func TestPyNNOnNEURONUncoupled(t *testing.T) {
	if os.Getenv(pynnEnv) != "1" {
		t.Skipf("runs on NEURON only with %s=1 (make pynn-test; needs scripting/pynn-setup.sh)", pynnEnv)
	}
	dir := t.TempDir()
	if _, err := Write(dir, snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0, Wi: 0, Seed: 0}), Options{Steps: 200}); err != nil {
		t.Fatal(err)
	}
	_, res1 := runPyNN(t, dir, 1)
	_, res2 := runPyNN(t, dir, 2)
	if len(res1.Spikes) == 0 {
		t.Fatal("no spikes: the noise does not reach the neurons")
	}
	if same := agreeUntil(res1.Spikes, res2.Spikes); same != math.MaxInt {
		t.Errorf("uncoupled neurons on 1 and 2 MPI ranks part after %d ms (%d and %d spikes): the noise or the parameters depend on the ranks", same, len(res1.Spikes), len(res2.Spikes))
	}
	t.Logf("uncoupled: 1 and 2 ranks give the same %d spikes in 200 ms", len(res1.Spikes))
}
