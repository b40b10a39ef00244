//go:build !linux

package scripting

import (
	"errors"
	"runtime"
	"syscall"
)

// LandlockABI returns 0: Landlock is a Linux feature.
func LandlockABI() int { return 0 }

func probeIsolation() []string {
	return []string{"operating-system isolation (namespaces, Landlock, seccomp) is implemented for Linux only, and this is " + runtime.GOOS}
}

func isolationAttr() *syscall.SysProcAttr { return nil }

var errNoIsolation = errors.New("operating-system isolation is implemented for Linux only")

func isolateStage1(out string, env []string) error { return errNoIsolation }
func isolateStage2() error                         { return errNoIsolation }
