package scripting

import (
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

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
// vetted standard packages and github.com/gosnn/gosnn/snn, snn/npy, snn/rng, snn/vec and
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

// sandboxPathFuncs are the functions of the compiled packages that take
// a file path, with the index of that argument: in the sandbox they
// refuse paths outside the output directory. TestSandboxPathLists keeps
// the list complete as the packages grow.
var sandboxPathFuncs = map[string]map[string]int{
	"github.com/gosnn/gosnn/snn/snn": {
		"WriteFile": 0, "CreateSpikeFile": 0, "ReadSpikeFile": 0, "CreateTraceFile": 0,
	},
	"github.com/gosnn/gosnn/plots/plots": {"Save": 2},
}

// sandboxPathMethods are the methods of compiled types that take a file
// path, with the argument's index. A method cannot be replaced in the
// symbol map: in the sandbox's child process internal/outfs resolves
// every path the library opens beneath the output directory (and
// Landlock allows no other), and Check requires their path to be written
// as snn.OutPath(name) where the kernel lacks Landlock.
var sandboxPathMethods = map[string]int{"Save": 0, "SaveFile": 0, "LoadFile": 0}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// guardPath wraps fn so that it refuses a path argument (index idx)
// outside out: it returns the error as its last result, or panics with it
// when fn returns no error.
func guardPath(fn reflect.Value, idx int, out string) reflect.Value {
	t := fn.Type()
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		if err := insideOut(out, args[idx].String()); err != nil {
			res := make([]reflect.Value, t.NumOut())
			for k := range res {
				res[k] = reflect.Zero(t.Out(k))
			}
			if n := t.NumOut(); n > 0 && t.Out(n-1) == errorType {
				res[n-1] = reflect.ValueOf(&err).Elem()
				return res
			}
			panic(err)
		}
		if t.IsVariadic() {
			return fn.CallSlice(args)
		}
		return fn.Call(args)
	})
}

// sandboxSymbols returns Symbols with the functions that take a file path
// refusing paths outside out (an absolute, clean directory), and with
// snn.OutPath keeping every name inside out.
func sandboxSymbols(out string) map[string]map[string]reflect.Value {
	m := map[string]map[string]reflect.Value{}
	for k, v := range Symbols {
		c := map[string]reflect.Value{}
		for n, x := range v {
			if idx, ok := sandboxPathFuncs[k][n]; ok {
				x = guardPath(x, idx, out)
			}
			c[n] = x
		}
		m[k] = c
	}
	return m
}

// sandboxOutPath is snn.OutPath in the sandbox: "..", and a leading "/",
// cannot leave out.
func sandboxOutPath(out string) func(string) string {
	return func(name string) string { return filepath.Join(out, filepath.Clean("/"+name)) }
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
	return fmt.Errorf("%s: refused by --sandbox: a sandboxed script reads and writes only inside the output directory %s; use snn.OutPath(name)", p, out)
}
