package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/internal/outfs"
)

// File is a file being written under a temporary name beside its
// destination. Write to it (it is an *os.File, so it can also Seek), then
// call Commit to give it its name or Abort to remove it.
type File struct {
	*os.File
	path string
	mode os.FileMode
	done bool
}

// Create starts writing the file path. It fails when path is empty or a
// directory, or when its directory does not accept a new file.
func Create(path string) (*File, error) {
	if path == "" {
		return nil, errors.New("empty path: give the name of the file to write")
	}
	mode := os.FileMode(0o644)
	if fi, err := outfs.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, errors.New("it is a directory; give a file name")
		}
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := outfs.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &File{File: f, path: path, mode: mode}, nil
}

// Path returns the destination's path.
func (f *File) Path() string { return f.path }

// Commit makes the complete file appear under its destination's name:
// it sets the permissions, syncs and closes the file, renames it and
// syncs the directory. After an error the temporary file is removed and
// the destination is untouched. Commit after Commit or Abort does
// nothing.
func (f *File) Commit() error {
	if f.done {
		return nil
	}
	err := f.Chmod(f.mode)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		err = outfs.Rename(f.Name(), f.path)
	}
	if err != nil {
		f.Abort()
		return err
	}
	f.done = true
	// Make the rename itself durable. Not every platform can sync a
	// directory, and the file is complete either way, so a failure here
	// is not reported.
	if d, err := outfs.Open(filepath.Dir(f.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort stops writing and removes the temporary file; the destination is
// left as it was. Abort after Commit does nothing.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	outfs.Remove(f.Name())
}

// WriteFile writes the file path atomically: write receives a buffered
// writer to the temporary file, and the file is committed only when write
// returns nil. If write fails or panics, the temporary file is removed
// and the error (or panic) is passed on.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	if write == nil {
		return errors.New("nil write function")
	}
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort() // after Commit, nothing
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Commit()
}
