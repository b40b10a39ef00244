// Package ipynb reads Jupyter notebooks (nbformat 4) and checks the outputs
// of executed GoNB notebooks: that every code cell ran, top to bottom, that
// none failed, that the figures are there, and that a fresh execution
// gives the same outputs as the committed one.
//
// Jupyter's own runner does not catch everything: `jupyter nbconvert
// --execute` fails on a cell that does not compile, but a GoNB cell whose
// program panics or exits with a non-zero status only leaves "panic: …" or
// "exit status N" on the cell's stderr. [Notebook.Check] looks for those.
package ipynb

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"strings"
)

// A Notebook is the part of an nbformat 4 notebook that the checks read.
type Notebook struct {
	Cells    []Cell `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name string `json:"name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
	Nbformat int `json:"nbformat"`
}

// A Cell is one notebook cell.
type Cell struct {
	Type     string `json:"cell_type"` // "code", "markdown" or "raw"
	Source   Text   `json:"source"`
	Metadata struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
	ExecutionCount *int     `json:"execution_count"` // nil: never executed
	Outputs        []Output `json:"outputs"`
}

// An Output is one output of a code cell.
type Output struct {
	Type string `json:"output_type"` // "stream", "display_data", "execute_result" or "error"

	// Stream outputs.
	Name string `json:"name"` // "stdout" or "stderr"
	Text Text   `json:"text"`

	// Display data: MIME type to content. Text types hold text, image
	// types base64.
	Data map[string]Text `json:"data"`

	// Errors.
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Text is a multi-line string that nbformat stores either as one string or
// as a list of lines; it reads both.
type Text string

// UnmarshalJSON reads a string or a list of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return fmt.Errorf("notebook text must be a string or a list of strings: %w", err)
	}
	*t = Text(strings.Join(lines, ""))
	return nil
}

// Read reads the notebook at path.
func Read(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads a notebook from its JSON.
func Parse(b []byte) (*Notebook, error) {
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("not a Jupyter notebook: %w", err)
	}
	if nb.Nbformat != 4 {
		return nil, fmt.Errorf("notebook format %d: only nbformat 4 is supported", nb.Nbformat)
	}
	return &nb, nil
}

// HasTag reports whether the cell has the given metadata tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Metadata.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Title returns the cell's first non-empty source line, shortened, to name
// the cell in messages.
func (c *Cell) Title() string {
	for _, line := range strings.Split(string(c.Source), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if r := []rune(line); len(r) > 50 {
				line = string(r[:47]) + "..."
			}
			return line
		}
	}
	return "(empty)"
}

// Tags a notebook's cells may carry.
const (
	// TagFigure marks a cell that must display at least one figure (a PNG
	// or SVG image, or HTML holding one).
	TagFigure = "figure"
	// TagSkip marks a cell that is not run headless (e.g. one that waits
	// for a widget). nbclient honours it too.
	TagSkip = "skip-execution"
	// TagStderr marks a cell allowed to write to stderr; other cells fail
	// the check when they do.
	TagStderr = "allow-stderr"
)

// A Problem is something wrong with one cell of a notebook.
type Problem struct {
	Cell  int    // index of the cell in the notebook, from 0
	Title string // the cell's first line
	Msg   string
}

func (p Problem) String() string {
	return fmt.Sprintf("cell %d (%s): %s", p.Cell+1, p.Title, p.Msg)
}

// failureMarks are lines a GoNB cell writes when its program failed: the
// Go runtime's panic and fatal error headers and GoNB's report of a
// non-zero exit status (also printed for failed "!" shell commands).
var failureMarks = []string{"panic:", "fatal error:", "exit status ", "signal: "}

// Check reports what is wrong with an executed notebook: a code cell that
// did not run or ran out of order, an error output (a cell that did not
// compile, a timeout), a cell program that panicked or exited with a
// non-zero status, output on stderr (unless the cell is tagged
// allow-stderr), a cell tagged figure without a figure, and an image
// that is not a valid PNG.
func (nb *Notebook) Check() []Problem {
	var probs []Problem
	add := func(i int, format string, args ...any) {
		probs = append(probs, Problem{Cell: i, Title: nb.Cells[i].Title(), Msg: fmt.Sprintf(format, args...)})
	}
	if nb.Metadata.Kernelspec.Name != "gonb" {
		probs = append(probs, Problem{Cell: -1, Title: "notebook metadata",
			Msg: fmt.Sprintf("kernel %q: the notebooks run on GoNB, kernel name \"gonb\"", nb.Metadata.Kernelspec.Name)})
	}
	last := 0
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.Type != "code" || c.HasTag(TagSkip) || strings.TrimSpace(string(c.Source)) == "" {
			continue
		}
		switch {
		case c.ExecutionCount == nil:
			add(i, "was not executed: run the notebook top to bottom (make notebooks)")
		case *c.ExecutionCount <= last:
			add(i, "execution count %d after %d: the notebook was not run top to bottom in one kernel", *c.ExecutionCount, last)
		}
		if c.ExecutionCount != nil {
			last = *c.ExecutionCount
		}
		figures := 0
		for _, o := range c.Outputs {
			switch o.Type {
			case "error":
				msg := o.Ename + ": " + o.Evalue
				if len(o.Traceback) > 0 {
					msg += "\n" + stripANSI(strings.Join(o.Traceback, "\n"))
				}
				add(i, "error output: %s", msg)
			case "stream":
				text := string(o.Text)
				if mark, ok := failed(text); ok {
					add(i, "the cell's program failed (%s): %s", mark, excerpt(text))
				} else if o.Name == "stderr" && strings.TrimSpace(text) != "" && !c.HasTag(TagStderr) {
					add(i, "wrote to stderr (tag the cell %q if that is expected): %s", TagStderr, excerpt(text))
				}
			case "display_data", "execute_result":
				for mime, data := range o.Data {
					switch {
					case mime == "image/png":
						w, h, err := pngSize(string(data))
						if err != nil {
							add(i, "image/png output is not a valid PNG: %v", err)
						} else if w < 16 || h < 16 {
							add(i, "image/png output is only %d×%d pixels", w, h)
						} else {
							figures++
						}
					case mime == "image/svg+xml":
						figures++
					case mime == "text/html" && (strings.Contains(string(data), "<svg") || strings.Contains(string(data), "<img")):
						figures++
					}
				}
			}
		}
		if c.HasTag(TagFigure) && figures == 0 {
			add(i, "is tagged %q but displayed no figure", TagFigure)
		}
	}
	return probs
}

// failed returns the first failure mark that starts a line of text.
func failed(text string) (mark string, ok bool) {
	for _, line := range strings.Split(stripANSI(text), "\n") {
		line = strings.TrimSpace(line)
		for _, m := range failureMarks {
			if strings.HasPrefix(line, m) {
				return strings.TrimSpace(m), true
			}
		}
	}
	return "", false
}

// pngSize decodes the header of a base64 PNG and returns its size.
func pngSize(b64 string) (w, h int, err error) {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return 0, 0, fmt.Errorf("bad base64: %w", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return 0, 0, err
	}
	return cfg.Width, cfg.Height, nil
}

// excerpt returns the first lines of s, for messages.
func excerpt(s string) string {
	s = strings.TrimSpace(stripANSI(s))
	lines := strings.Split(s, "\n")
	if len(lines) > 8 {
		lines = append(lines[:8], fmt.Sprintf("... (%d more lines)", len(lines)-8))
	}
	return strings.Join(lines, "\n")
}

// stripANSI removes terminal escape sequences (ESC [ ... letter).
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && !(s[j] >= '@' && s[j] <= '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
