package pynn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// compareEnv turns on TestCompareWithNEURON (make pynn-compare); with
// compareEnv_CACHE=DIR the NEURON runs are kept in DIR and reused while
// the export they ran is unchanged.
const compareEnv = "GOSNN_PYNN_COMPARE"

// compareDT is the step of the matched comparison, in ms: gosnn and NEURON
// both integrate at it, gosnn with its "neuron" scheme (NEURON's method).
const compareDT = 0.1

// compareNet is one network of the comparison.
type compareNet struct {
	name   string
	cfg    func(seed uint64) snn.Config
	ms     int // simulated time
	seeds  int // K: seeds 1 … K
	ranks2 int // how many of the seeds also run on 2 MPI ranks (for the times)
}

var compareNets = []compareNet{
	{"tutorial", func(seed uint64) snn.Config {
		return snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: seed})
	}, 1000, 10, 2},
	{"10k-sparse", func(seed uint64) snn.Config {
		c := snn.Tutorial(snn.TutorialOptions{Ne: 8000, Ni: 2000, Exc: snn.RS, Inh: snn.LTS, We: 2.5, Wi: 5, Seed: seed})
		c.Connectivity = &snn.Connectivity{Rule: snn.RuleInDegree, K: 100}
		return c
	}, 1000, 5, 1},
}

// neuronRun is one cached run of an export on NEURON.
type neuronRun struct {
	info   runInfo
	spikes snn.Spikes // in steps of the network
	m      *Manifest
}

// TestCompareWithNEURON runs each network of compareNets for seeds 1 … K
// in gosnn and, exported, on NEURON, both at compareDT with the same
// integration method, and compares the excitatory and inhibitory rates,
// the dominant frequency and the distribution of the neurons' rates (see
// seedComparison.rows) after the first 100 ms. It writes the Markdown
// tables to compare.md in the cache directory and fails when a statistic
// differs beyond its seed-to-seed spread.
func TestCompareWithNEURON(t *testing.T) {
	if os.Getenv(compareEnv) != "1" {
		t.Skipf("runs on NEURON only with %s=1 (make pynn-compare; needs scripting/pynn-setup.sh and takes tens of minutes)", compareEnv)
	}
	cache := os.Getenv(compareEnv + "_CACHE")
	if cache == "" {
		cache = t.TempDir()
	}
	only := os.Getenv(compareEnv + "_NETS") // e.g. "tutorial"; empty: all
	// compareEnv_SEEDS=2,3 runs only those seeds: several processes can
	// fill the cache at once, each with its own seeds; then a run of all
	// seeds reads them.
	var seeds map[int]bool
	if list := os.Getenv(compareEnv + "_SEEDS"); list != "" {
		seeds = map[int]bool{}
		for _, f := range strings.Split(list, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				t.Fatalf("%s_SEEDS=%q: want seeds separated by commas", compareEnv, list)
			}
			seeds[k] = true
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "Matched comparison at dt = %g ms (`make pynn-compare`): gosnn's \"neuron\" scheme against the exported PyNN run on NEURON 8.2 (fixed step, the same method); statistics after the first %d ms.\n\n", compareDT, transientMs)
	for _, net := range compareNets {
		if only != "" && !strings.Contains(","+only+",", ","+net.name+",") {
			continue
		}
		t.Run(net.name, func(t *testing.T) {
			var cmp seedComparison
			cmp.resolution = 1000 / float64(net.ms-transientMs)
			var gBuild, gWall, n1Build, n1Run, n1CPU, n2Build, n2Run, n2CPU []float64
			for seed := 1; seed <= net.seeds; seed++ {
				if seeds != nil && !seeds[seed] {
					continue
				}
				cfg := net.cfg(uint64(seed))
				cfg.DT, cfg.Scheme = compareDT, snn.ImplicitEuler
				dir := filepath.Join(cache, net.name, fmt.Sprintf("seed-%d", seed))
				steps := net.ms * stepsPerMs(t)
				files, err := Write(dir, cfg, Options{Steps: steps, NoiseSeed: uint32(seed)})
				if err != nil {
					t.Fatal(err)
				}
				hash := fingerprint(t, files)
				r1 := cachedNEURON(t, dir, 1, hash)
				st, err := runStatsOf(r1.spikes, r1.m.DT(), r1.m.Steps, r1.m.Neurons, r1.m.Info())
				if err != nil {
					t.Fatal(err)
				}
				cmp.neuron = append(cmp.neuron, st)
				n1Build, n1Run, n1CPU = append(n1Build, r1.info.BuildS), append(n1Run, r1.info.RunS), append(n1CPU, r1.info.RunCPU)
				if seed <= net.ranks2 {
					r2 := cachedNEURON(t, dir, 2, hash)
					n2Build, n2Run, n2CPU = append(n2Build, r2.info.BuildS), append(n2Run, r2.info.RunS), append(n2CPU, r2.info.RunCPU)
				}
				delaySteps, ok := wholeSteps(r1.m.DelayMs, r1.m.DT())
				if !ok {
					t.Fatalf("delay %g ms is not a whole number of steps of %g ms", r1.m.DelayMs, r1.m.DT())
				}
				spikes, build, wall, err := runMatchedGosnn(cfg, steps, delaySteps)
				if err != nil {
					t.Fatal(err)
				}
				gs, err := runStatsOf(spikes, compareDT, steps, r1.m.Neurons, r1.m.Info())
				if err != nil {
					t.Fatal(err)
				}
				cmp.gosnn = append(cmp.gosnn, gs)
				gWall, gBuild = append(gWall, wall), append(gBuild, build)
				t.Logf("seed %d: exc %.2f / %.2f Hz, inh %.2f / %.2f Hz, dominant %.1f / %.1f Hz (gosnn / NEURON)", seed, gs.exc, st.exc, gs.inh, st.inh, gs.dominant, st.dominant)
			}
			fmt.Fprintf(&report, "**%s**, %d ms, seeds 1–%d (each seed: its own network and noise, the same network in both simulators):\n\n", net.name, net.ms, net.seeds)
			if len(cmp.gosnn) < 2 {
				fmt.Fprintf(&report, "%d seed(s) only: no seed-to-seed spread to compare with.\n\n", len(cmp.gosnn))
			} else {
				rows, all := cmp.rows()
				report.WriteString(markdownTable([]string{"statistic", "gosnn (mean ± sd)", "NEURON (mean ± sd)", "difference", "allowed", ""}, rows))
				list := func(x []runStats) string {
					var b []string
					for _, s := range x {
						b = append(b, fmt.Sprintf("%.3g", s.dominant))
					}
					return strings.Join(b, ", ")
				}
				fmt.Fprintf(&report, "\nDominant frequency by seed (Hz): gosnn %s; NEURON %s.\n\n", list(cmp.gosnn), list(cmp.neuron))
				if !all {
					t.Errorf("gosnn and NEURON differ beyond the seed-to-seed spread:\n%s", markdownTable([]string{"statistic", "gosnn", "NEURON", "difference", "allowed", ""}, rows))
				}
			}
			ms := func(x []float64) string {
				if len(x) == 0 {
					return "–"
				}
				m, sd := meanSD(x)
				return fmt.Sprintf("%.3g ± %.2g s", m, sd)
			}
			report.WriteString(markdownTable([]string{"wall time (mean ± sd over runs)", "build", "run", "run, CPU of rank 0"}, [][]string{
				{fmt.Sprintf("gosnn, %s (both cores)", runs(len(gWall))), ms(gBuild), ms(gWall), "–"},
				{fmt.Sprintf("NEURON, 1 rank, %s", runs(len(n1Run))), ms(n1Build), ms(n1Run), ms(n1CPU)},
				{fmt.Sprintf("NEURON, 2 ranks, %s", runs(len(n2Run))), ms(n2Build), ms(n2Run), ms(n2CPU)},
			}))
			report.WriteString("\n")
		})
	}
	t.Log("\n" + report.String())
	if err := os.WriteFile(filepath.Join(cache, "compare.md"), []byte(report.String()), 0o644); err != nil {
		t.Error(err)
	}
}

