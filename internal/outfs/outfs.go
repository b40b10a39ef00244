package outfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// ErrOutside is wrapped by the errors of a confined call whose path is
// not inside the output directory.
var ErrOutside = errors.New("outside the output directory")

// confined is the directory every path is resolved beneath, once Confine
// has been called.
var confined atomic.Pointer[root]

// Confined returns the directory given to Confine, or "" when paths are
// not confined.
func Confined() string {
	if r := confined.Load(); r != nil {
		return r.dir
	}
	return ""
}

// Confine makes every later call of this package resolve its path beneath
// dir, an absolute directory without symbolic links, for the rest of the
// process's life. It fails where the kernel cannot resolve paths beneath
// a directory (openat2 needs Linux 5.6).
func Confine(dir string) error {
	if !filepath.IsAbs(dir) {
		return fmt.Errorf("confine to %s: the directory must be absolute", dir)
	}
	r, err := openRoot(filepath.Clean(dir))
	if err != nil {
		return fmt.Errorf("confine to %s: %w", dir, err)
	}
	if !confined.CompareAndSwap(nil, r) {
		r.close()
		return fmt.Errorf("confine to %s: already confined to %s", dir, Confined())
	}
	return nil
}

// rel returns name relative to the confining directory, or an error when
// it cannot lie inside it.
func (r *root) rel(op, name string) (string, error) {
	p := name
	if filepath.IsAbs(p) {
		var err error
		if p, err = filepath.Rel(r.dir, filepath.Clean(p)); err != nil {
			return "", r.outside(op, name)
		}
	}
	p = filepath.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", r.outside(op, name)
	}
	return p, nil
}

func (r *root) outside(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w %s (a sandboxed script reads and writes only there; use snn.OutPath(name))", ErrOutside, r.dir)}
}

// Open opens the file for reading, like os.Open.
func Open(name string) (*os.File, error) {
	return OpenFile(name, os.O_RDONLY, 0)
}

// OpenFile is os.OpenFile.
func OpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	r := confined.Load()
	if r == nil {
		return os.OpenFile(name, flag, perm)
	}
	return r.openFile(name, flag, perm)
}

// Stat is os.Stat; confined, it does not follow symbolic links.
func Stat(name string) (os.FileInfo, error) {
	r := confined.Load()
	if r == nil {
		return os.Stat(name)
	}
	return r.stat(name)
}

// CreateTemp is os.CreateTemp.
func CreateTemp(dir, pattern string) (*os.File, error) {
	r := confined.Load()
	if r == nil {
		return os.CreateTemp(dir, pattern)
	}
	return r.createTemp(dir, pattern)
}

// Rename is os.Rename.
func Rename(oldpath, newpath string) error {
	r := confined.Load()
	if r == nil {
		return os.Rename(oldpath, newpath)
	}
	return r.rename(oldpath, newpath)
}

// Remove is os.Remove.
func Remove(name string) error {
	r := confined.Load()
	if r == nil {
		return os.Remove(name)
	}
	return r.remove(name)
}

// MkdirAll is os.MkdirAll.
func MkdirAll(dir string, perm os.FileMode) error {
	r := confined.Load()
	if r == nil {
		return os.MkdirAll(dir, perm)
	}
	return r.mkdirAll(dir, perm)
}
