package outfs

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBeneath checks that a confined root refuses every way out of its
// directory — absolute paths, "..", symbolic links to files and to
// directories — and still reads, writes, renames and removes inside it.
func TestBeneath(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "out")
	os.Mkdir(out, 0o755)
	secret := filepath.Join(base, "secret")
	os.WriteFile(secret, []byte("root:x:0:0\n"), 0o644)
	os.Symlink(secret, filepath.Join(out, "link"))
	os.Symlink(base, filepath.Join(out, "dirlink"))
	r, err := openRoot(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()

	for _, p := range []string{secret, "../secret", filepath.Join(out, "../secret"), "link", filepath.Join(out, "link"), "dirlink/secret", "/proc/self/environ"} {
		f, err := r.openFile(p, os.O_RDONLY, 0)
		if err == nil {
			b, _ := io.ReadAll(f)
			f.Close()
			t.Errorf("open %s: read %q, want an error", p, b)
			continue
		}
		if strings.Contains(err.Error(), "root:x") {
			t.Errorf("open %s: error quotes the file: %v", p, err)
		}
	}
	if _, err := r.openFile(secret, os.O_RDONLY, 0); !errors.Is(err, ErrOutside) {
		t.Errorf("absolute path outside: %v, want ErrOutside", err)
	}
	if _, err := r.stat("link"); err == nil {
		t.Error("stat follows a symbolic link")
	}
	if err := r.rename("link", "../moved"); !errors.Is(err, ErrOutside) {
		t.Errorf("rename out: %v", err)
	}
	if err := r.mkdirAll("dirlink/sub", 0o755); err == nil {
		t.Error("mkdir through a symbolic link succeeded")
	}
	if _, err := os.Stat(filepath.Join(base, "sub")); err == nil {
		t.Error("mkdir through a symbolic link created a directory outside")
	}

	// Inside, everything works, with relative and absolute names.
	if err := r.mkdirAll(filepath.Join(out, "a/b"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := r.createTemp(filepath.Join(out, "a/b"), ".x.tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("hello")
	f.Close()
	if err := r.rename(f.Name(), "a/b/x.txt"); err != nil {
		t.Fatal(err)
	}
	g, err := r.openFile(filepath.Join(out, "a/b/x.txt"), os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(g)
	g.Close()
	if string(b) != "hello" {
		t.Errorf("read back %q", b)
	}
	if err := r.remove("a/b/x.txt"); err != nil {
		t.Error(err)
	}
	if err := r.remove("a/b"); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "a/b")); err == nil {
		t.Error("a/b not removed")
	}
}

func TestConfineNeedsAbsolute(t *testing.T) {
	if err := Confine("relative"); err == nil {
		t.Error("Confine accepted a relative directory")
	}
	if Confined() != "" {
		t.Error("a failed Confine confined the process")
	}
}
