package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// A new file gets 0644 whatever the umask; a replaced file keeps its
// permissions; nothing but the file is left in the directory.
func TestWriteFilePermissions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.csv")
	if err := WriteFile(path, writeString("one")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, writeString("two")); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want its old 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("file holds %q, want \"two\"", b)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only a.csv", names)
	}
}

// A failing or panicking writer, and Abort, leave the old file as it was
// and no temporary file.
func TestFailureLeavesOldFile(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	cases := []struct {
		name string
		run  func(path string) error
	}{
		{"error", func(path string) error {
			return WriteFile(path, func(w io.Writer) error {
				io.WriteString(w, "half")
				return boom
			})
		}},
		{"panic", func(path string) (err error) {
			defer func() {
				if recover() != nil {
					err = boom
				}
			}()
			return WriteFile(path, func(w io.Writer) error {
				io.WriteString(w, "half")
				panic("boom")
			})
		}},
		{"abort", func(path string) error {
			f, err := Create(path)
			if err != nil {
				return err
			}
			io.WriteString(f, "half")
			f.Abort()
			if err := f.Commit(); err != nil {
				return err
			}
			return boom
		}},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := filepath.Join(dir, "x.csv")
		if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := c.run(path); !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want boom", c.name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != "old" {
			t.Errorf("%s: file holds %q, want the old contents", c.name, b)
		}
		if names := entries(t, dir); len(names) != 1 {
			t.Errorf("%s: directory holds %v, want only x.csv", c.name, names)
		}
	}
}

// The file can be rewritten in place before Commit (as a .npy header is).
func TestSeekBeforeCommit(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "xxxx tail")
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "head")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the file exists before Commit: %v", err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "head tail" {
		t.Errorf("file holds %q, want \"head tail\"", b)
	}
}

// Bad paths give errors that say what is wrong.
func TestBadPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ path, want string }{
		{"", "empty path"},
		{dir, "is a directory"},
		{filepath.Join(dir, "missing", "x"), "no such file or directory"},
	} {
		if err := WriteFile(c.path, writeString("x")); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteFile(%q): error %v, want one containing %q", c.path, err, c.want)
		}
	}
	if err := WriteFile(filepath.Join(dir, "x"), nil); err == nil {
		t.Error("nil write function: no error")
	}
}
