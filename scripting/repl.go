package scripting

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// ReplImports are the packages an interactive session starts with.
var ReplImports = []string{
	"context", "fmt", "math",
	"github.com/gosnn/gosnn/snn", "github.com/gosnn/gosnn/snn/vec", "github.com/gosnn/gosnn/plots",
}

// REPL runs an interactive session: it reads Go statements, declarations
// and expressions from in, a line at a time (continuing a line that is
// not complete yet), evaluates them and prints the value of each
// expression to out and errors to errw. The packages in ReplImports are
// already imported. A prompt is printed when in is a terminal. Ctrl-C
// (SIGINT) stops the evaluation in progress, not the session; the session
// ends at the end of in or when ctx is done.
func REPL(ctx context.Context, in io.Reader, out, errw io.Writer) error {
	evalCtx, cancelEval := context.WithCancel(ctx)
	var mu chanMutex = make(chan struct{}, 1)
	current := func() context.Context { mu.lock(); defer mu.unlock(); return evalCtx }
	defer func() { mu.lock(); cancelEval(); mu.unlock() }()
	panics := &panicCatcher{w: errw}
	i, err := newInterp(ctx, Options{Stdin: in, Stdout: out, Stderr: errw, OutDir: "."}, []string{"repl"}, panics)
	if err != nil {
		return err
	}
	imports := "import (\n"
	for _, p := range ReplImports {
		imports += fmt.Sprintf("\t%q\n", p)
	}
	if _, err := i.Eval(imports + ")"); err != nil {
		return fmt.Errorf("importing %v: %w", ReplImports, err)
	}

	prompt := func() {}
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			prompt = func() { fmt.Fprint(out, "snn> ") }
			fmt.Fprintf(out, "snn interactive session; imported: %s. Ctrl-D ends it.\n", strings.Join(ReplImports, ", "))
		}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		for range sig {
			mu.lock()
			cancelEval()
			evalCtx, cancelEval = context.WithCancel(ctx)
			mu.unlock()
		}
	}()

	lines := make(chan string)
	go func() {
		s := bufio.NewScanner(in)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	src := ""
	prompt()
	for {
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			return nil
		}
		src += line + "\n"
		if strings.TrimSpace(src) == "" {
			src = ""
			prompt()
			continue
		}
		v, err := i.EvalWithContext(current(), src)
		if err != nil && incomplete(err) {
			continue
		}
		src0 := src
		src = ""
		panics.frames = nil
		switch {
		case err == nil:
			// Print the value of an expression, not of a statement.
			if _, perr := parser.ParseExpr(strings.TrimSpace(src0)); perr == nil && v.IsValid() {
				fmt.Fprintln(out, v)
			}
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(errw, "interrupted")
		default:
			var p interp.Panic
			if errors.As(err, &p) {
				fmt.Fprintln(errw, "panic:", panicMessage(p.Value))
				panics.frames = nil
			} else {
				fmt.Fprintln(errw, strings.TrimPrefix(err.Error(), "_.go:"))
			}
		}
		prompt()
	}
}

// incomplete reports whether a parse error only says the input ended too
// early, so that the next line should be appended.
func incomplete(err error) bool {
	s := err.Error()
	return strings.Contains(s, "found 'EOF'") || strings.Contains(s, "found EOF") ||
		strings.Contains(s, "not terminated")
}

type chanMutex chan struct{}

func (m chanMutex) lock()   { m <- struct{}{} }
func (m chanMutex) unlock() { <-m }
