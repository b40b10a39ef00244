package scripting

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/traefik/yaegi/stdlib"
)

// sandboxStd is the vetted part of the standard library: computation,
// formatting and text only. Nothing here opens files or sockets, starts
// processes, reads the environment or escapes the type system; os,
// os/exec, net, syscall, unsafe, reflect, runtime, log (whose Fatal exits)
// and path/filepath (whose Glob and Walk read the disk) are left out.
var sandboxStd = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "container/ring",
	"context", "encoding/binary", "encoding/csv", "encoding/json", "errors", "fmt",
	"hash/crc32", "hash/fnv", "image", "image/color", "io", "maps", "math", "math/big",
	"math/bits", "math/cmplx", "math/rand", "math/rand/v2", "path", "regexp", "slices",
	"sort", "strconv", "strings", "sync", "sync/atomic", "text/tabwriter", "time",
	"unicode", "unicode/utf16", "unicode/utf8",
}

// SandboxPackages returns the packages a sandboxed script may import: the
// vetted standard packages and github.com/gosnn/gosnn/snn, snn/vec and
// plots.
func SandboxPackages() []string {
	l := append([]string(nil), sandboxStd...)
	for k := range Symbols {
		l = append(l, path.Dir(k))
	}
	sort.Strings(l)
	return l
}

func sandboxAllowed(p string) bool {
	for _, q := range sandboxStd {
		if p == q {
			return true
		}
	}
	_, ok := Symbols[p+"/"+path.Base(p)]
	return ok
}

// sandboxStdlib returns the interpreter's symbols of the vetted packages.
func sandboxStdlib() map[string]map[string]reflect.Value {
	m := map[string]map[string]reflect.Value{}
	for k, v := range stdlib.Symbols {
		if k == "." || sandboxAllowed(path.Dir(k)) {
			m[k] = v
		}
	}
	return m
}

// sandboxSymbols returns Symbols with the functions that write files
// replaced by versions that refuse paths outside out (an absolute,
// clean directory).
func sandboxSymbols(out string) map[string]map[string]reflect.Value {
	m := map[string]map[string]reflect.Value{}
	for k, v := range Symbols {
		c := map[string]reflect.Value{}
		for n, x := range v {
			c[n] = x
		}
		m[k] = c
	}
	m["github.com/gosnn/gosnn/snn/snn"]["WriteFile"] = reflect.ValueOf(func(p string, write func(io.Writer) error) error {
		if err := insideOut(out, p); err != nil {
			return err
		}
		return snn.WriteFile(p, write)
	})
	m["github.com/gosnn/gosnn/plots/plots"]["Save"] = reflect.ValueOf(func(f plots.Figure, s plots.Size, p string) error {
		if err := insideOut(out, p); err != nil {
			return err
		}
		return plots.Save(f, s, p)
	})
	return m
}

// insideOut returns an error unless p lies inside the directory out.
func insideOut(out, p string) error {
	abs, err := filepath.Abs(p)
	if err == nil {
		var real string
		if real, err = filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(real, filepath.Base(abs))
		}
		if r, err := filepath.EvalSymlinks(out); err == nil {
			out = r
		}
		if rel, err := filepath.Rel(out, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && rel != "." {
			return nil
		}
	}
	return fmt.Errorf("write %s: refused by --sandbox: a sandboxed script writes only inside the output directory %s; use snn.OutPath(name)", p, out)
}
