//go:build !linux

package scripting

import (
	"os"
	"os/exec"
)

// LandlockABI returns 0: Landlock is a Linux feature.
func LandlockABI() int { return 0 }

// confine re-executes the program as stage 2 without a kernel rule; the
// sandbox's symbol checks still apply.
func confine(dir string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = setEnv(os.Environ(), childEnv, "2")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{os.NewFile(3, "config")}
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		return err
	}
	os.Exit(0)
	return nil
}
