package scripting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type runOutput struct {
	stdout, stderr string
	code           int
	files          map[string][]byte
}

// runBoth runs the script interpreted and natively, with the same
// arguments, and returns both outputs.
func runBoth(t *testing.T, file string, args ...string) (interpreted, native runOutput) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	do := func(f func(context.Context, string, []byte, Options) error) runOutput {
		var o, e bytes.Buffer
		dir := t.TempDir()
		err := f(context.Background(), file, src, Options{Args: args, Stdout: &o, Stderr: &e, OutDir: dir})
		r := runOutput{stdout: o.String(), stderr: e.String(), files: map[string][]byte{}}
		var ee *ExitError
		switch {
		case errors.As(err, &ee):
			r.code = ee.Code
		case err != nil:
			t.Fatalf("%s: %v\n%s", file, err, e.String())
		}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				r.files[rel] = b
			}
			return nil
		})
		return r
	}
	interpreted = do(Run)
	native = do(RunNative)
	return
}

func compareRuns(t *testing.T, a, b runOutput) {
	t.Helper()
	if a.stdout != b.stdout {
		t.Errorf("standard output differs:\ninterpreted:\n%s\nnative:\n%s", a.stdout, b.stdout)
	}
	if a.code != b.code {
		t.Errorf("exit status: interpreted %d, native %d", a.code, b.code)
	}
	if len(a.files) != len(b.files) {
		t.Errorf("files: interpreted wrote %d, native %d", len(a.files), len(b.files))
	}
	for name, x := range a.files {
		if y, ok := b.files[name]; !ok || !bytes.Equal(x, y) {
			t.Errorf("file %s differs between the interpreted and the native run", name)
		}
	}
}

