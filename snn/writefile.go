package snn

import (
	"fmt"
	"io"

	"github.com/gosnn/gosnn/internal/atomicfile"
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
func WriteFile(path string, write func(io.Writer) error) error {
	if err := atomicfile.WriteFile(path, write); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
