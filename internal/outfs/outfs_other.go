//go:build !linux

package outfs

import (
	"errors"
	"os"
)

type root struct{ dir string }

var errUnsupported = errors.New("resolving paths beneath a directory needs Linux (openat2)")

func openRoot(dir string) (*root, error)                            { return nil, errUnsupported }
func (r *root) close()                                              {}
func (r *root) openFile(string, int, os.FileMode) (*os.File, error) { return nil, errUnsupported }
func (r *root) stat(string) (os.FileInfo, error)                    { return nil, errUnsupported }
func (r *root) createTemp(string, string) (*os.File, error)         { return nil, errUnsupported }
func (r *root) rename(string, string) error                         { return errUnsupported }
func (r *root) remove(string) error                                 { return errUnsupported }
func (r *root) mkdirAll(string, os.FileMode) error                  { return errUnsupported }
