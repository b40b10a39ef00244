package scripting

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZExplore(t *testing.T) {
	files, _ := filepath.Glob("/tmp/i13x/*.go")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		var o, e bytes.Buffer
		t0 := time.Now()
		err := Run(context.Background(), f, src, Options{Stdout: &o, Stderr: &e, OutDir: t.TempDir()})
		t.Logf("== %s (%v)\n%s%s err=%v", filepath.Base(f), time.Since(t0), o.String(), e.String(), err)
	}
}
