package scripting

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// RunnerPrefix starts every message of the runner ("snn run") about a
// sandboxed script; a line of the script's own output that starts the
// same way is shown with scriptMark in front, so that a script cannot
// forge the runner's verdict.
const RunnerPrefix = "snn run: "

// scriptMark is put in front of a line of a sandboxed script's output
// that imitates the runner.
const scriptMark = "| "

// scriptOutput passes a sandboxed script's standard output or error on to
// w: at most max bytes (0: no limit) and then one line saying that the
// rest was cut; with control set, terminal control characters (escape
// sequences, carriage returns, bells, C1 controls) are shown as visible
// \x.. codes instead of acting on the terminal; lines that start like the
// runner's messages are marked as the script's.
type scriptOutput struct {
	w       io.Writer
	max     int64
	control bool
	mu      sync.Mutex
	written int64
	cut     bool
	midLine bool   // the last byte passed on was not a newline
	pending []byte // the start of a line, held until it is clear whether it imitates the runner
	scratch bytes.Buffer
}

func newScriptOutput(w io.Writer, max int64, control bool) *scriptOutput {
	return &scriptOutput{w: w, max: max, control: control}
}

func (s *scriptOutput) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(p)
	if s.cut {
		return n, nil
	}
	s.scratch.Reset()
	for len(p) > 0 {
		if !s.midLine {
			// Hold the start of a line until it can be compared with the
			// runner's prefix.
			need := len(RunnerPrefix) - len(s.pending)
			k := min(need, len(p))
			if i := bytes.IndexByte(p[:k], '\n'); i >= 0 {
				k = i + 1
			}
			s.pending = append(s.pending, p[:k]...)
			p = p[k:]
			if len(s.pending) < len(RunnerPrefix) && s.pending[len(s.pending)-1] != '\n' {
				continue
			}
			if bytes.HasPrefix(s.pending, []byte(RunnerPrefix[:len(RunnerPrefix)-1])) {
				s.scratch.WriteString(scriptMark)
			}
			s.emit(s.pending)
			s.midLine = s.pending[len(s.pending)-1] != '\n'
			s.pending = s.pending[:0]
			continue
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.emit(p)
			break
		}
		s.emit(p[:i+1])
		s.midLine = false
		p = p[i+1:]
	}
	return n, s.flushScratch()
}

// emit appends b to the scratch buffer, replacing control characters.
func (s *scriptOutput) emit(b []byte) {
	if !s.control {
		s.scratch.Write(b)
		return
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\n' || c == '\t':
			s.scratch.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&s.scratch, `\x%02x`, c)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			// A C1 control character (U+0080–U+009F), e.g. CSI.
			fmt.Fprintf(&s.scratch, `\u%04x`, b[i+1])
			i++
		default:
			s.scratch.WriteByte(c)
		}
	}
}

func (s *scriptOutput) flushScratch() error {
	b := s.scratch.Bytes()
	if s.max > 0 && s.written+int64(len(b)) > s.max {
		b = b[:s.max-s.written]
		s.cut = true
	}
	s.written += int64(len(b))
	_, err := s.w.Write(b)
	if s.cut {
		nl := "\n"
		if len(b) > 0 && b[len(b)-1] == '\n' {
			nl = ""
		}
		fmt.Fprintf(s.w, "%s%soutput truncated at %s: the script wrote more than that\n", nl, RunnerPrefix, mib(s.max))
	}
	return err
}

// Close passes on a line start still held back.
func (s *scriptOutput) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cut || len(s.pending) == 0 {
		return nil
	}
	s.scratch.Reset()
	if bytes.HasPrefix(s.pending, []byte(RunnerPrefix[:len(RunnerPrefix)-1])) {
		s.scratch.WriteString(scriptMark)
	}
	s.emit(s.pending)
	s.pending = nil
	return s.flushScratch()
}

// mib formats a byte count for messages: "8 MB" for whole mebibytes.
func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
