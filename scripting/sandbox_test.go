package scripting

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSandboxPathLists parses snn and plots and checks that every exported
// function or method taking a file path (a string parameter named path,
// dir, file or filename) is guarded in the sandbox, so that a function
// added to those packages cannot silently open a way out of --sandbox.
func TestSandboxPathLists(t *testing.T) {
	pkgs := map[string]string{
		"../snn":   "github.com/gosnn/gosnn/snn/snn",
		"../plots": "github.com/gosnn/gosnn/plots/plots",
	}
	seen := 0
	for dir, key := range pkgs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || !fn.Name.IsExported() {
					continue
				}
				if fn.Recv != nil {
					rt := fn.Recv.List[0].Type
					if s, ok := rt.(*ast.StarExpr); ok {
						rt = s.X
					}
					if id, ok := rt.(*ast.Ident); !ok || !id.IsExported() {
						continue
					}
				}
				idx := 0
				for _, field := range fn.Type.Params.List {
					typ, _ := field.Type.(*ast.Ident)
					names := field.Names
					if len(names) == 0 {
						idx++
						continue
					}
					for _, n := range names {
						if typ != nil && typ.Name == "string" && (n.Name == "path" || n.Name == "dir" || n.Name == "file" || n.Name == "filename") {
							seen++
							if fn.Recv == nil {
								if got, ok := sandboxPathFuncs[key][fn.Name.Name]; !ok || got != idx {
									t.Errorf("%s: func %s takes a path as argument %d: add it to sandboxPathFuncs", file, fn.Name.Name, idx)
								}
							} else if got, ok := sandboxPathMethods[fn.Name.Name]; !ok || got != idx {
								t.Errorf("%s: method %s takes a path as argument %d: add it to sandboxPathMethods", file, fn.Name.Name, idx)
							}
						}
						idx++
					}
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("found no function taking a path: the scan is broken")
	}
	for key, funcs := range sandboxPathFuncs {
		for name := range funcs {
			if _, ok := Symbols[key][name]; !ok {
				t.Errorf("sandboxPathFuncs lists %s.%s, which the symbols do not have", key, name)
			}
		}
	}
}

// TestSandboxPaths runs sandboxed scripts in this process and checks that
// every path-taking function refuses paths outside --out, and that
// snn.OutPath cannot leave it.
func TestSandboxPaths(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	outside := filepath.Join(root, "outside")
	src := `package main

import (
	"fmt"
	"io"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	fmt.Println(snn.OutPath("../../x.csv"))
	_, err := snn.CreateSpikeFile("` + outside + `/s.csv")
	fmt.Println(err)
	_, err = snn.ReadSpikeFile("` + outside + `/s.csv")
	fmt.Println(err)
	_, err = snn.CreateTraceFile("` + outside + `/t.csv", []int{0}, 1)
	fmt.Println(err)
	fmt.Println(snn.WriteFile(snn.OutPath("inside.txt"), func(w io.Writer) error { return nil }))
}
`
	var o, e bytes.Buffer
	if err := Run(context.Background(), "p.go", []byte(src), Options{Sandbox: true, OutDir: out, Stdout: &o, Stderr: &e}); err != nil {
		t.Fatalf("%v\n%s", err, e.String())
	}
	lines := strings.Split(strings.TrimSpace(o.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("output %q", o.String())
	}
	abs, _ := absDir(out)
	if lines[0] != filepath.Join(abs, "x.csv") {
		t.Errorf("snn.OutPath(\"../../x.csv\") = %s, want it inside %s", lines[0], abs)
	}
	for _, l := range lines[1:4] {
		if !strings.Contains(l, "refused by --sandbox") {
			t.Errorf("%q: want refused by --sandbox", l)
		}
	}
	if lines[4] != "<nil>" {
		t.Errorf("writing inside --out: %s", lines[4])
	}
	if _, err := os.Stat(outside); err == nil {
		t.Errorf("%s was created", outside)
	}
}

// TestSandboxWithoutLandlock checks the rule that replaces Landlock for
// methods that write files: their path must be snn.OutPath(…).
func TestSandboxWithoutLandlock(t *testing.T) {
	defer func(f func() int) { landlockABI = f }(landlockABI)
	landlockABI = func() int { return 0 }
	src := func(path string) []byte {
		return []byte(`package main

import (
	"context"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	net, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0}))
	res, _ := net.Run(context.Background(), 5, nil)
	res.Save(` + path + `)
}
`)
	}
	if err := Check("w.go", src(`"/tmp/elsewhere"`), true); err == nil || !strings.Contains(err.Error(), "w.go:12:11: in --sandbox on this system (no Landlock in the kernel) the path given to Save must be written as snn.OutPath(name)") {
		t.Errorf("Save outside: %v", err)
	}
	if err := Check("w.go", src(`snn.OutPath("run")`), true); err != nil {
		t.Errorf("Save(snn.OutPath(…)): %v", err)
	}
	if err := Check("w.go", src(`"/tmp/elsewhere"`), false); err != nil {
		t.Errorf("outside the sandbox: %v", err)
	}
}