// TestExamples runs every example interpreted and natively and checks
// that the two give the same output, files and exit status.
func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example with the Go toolchain")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command for the native runs")
	}
	dirs, _ := filepath.Glob("examples/*/main.go")
	if len(dirs) < 4 {
		t.Fatalf("found %d examples, want at least 4", len(dirs))
	}
	for _, file := range dirs {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			in, nat := runBoth(t, file)
			compareRuns(t, in, nat)
			switch name {
			case "tutorial":
				// 7648 is what the tutorial's NumPy code gives for seed 0
				// (see snn's reference tests).
				if !strings.Contains(in.stdout, "1000 neurons, 1000 ms: 7648 spikes") {
					t.Errorf("tutorial output:\n%s\nwant the NumPy reference's 7648 spikes", in.stdout)
				}
				if len(in.files["raster.png"]) == 0 || len(in.files["spikes.csv"]) == 0 {
					t.Errorf("tutorial wrote %d files, want raster.png and spikes.csv", len(in.files))
				}
			case "sweep":
				// 25 pairs; the most excited corner fires far faster than
				// the most inhibited one.
				var rates []float64
				for _, line := range strings.Split(strings.TrimSpace(in.stdout), "\n") {
					var we, wi, hz float64
					if _, err := fmt.Sscanf(line, "we %f wi %f %f Hz", &we, &wi, &hz); err == nil {
						rates = append(rates, hz)
					}
				}
				if len(rates) != 25 || len(in.files["sweep.png"]) == 0 || !(rates[20] > 5*rates[4]) {
					t.Errorf("sweep: output:\n%s\nfiles %d, want 25 rates, rate(1.25, 0.5) > 5 × rate(0.25, 2.5), and sweep.png", in.stdout, len(in.files))
				}
			case "hodgkinhuxley":
				// 66 Hz: what Brian2 gives for the same neuron (see the
				// example's comment).
				if !strings.Contains(in.stdout, "one neuron at 10 µA/cm²: 66 Hz\n") {
					t.Errorf("hodgkinhuxley: output:\n%s\nwant the single neuron at Brian2's 66 Hz", in.stdout)
				}
				if !strings.Contains(in.stdout, "hodgkin-huxley   500 neurons") || strings.Contains(in.stdout, "     0 spikes") ||
					len(in.files["raster.png"]) == 0 || len(in.files["traces.png"]) == 0 || len(in.files["rates.png"]) == 0 {
					t.Errorf("hodgkinhuxley: output:\n%s\nfiles %d, want spikes in every population, raster.png, traces.png and rates.png", in.stdout, len(in.files))
				}
			case "sinedrive":
				// The driven group fires at the drive's 20 Hz, and faster
				// than the rest.
				var driven, undriven, peak float64
				fmt.Sscanf(in.stdout, "driven %d neurons %f Hz spectrum peak %f Hz", new(int), &driven, &peak)
				if i := strings.Index(in.stdout, "undriven"); i >= 0 {
					fmt.Sscanf(in.stdout[i:], "undriven %d neurons %f Hz", new(int), &undriven)
				}
				if peak != 20 || !(driven > undriven) || undriven == 0 || len(in.files["sinedrive.png"]) == 0 {
					t.Errorf("sinedrive: output:\n%s\nwant the driven group's peak at 20 Hz, its rate above the others', and sinedrive.png", in.stdout)
				}
			case "dt":
				// Three runs; at 0.1 ms the network fires faster than at
				// 1 ms (the 1 ms overshoot raises u), with either scheme.
				var exc, inh [3]float64
				lines := strings.Split(strings.TrimSpace(in.stdout), "\n")
				for k := 0; k < len(lines) && k < 3; k++ {
					var dt float64
					var scheme string
					fmt.Sscanf(lines[k], "dt %g %s %d steps excitatory %f Hz inhibitory %f Hz", &dt, &scheme, new(int), &exc[k], &inh[k])
				}
				if len(lines) != 3 || !(inh[1] > inh[0] && inh[2] > inh[0] && exc[1] > exc[0]) || exc[0] < 5 || len(in.files["dt.png"]) == 0 {
					t.Errorf("dt: output:\n%s\nwant three runs, faster at 0.1 ms than at 1 ms, and dt.png", in.stdout)
				}
			case "plasticity":
				// The run resumed from the checkpoint fires as the one that went on.
				if !strings.Contains(in.stdout, "identical: true") || len(in.files["spnet.ckpt"]) == 0 {
					t.Errorf("plasticity: output:\n%s\nfiles %d, want a resumed run identical to the uninterrupted one, and spnet.ckpt", in.stdout, len(in.files))
				}
			case "exercise":
				// Unsolved, the self-check fails, identically in both modes.
				if !strings.Contains(in.stdout, "0 of 3 checks pass") {
					t.Errorf("unsolved exercise: status %d, output:\n%s", in.code, in.stdout)
				}
			}
		})
	}
	t.Run("exercise solution", func(t *testing.T) {
		in, nat := runBoth(t, "testdata/exercise_solution.go")
		compareRuns(t, in, nat)
		if in.code != 0 || !strings.Contains(in.stdout, "all checks passed") {
			t.Errorf("solution: status %d, output:\n%s", in.code, in.stdout)
		}
	})
}

// TestFileNamesBothModes runs scripts whose names the Go toolchain would
// ignore (_x.go, x_test.go, x_windows.go) both ways: both modes accept
// them and print the same, including os.Args[0].
func TestFileNamesBothModes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the scripts with the Go toolchain")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command for the native runs")
	}
	dir := t.TempDir()
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"path/filepath\"\n)\n\nfunc main() {\n\tfmt.Println(filepath.Base(os.Args[0]), os.Args[1:], os.Getenv(\"SNN_OUT\") != \"\")\n}\n"
	for _, name := range []string{"_x.go", "x_test.go", "x_windows.go"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			in, nat := runBoth(t, file, "a1")
			compareRuns(t, in, nat)
			if want := name + " [a1] true\n"; in.stdout != want {
				t.Errorf("interpreted output %q, want %q", in.stdout, want)
			}
		})
	}
}
