package scripting

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// run interprets src in-process and returns its output and error.
func run(t *testing.T, ctx context.Context, src string, opts Options) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	opts.Stdout, opts.Stderr = &o, &e
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	err = Run(ctx, "s.go", []byte(src), opts)
	return o.String(), e.String(), err
}

const modelDecls = `type Model struct{ v []float64 }

func (m *Model) Len() int                { return len(m.v) }
func (m *Model) State() (v, u []float64) { return m.v, nil }
`

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name, decls, body string
		want              string // first line of the error, positions in the final source
		trace             []string
	}{
		{name: "compile error", body: "\tfmt.Println(y)", want: "s.go:16:14: undefined: y"},
		{name: "panic in main", body: "\tvar m map[string]int\n\tm[\"a\"] = 1", want: "s.go:17:2: panic: assignment to entry in nil map (in main.main)"},
		{name: "panic value", decls: "func f() { panic(\"stop here\") }\n", body: "\tf()", want: "s.go:10:12: panic: stop here (in main.f)", trace: []string{"main.main"}},
		{name: "panic in scripted model", decls: modelDecls + `
func (m *Model) Step(I []float64, fired []int) []int {
	panic("model broke")
}
`, body: `	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Populations = append(cfg.Populations, snn.PopulationConfig{Name: "m", Size: 2, Model: &Model{v: make([]float64, 2)}})
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	net.Run(context.Background(), 5, nil)`, want: "s.go:16:2: panic: model broke (in main.Step)", trace: []string{"main.main"}},
		{name: "panic in stimulus func", body: `	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Stimuli = []snn.Stimulus{snn.StimulusFunc(func(t int, I []float64, g rng.Generator) {
		if t == 3 {
			panic(fmt.Sprintf("bad step %d", t))
		}
	})}
	net, _ := snn.New(cfg)
	net.Run(context.Background(), 5, nil)`, want: "s.go:19:4: panic: bad step 3 (in main.main.func)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(prog(tt.decls, tt.body), "import (\n", "import (\n\t\"context\"; \"github.com/gosnn/gosnn/snn/rng\"\n", 1)
			src = strings.Replace(src, "var _ = fmt.Sprint", "var _ = fmt.Sprint\nvar _, _ = context.Background, rng.NameFast", 1)
			want := tt.want
			_, stderr, err := run(t, context.Background(), src, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			got := err.Error()
			if first := strings.SplitN(got, "\n", 2)[0]; first != want {
				t.Errorf("error %q, want %q", first, want)
			}
			for _, fn := range tt.trace {
				if !strings.Contains(got, "called from "+fn) {
					t.Errorf("error %q does not say it was called from %s", got, fn)
				}
			}
			if strings.Contains(got+stderr, "goroutine ") || strings.Contains(got+stderr, ".go:") && strings.Contains(got+stderr, "yaegi") {
				t.Errorf("host stacks in the report:\n%s\n%s", got, stderr)
			}
		})
	}
}

func TestExitStatus(t *testing.T) {
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"bye\")\n\tos.Exit(3)\n}\n"
	out, _, err := run(t, context.Background(), src, Options{})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || out != "bye\n" {
		t.Errorf("os.Exit(3): output %q, error %v; want bye and exit status 3", out, err)
	}
	src = strings.Replace(src, "os.Exit(3)", "os.Exit(0)", 1)
	if _, _, err := run(t, context.Background(), src, Options{}); err != nil {
		t.Errorf("os.Exit(0): %v", err)
	}
}

