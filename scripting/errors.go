package scripting

import (
	"errors"
	"go/scanner"
	"regexp"
	"strings"
)

// An Error is a problem in a script, at a position.
type Error struct {
	// Pos is file:line:col, or the file name alone when the position is
	// unknown.
	Pos string
	Msg string
	// Trace lists, for a panic, the script functions whose calls led to
	// it, innermost first.
	Trace []string
	// Panic is set when the script panicked while running (a Go program
	// ends with status 2 then); otherwise the error was found before the
	// script ran.
	Panic bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos)
	b.WriteString(": ")
	b.WriteString(e.Msg)
	for _, t := range e.Trace {
		b.WriteString("\n\tcalled from ")
		b.WriteString(t)
	}
	return b.String()
}

// An ErrorList is every problem found in a script before running it, in
// source order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for k, e := range l {
		s[k] = e.Error()
	}
	return strings.Join(s, "\n")
}

func syntaxErrors(err error) error {
	var sl scanner.ErrorList
	if !errors.As(err, &sl) {
		return err
	}
	var l ErrorList
	for _, e := range sl {
		l = append(l, &Error{Pos: e.Pos.String(), Msg: e.Msg})
	}
	return l
}

var posPrefix = regexp.MustCompile(`^(.*?:\d+:\d+): (.*)$`)

// compileError turns an interpreter error "pos: message" (one or more
// lines) into an ErrorList.
func compileError(name string, err error) error {
	if err == nil {
		return nil
	}
	var l ErrorList
	for _, line := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
		if m := posPrefix.FindStringSubmatch(line); m != nil {
			l = append(l, &Error{Pos: m[1], Msg: userHint(m[2])})
		} else if len(l) > 0 {
			l[len(l)-1].Msg += "\n" + line
		} else {
			l = append(l, &Error{Pos: name, Msg: userHint(line)})
		}
	}
	return l
}