// runs says "1 run" or "n runs".
func runs(n int) string {
	if n == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", n)
}

// stepsPerMs is the number of compareDT steps in 1 ms.
func stepsPerMs(t *testing.T) int {
	k, ok := wholeSteps(1, compareDT)
	if !ok {
		t.Fatalf("compareDT %g ms does not divide 1 ms", compareDT)
	}
	return k
}

// fingerprint is a hash of the files an export wrote: a cached NEURON run
// is reused only for the same files.
func fingerprint(t *testing.T, files []string) string {
	h := sha256.New()
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n", filepath.Base(name))
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cachedNEURON returns the run of dir's export on ranks MPI ranks: the one
// kept in dir when it ran the same export (hash), or a new one.
func cachedNEURON(t *testing.T, dir string, ranks int, hash string) neuronRun {
	t.Helper()
	m, err := ReadManifest(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	hashFile := filepath.Join(dir, "export_"+strconv.Itoa(ranks)+".sha256")
	if old, err := os.ReadFile(hashFile); err == nil && string(old) == hash {
		var info runInfo
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("run_%d.json", ranks)))
		if err == nil {
			err = json.Unmarshal(data, &info)
		}
		if err == nil {
			var f *os.File
			f, err = os.Open(filepath.Join(dir, fmt.Sprintf("spikes_%d.csv", ranks)))
			if err == nil {
				spikes, err := m.ReadSpikes(f)
				f.Close()
				if err == nil {
					t.Logf("%s: reusing the NEURON run on %d rank(s) (%d spikes)", dir, ranks, len(spikes))
					return neuronRun{info, spikes, m}
				}
			}
		}
		t.Logf("%s: the kept run on %d rank(s) is unreadable (%v); running again", dir, ranks, err)
	}
	os.Remove(hashFile)
	info, res := runPyNN(t, dir, ranks)
	if err := os.WriteFile(hashFile, []byte(hash), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: ran on NEURON with %d rank(s): %d spikes, build %.1f s, run %.1f s", dir, ranks, len(res.Spikes), info.BuildS, info.RunS)
	return neuronRun{info, res.Spikes, m}
}
