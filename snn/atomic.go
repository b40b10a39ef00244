package snn

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/internal/outfs"
)

// WriteFile writes a file atomically: write receives a buffered writer to a
// new temporary file in the same directory as path, and only when write
// returns nil and the data has reached the disk (flushed, fsynced, closed)
// is the temporary file renamed to path. Readers of path therefore see the
// old file or the complete new one, never a half-written file.
//
// If write returns an error or panics, or any step of saving fails, the
// temporary file is removed and a file already at path is left untouched;
// the error (or panic) is passed on. A new file gets permissions 0644; a
// replaced file keeps its permissions.
//
// For example, to save spikes:
//
//	err := snn.WriteFile("spikes.csv", res.Spikes.WriteCSV)
func WriteFile(path string, write func(io.Writer) error) (err error) {
	if path == "" {
		return errors.New("write file: empty path: give the name of the file to write")
	}
	if write == nil {
		return fmt.Errorf("write %s: nil write function", path)
	}
	mode := os.FileMode(0o644)
	if fi, err := outfs.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("write %s: it is a directory; give a file name", path)
		}
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := outfs.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			outfs.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := outfs.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	// Make the rename itself durable; not every platform can sync a
	// directory, and the file is complete either way, so failure here is
	// not reported.
	if d, err := outfs.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
