package scripting_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/scripting"
)

// A program that runs untrusted scripts calls ChildMain from init when
// IsChild (this test binary does so in the package's tests), then runs
// each script with RunIsolated and Options.Sandbox. The output directory
// must be new or empty.
func ExampleRunIsolated() {
	exe, _ := os.Executable()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	src := []byte(`package main

import "fmt"

func main() {
	fmt.Println("hello from the sandbox")
	panic("os.Exit(0)")
}
`)
	// The script's two streams are copied concurrently: keep its
	// standard error apart so that the output below has one order.
	var stderr bytes.Buffer
	usage, err := scripting.RunIsolated(context.Background(), exe, "hello.go", src,
		scripting.Options{Sandbox: true, OutDir: filepath.Join(dir, "out"), Stdout: os.Stdout, Stderr: &stderr}, scripting.SandboxLimits)
	fmt.Print(stderr.String())
	fmt.Println(err, usage.PeakMemory > 0)
	// Output:
	// hello from the sandbox
	// hello.go:7:2: panic: os.Exit(0) (in main.main)
	// script exited with status 1 true
}
