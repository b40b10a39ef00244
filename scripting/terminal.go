package scripting

import (
	"io"

	"github.com/chzyer/readline"
)

// isTerminal reports whether w is a terminal (readline's check, the one
// the REPL uses).
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && readline.IsTerminal(int(f.Fd()))
}