// TestStop checks that a cancelled context stops an endless loop in
// main, in a scripted model's Step and in a simulation that would run for
// hours.
func TestStop(t *testing.T) {
	tests := []struct{ name, decls, body string }{
		{"for loop", "", "\tfor {\n\t}"},
		{"loop in model", modelDecls + `
func (m *Model) Step(I []float64, fired []int) []int {
	for {
	}
}
`, `	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Populations = append(cfg.Populations, snn.PopulationConfig{Name: "m", Size: 2, Model: &Model{v: make([]float64, 2)}})
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	net.Run(context.Background(), 5, nil)
	fmt.Println("run returned")`},
		{"long simulation", "", `	net, _ := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	_, err := net.Run(context.Background(), 100000000, nil)
	fmt.Println("run returned:", err)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(prog(tt.decls, tt.body), "import (\n", "import (\n\t\"context\"; \"github.com/gosnn/gosnn/snn/rng\"\n", 1)
			src = strings.Replace(src, "var _ = fmt.Sprint", "var _ = fmt.Sprint\nvar _, _ = context.Background, rng.NameFast", 1)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, _, err := run(t, ctx, src, Options{})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want the deadline", err)
			}
		})
	}
}

// TestInterfaceFieldInLiteral covers the yaegi bug that wrapInterfaceFields
// works around: a script's model in a compiled struct literal.
func TestInterfaceFieldInLiteral(t *testing.T) {
	src := strings.Replace(prog(modelDecls+`
func (m *Model) Step(I []float64, fired []int) []int { return append(fired, 0) }

type Stim struct{}

func (Stim) Stimulate(t int, I []float64, g rng.Generator) {}
`, `	pops := []snn.PopulationConfig{{Name: "a", Size: 1, Model: &Model{v: []float64{0}}, Stimuli: []snn.Stimulus{Stim{}}}}
	pops = append(pops, snn.PopulationConfig{Name: "b", Size: 1, Model: &Model{v: []float64{0}}})
	p := &snn.PopulationConfig{Name: "c", Size: 1, Model: &Model{v: []float64{0}}}
	net, err := snn.New(snn.Config{Populations: append(pops, *p)})
	if err != nil {
		panic(err)
	}
	res, err := net.Run(context.Background(), 4, nil)
	fmt.Println(len(res.Spikes), err)`), "import (\n", "import (\n\t\"context\"; \"github.com/gosnn/gosnn/snn/rng\"\n", 1)
	src = strings.Replace(src, "var _ = fmt.Sprint", "var _ = fmt.Sprint\nvar _, _ = context.Background, rng.NameFast", 1)
	out, stderr, err := run(t, context.Background(), src, Options{})
	if err != nil || out != "12 <nil>\n" {
		t.Errorf("output %q, error %v, stderr %q; want 12 spikes (3 populations firing neuron 0 in 4 steps)", out, err, stderr)
	}
}

func TestOutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	src := prog("", `	fmt.Println(snn.OutDir() != "")
	if err := snn.WriteFile(snn.OutPath("x.txt"), func(w io.Writer) error { _, err := io.WriteString(w, "hi"); return err }); err != nil {
		panic(err)
	}`)
	src = strings.Replace(src, "import (\n", "import (\n\t\"io\"\n", 1)
	if _, _, err := run(t, context.Background(), src, Options{OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "x.txt")); err != nil || string(b) != "hi" {
		t.Errorf("file in --out: %q, %v", b, err)
	}
}

// TestSandboxSymbols checks the sandbox at the interpreter's level,
// without Check: the refused packages are simply not there.
func TestSandboxSymbols(t *testing.T) {
	out := t.TempDir()
	for _, pkg := range []string{"os", "os/exec", "net", "net/http", "syscall", "unsafe", "reflect", "io/ioutil", "path/filepath", "log", "runtime"} {
		i, err := newInterp(context.Background(), Options{Sandbox: true, OutDir: out, Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, nil, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = i.Eval(`import "` + pkg + `"`)
		if err == nil || !strings.Contains(err.Error(), `unable to find source related to: "`+pkg+`"`) {
			t.Errorf("import %q in the sandbox: %v, want it refused", pkg, err)
		}
	}
	// And the path-taking writers refuse paths outside out.
	i, err := newInterp(context.Background(), Options{Sandbox: true, OutDir: out, Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(filepath.Dir(out), "outside.txt")
	if _, err := i.Eval(`import ("io"; "github.com/gosnn/gosnn/snn")`); err != nil {
		t.Fatal(err)
	}
	v, err := i.Eval(`snn.WriteFile(` + "`" + outside + "`" + `, func(w io.Writer) error { return nil })`)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := v.Interface().(error); e == nil || !strings.Contains(e.Error(), "refused by --sandbox") {
		t.Errorf("snn.WriteFile outside --out: %v, want refused", v)
	}
	if _, err := os.Stat(outside); err == nil {
		t.Errorf("%s was written", outside)
	}
}
