package scripting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/gosnn/gosnn/snn"
)

// RootEnv names the environment variable that points --native builds at
// a gosnn checkout, when the snn binary was not built from one.
const RootEnv = "SNN_MODULE_ROOT"

const modulePath = "github.com/gosnn/gosnn"

// ModuleRoot returns the directory of the gosnn checkout that native
// builds compile against: $SNN_MODULE_ROOT if set, else the checkout this
// package was compiled from.
func ModuleRoot() (string, error) {
	if d := os.Getenv(RootEnv); d != "" {
		return checkRoot(d)
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", fmt.Errorf("cannot find the gosnn checkout to compile against: set %s to its directory", RootEnv)
	}
	return checkRoot(filepath.Dir(filepath.Dir(file)))
}

func checkRoot(d string) (string, error) {
	mod, err := os.ReadFile(filepath.Join(d, "go.mod"))
	if err != nil || !bytes.Contains(mod, []byte("module "+modulePath+"\n")) {
		return "", fmt.Errorf("%s is not a gosnn checkout (no go.mod for module %s there); set %s to the checkout's directory", d, modulePath, RootEnv)
	}
	return filepath.Abs(d)
}

// BuildNative compiles the script with the Go toolchain against the
// checkout root, in a temporary module, and returns the executable and a
// function that removes it. Compile errors come back as an ErrorList with
// the script's name in the positions.
func BuildNative(ctx context.Context, root, filename string, src []byte) (exe string, cleanup func(), err error) {
	name := displayName(filename)
	dir, err := os.MkdirTemp("", "snn-native-")
	if err != nil {
		return "", nil, err
	}
	remove := func() { os.RemoveAll(dir) }
	defer func() {
		if err != nil {
			remove()
		}
	}()
	// The file is always script.go in the build's directory: the Go
	// toolchain ignores files named _x.go, .x.go, x_test.go or x_windows.go,
	// which the interpreter runs; compile errors are reported with the
	// script's own name.
	const base = "script.go"
	mod := fmt.Sprintf("module snnscript\n\ngo 1.26\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", modulePath, modulePath, root)
	files := map[string][]byte{base: src, "go.mod": []byte(mod)}
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		files["go.sum"] = sum
	}
	for f, b := range files {
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return "", nil, err
		}
	}
	exe = filepath.Join(dir, "script")
	cmd := exec.CommandContext(ctx, "go", "build", "-mod=mod", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return "", nil, fmt.Errorf("native build stopped: %w", ctx.Err())
		}
		var l ErrorList
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			line = strings.TrimPrefix(line, "./")
			if m := posPrefix.FindStringSubmatch(line); m != nil && strings.HasPrefix(m[1], base+":") {
				l = append(l, &Error{Pos: name + strings.TrimPrefix(m[1], base), Msg: m[2]})
			}
		}
		if len(l) > 0 {
			return "", nil, l
		}
		if errors.Is(err, exec.ErrNotFound) {
			return "", nil, fmt.Errorf("--native needs the Go toolchain (the go command) on PATH: %w", err)
		}
		return "", nil, fmt.Errorf("native build of %s failed: %v\n%s", name, err, out)
	}
	return exe, remove, nil
}

// RunNative compiles the script (see BuildNative) and runs it with the
// same arguments, streams and output directory (as $SNN_OUT, [snn.OutEnv]) an
// interpreted run would have. When ctx is done the program is
// interrupted, and killed two seconds later.
func RunNative(ctx context.Context, filename string, src []byte, opts Options) error {
	opts.defaults()
	root, err := ModuleRoot()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	exe, cleanup, err := BuildNative(ctx, root, filename, src)
	if err != nil {
		return err
	}
	defer cleanup()
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, opts.Args...)
	// os.Args[0] is the script's name, as in an interpreted run.
	cmd.Args[0] = displayName(filename)
	cmd.Env = setEnv(os.Environ(), snn.OutEnv, out)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = opts.Stdin, opts.Stdout, opts.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err = <-waited:
	case <-ctx.Done():
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-waited:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			<-waited
		}
		return fmt.Errorf("script stopped: %w", context.Cause(ctx))
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &ExitError{Code: ee.ExitCode()}
	}
	return err
}
