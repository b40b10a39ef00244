package outfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// root is an open directory that paths are resolved beneath.
type root struct {
	dir string
	fd  int
}

// resolve keeps every lookup beneath the root and refuses symbolic links
// (the script cannot make any, but the directory could be given one) and
// /proc magic links.
const resolve = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS

func openRoot(dir string) (*root, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	// Probe openat2 now, so that Confine fails rather than every later call.
	probe, err := unix.Openat2(fd, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: resolve})
	if err != nil {
		unix.Close(fd)
		return nil, errors.New("the kernel cannot resolve paths beneath a directory (openat2, Linux 5.6+): " + err.Error())
	}
	unix.Close(probe)
	return &root{dir: dir, fd: fd}, nil
}

func (r *root) close() { unix.Close(r.fd) }

func (r *root) openat(op, name string, flags int, perm uint32) (int, string, error) {
	rel, err := r.rel(op, name)
	if err != nil {
		return -1, "", err
	}
	fd, err := unix.Openat2(r.fd, rel, &unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC), Mode: uint64(perm), Resolve: resolve})
	if err != nil {
		return -1, "", &fs.PathError{Op: op, Path: name, Err: err}
	}
	return fd, rel, nil
}

func (r *root) openFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	fd, _, err := r.openat("open", name, flag, uint32(perm.Perm()))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), name), nil
}

func (r *root) stat(name string) (os.FileInfo, error) {
	fd, _, err := r.openat("stat", name, unix.O_PATH, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	return f.Stat()
}

var tempSeq atomic.Uint64

func (r *root) createTemp(dir, pattern string) (*os.File, error) {
	if dir == "" {
		dir = "."
	}
	prefix, suffix := pattern, ""
	for i := len(pattern) - 1; i >= 0; i-- {
		if pattern[i] == '*' {
			prefix, suffix = pattern[:i], pattern[i+1:]
			break
		}
	}
	if filepath.Base(prefix+"x"+suffix) != prefix+"x"+suffix {
		return nil, &fs.PathError{Op: "createtemp", Path: pattern, Err: errors.New("pattern contains path separator")}
	}
	for try := 0; ; try++ {
		n := strconv.FormatUint(uint64(time.Now().UnixNano())+tempSeq.Add(1)*7919, 36)
		name := filepath.Join(dir, prefix+n+suffix)
		f, err := r.openFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil || !errors.Is(err, fs.ErrExist) || try > 100 {
			return f, err
		}
	}
}

// parent opens the directory holding name and returns it with name's last
// element, which must be an ordinary name.
func (r *root) parent(op, name string) (int, string, error) {
	rel, err := r.rel(op, name)
	if err != nil {
		return -1, "", err
	}
	base := filepath.Base(rel)
	if base == "." || base == ".." || base == "/" {
		return -1, "", &fs.PathError{Op: op, Path: name, Err: errors.New("not a file name")}
	}
	fd, _, err := r.openat(op, filepath.Join(r.dir, filepath.Dir(rel)), unix.O_PATH|unix.O_DIRECTORY, 0)
	return fd, base, err
}

func (r *root) rename(oldpath, newpath string) error {
	ofd, obase, err := r.parent("rename", oldpath)
	if err != nil {
		return err
	}
	defer unix.Close(ofd)
	nfd, nbase, err := r.parent("rename", newpath)
	if err != nil {
		return err
	}
	defer unix.Close(nfd)
	if err := unix.Renameat(ofd, obase, nfd, nbase); err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

func (r *root) remove(name string) error {
	fd, base, err := r.parent("remove", name)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	err = unix.Unlinkat(fd, base, 0)
	if err == unix.EISDIR || err == unix.EPERM {
		if e := unix.Unlinkat(fd, base, unix.AT_REMOVEDIR); e == nil {
			return nil
		}
	}
	if err != nil {
		return &fs.PathError{Op: "remove", Path: name, Err: err}
	}
	return nil
}

func (r *root) mkdirAll(dir string, perm os.FileMode) error {
	rel, err := r.rel("mkdir", dir)
	if err != nil {
		return err
	}
	if rel == "." {
		return nil
	}
	if fi, err := r.stat(dir); err == nil {
		if fi.IsDir() {
			return nil
		}
		return &fs.PathError{Op: "mkdir", Path: dir, Err: unix.ENOTDIR}
	}
	if parent := filepath.Dir(rel); parent != "." {
		if err := r.mkdirAll(filepath.Join(r.dir, parent), perm); err != nil {
			return err
		}
	}
	fd, base, err := r.parent("mkdir", dir)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := unix.Mkdirat(fd, base, uint32(perm.Perm())); err != nil && err != unix.EEXIST {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: err}
	}
	return nil
}
