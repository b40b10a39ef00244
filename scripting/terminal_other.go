//go:build !linux

package scripting

import "io"

// isTerminal reports whether w is a terminal; off Linux it assumes so
// for any file, which only makes control characters visible.
func isTerminal(w io.Writer) bool {
	_, ok := w.(interface{ Fd() uintptr })
	return ok
}
