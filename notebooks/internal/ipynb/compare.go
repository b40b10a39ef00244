package ipynb

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Volatile matches the output lines that differ from run to run and are
// left out of comparisons: lines that report wall-clock time, which the
// notebooks mark with the word "wall" (e.g. "wall time 0.21 s").
var Volatile = regexp.MustCompile(`(?i)\bwall\b`)

// ImageMode says how [Compare] compares images.
type ImageMode int

const (
	// ImagesExact compares the image bytes: a figure that renders
	// differently is stale.
	ImagesExact ImageMode = iota
	// ImagesSize compares only each image's type and pixel size, for
	// machines whose rendering differs in the last bits (another OS or
	// CPU architecture).
	ImagesSize
)

// Canonical returns a cell's outputs in a form that compares equal for two
// executions that produced the same thing: the displayed data in order,
// MIME bundles listed in sorted order, images replaced by their size and,
// in ImagesExact mode, a hash of their bytes; then each stream's text
// (stdout, then stderr) joined over the whole cell, with volatile lines
// and the trailing "\n" dropped.
//
// Streams are joined across displayed data because their interleaving is
// not reproducible: GoNB forwards a cell's printed text through a pipe
// while display data takes another path, so a line printed before a
// table may arrive after it in one run and before it in the next.
func (c *Cell) Canonical(mode ImageMode) []string {
	var out []string
	streams := map[string]string{}
	for _, o := range c.Outputs {
		switch o.Type {
		case "stream":
			streams[o.Name] += string(o.Text)
		case "error":
			out = append(out, "error: "+o.Ename+": "+o.Evalue)
		default:
			mimes := make([]string, 0, len(o.Data))
			for m := range o.Data {
				mimes = append(mimes, m)
			}
			sort.Strings(mimes)
			for _, m := range mimes {
				data := string(o.Data[m])
				switch {
				case m == "image/png":
					w, h, err := pngSize(data)
					s := fmt.Sprintf("%s %dx%d", m, w, h)
					if err != nil {
						s = m + " (invalid: " + err.Error() + ")"
					}
					if mode == ImagesExact {
						s += fmt.Sprintf(" sha256:%x", sha256.Sum256([]byte(strings.Join(strings.Fields(data), ""))))
					}
					out = append(out, s)
				case strings.HasPrefix(m, "image/") && mode == ImagesSize:
					out = append(out, m)
				case m == "text/html" && strings.HasPrefix(strings.TrimSpace(data), "<script"):
					// GoNB's widgets install their JavaScript with a
					// transient <script> that holds the kernel's id: it
					// differs every run and shows nothing.
					out = append(out, m+": <script>")
				default:
					out = append(out, m+": "+dropVolatile(data))
				}
			}
		}
	}
	for _, name := range []string{"stdout", "stderr"} { // nbformat's only two streams
		if text, ok := streams[name]; ok {
			out = append(out, name+": "+dropVolatile(text))
		}
	}
	return out
}

func dropVolatile(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !Volatile.MatchString(l) {
			kept = append(kept, strings.TrimRight(l, " \t"))
		}
	}
	return strings.Join(kept, "\n")
}

// Compare reports the code cells whose outputs in executed differ from
// those in committed: the committed notebook is stale. Both must be the
// same notebook (the same cells and sources).
func Compare(committed, executed *Notebook, mode ImageMode) []Problem {
	if len(committed.Cells) != len(executed.Cells) {
		return []Problem{{Cell: -1, Title: "notebook", Msg: fmt.Sprintf("the executed notebook has %d cells, the committed one %d: not the same notebook", len(executed.Cells), len(committed.Cells))}}
	}
	var probs []Problem
	for i := range committed.Cells {
		a, b := &committed.Cells[i], &executed.Cells[i]
		if a.Source != b.Source {
			probs = append(probs, Problem{Cell: i, Title: a.Title(), Msg: "the cell's source differs between the two notebooks"})
			continue
		}
		if a.Type != "code" {
			continue
		}
		ca, cb := a.Canonical(mode), b.Canonical(mode)
		if d := diff(ca, cb); d != "" {
			probs = append(probs, Problem{Cell: i, Title: a.Title(), Msg: "committed output is stale:\n" + d})
		}
	}
	return probs
}

// diff shows the first difference between two canonical output lists, line
// by line, or returns "" when they are equal.
func diff(committed, executed []string) string {
	a := strings.Split(strings.Join(committed, "\n"), "\n")
	b := strings.Split(strings.Join(executed, "\n"), "\n")
	if len(committed) == 0 {
		a = nil
	}
	if len(executed) == 0 {
		b = nil
	}
	n := min(len(a), len(b))
	k := 0
	for k < n && a[k] == b[k] {
		k++
	}
	if k == len(a) && k == len(b) {
		return ""
	}
	var sb strings.Builder
	show := func(sign string, lines []string) {
		for j := k; j < len(lines) && j < k+4; j++ {
			fmt.Fprintf(&sb, "  %s %s\n", sign, shorten(lines[j]))
		}
		if len(lines) > k+4 {
			fmt.Fprintf(&sb, "  %s ... (%d more lines)\n", sign, len(lines)-k-4)
		}
	}
	fmt.Fprintf(&sb, "  first difference at output line %d (- committed, + now):\n", k+1)
	show("-", a)
	show("+", b)
	return strings.TrimRight(sb.String(), "\n")
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 160 {
		return string(r[:157]) + "..."
	}
	return s
}
