package nb

import (
	"fmt"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
)

// Must returns x, or stops the cell with err.
func Must[T any](x T, err error) T {
	if err != nil {
		panic(err)
	}
	return x
}

// A Figure is anything that renders itself as a PNG image, such as every
// figure of the plots package.
type Figure interface {
	PNG() ([]byte, error)
}

// Show displays a figure in the cell's output.
func Show(f Figure) {
	gonbui.DisplayPNG(Must(f.PNG()))
	gonbui.Sync()
}

// Markdown displays text written in Markdown, such as a table.
func Markdown(text string) {
	gonbui.DisplayMarkdown(text)
	gonbui.Sync()
}

// HTML displays HTML.
func HTML(html string) {
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}

// InNotebook reports whether the program runs as a GoNB cell, where the
// display functions show something (headless execution with nbconvert
// counts: it records what is displayed).
func InNotebook() bool { return gonbui.IsNotebook }

// Note prints a note to the cell's standard output: it is part of the
// cell's result, unlike standard error, which the notebooks' checks treat
// as a failure.
func Note(format string, args ...any) {
	fmt.Fprintf(os.Stdout, "note: "+format+"\n", args...)
}
