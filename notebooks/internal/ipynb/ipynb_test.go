package ipynb

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"strings"
	"testing"
)

// pngB64 returns a w×h PNG, base64-encoded as nbformat stores it.
func pngB64(t *testing.T, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// notebook builds a one-code-cell notebook with the given tags and outputs
// (each a JSON object).
func notebook(t *testing.T, tags []string, outputs ...string) *Notebook {
	t.Helper()
	tagJSON, _ := json.Marshal(tags)
	src := `{"nbformat": 4, "nbformat_minor": 5,
		"metadata": {"kernelspec": {"name": "gonb"}},
		"cells": [
			{"cell_type": "markdown", "metadata": {}, "source": ["# Title\n"]},
			{"cell_type": "code", "execution_count": 1, "metadata": {"tags": ` + string(tagJSON) + `},
			 "source": ["%%\n", "fmt.Println(1)"], "outputs": [` + strings.Join(outputs, ",") + `]}
		]}`
	nb, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestCheck(t *testing.T) {
	good := pngB64(t, 64, 48)
	tests := []struct {
		name    string
		tags    []string
		outputs []string
		want    string // substring of the one expected problem; "" for none
	}{
		{"clean stdout", nil, []string{`{"output_type": "stream", "name": "stdout", "text": ["7648 spikes\n"]}`}, ""},
		{"figure present", []string{TagFigure}, []string{`{"output_type": "display_data", "metadata": {}, "data": {"image/png": "` + good + `"}}`}, ""},
		{"svg in html counts as figure", []string{TagFigure}, []string{`{"output_type": "display_data", "metadata": {}, "data": {"text/html": "<div><svg></svg></div>"}}`}, ""},
		{"figure missing", []string{TagFigure}, []string{`{"output_type": "stream", "name": "stdout", "text": "x\n"}`}, "displayed no figure"},
		{"panic", nil, []string{`{"output_type": "stream", "name": "stderr", "text": ["panic: boom\n", "\n", "goroutine 1 [running]:\n", "exit status 2\n"]}`}, "program failed (panic:)"},
		{"exit status", nil, []string{`{"output_type": "stream", "name": "stderr", "text": "exit status 3\n"}`}, "program failed (exit status)"},
		{"failure on stdout too", []string{TagStderr}, []string{`{"output_type": "stream", "name": "stdout", "text": "fatal error: all goroutines are asleep\n"}`}, "program failed (fatal error:)"},
		{"error output", nil, []string{`{"output_type": "error", "ename": "ERROR", "evalue": "failed to run go build", "traceback": ["\u001b[31mline 3\u001b[0m"]}`}, "error output: ERROR: failed to run go build\nline 3"},
		{"stderr", nil, []string{`{"output_type": "stream", "name": "stderr", "text": "go: added x v1\n"}`}, "wrote to stderr"},
		{"stderr allowed", []string{TagStderr}, []string{`{"output_type": "stream", "name": "stderr", "text": "warning\n"}`}, ""},
		{"bad png", nil, []string{`{"output_type": "display_data", "metadata": {}, "data": {"image/png": "aGVsbG8="}}`}, "not a valid PNG"},
		{"tiny png", nil, []string{`{"output_type": "display_data", "metadata": {}, "data": {"image/png": "` + pngB64(t, 4, 4) + `"}}`}, "only 4×4 pixels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := notebook(t, tt.tags, tt.outputs...).Check()
			if tt.want == "" {
				if len(probs) != 0 {
					t.Fatalf("want no problem, got %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Msg, tt.want) {
				t.Fatalf("want one problem containing %q, got %v", tt.want, probs)
			}
			if probs[0].Cell != 1 || probs[0].Title != "%%" {
				t.Errorf("problem names cell %d %q, want cell 1 %q", probs[0].Cell, probs[0].Title, "%%")
			}
		})
	}
}

func TestCheckOrder(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "metadata": {"kernelspec": {"name": "gonb"}}, "cells": [
		{"cell_type": "code", "execution_count": 2, "metadata": {}, "source": "a", "outputs": []},
		{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "b", "outputs": []},
		{"cell_type": "code", "execution_count": null, "metadata": {}, "source": "c", "outputs": []},
		{"cell_type": "code", "execution_count": null, "metadata": {"tags": ["skip-execution"]}, "source": "d", "outputs": []},
		{"cell_type": "code", "execution_count": null, "metadata": {}, "source": "", "outputs": []}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	probs := nb.Check()
	if len(probs) != 2 || probs[0].Cell != 1 || !strings.Contains(probs[0].Msg, "not run top to bottom") ||
		probs[1].Cell != 2 || !strings.Contains(probs[1].Msg, "was not executed") {
		t.Fatalf("got %v, want cell 2 out of order and cell 3 not executed", probs)
	}
}

func TestCheckKernel(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "metadata": {"kernelspec": {"name": "python3"}}, "cells": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if probs := nb.Check(); len(probs) != 1 || !strings.Contains(probs[0].Msg, `kernel "python3"`) {
		t.Fatalf("got %v, want a wrong-kernel problem", probs)
	}
}

// failures.ipynb was executed by GoNB v0.11.1 with --allow-errors: a cell
// that panics, one that calls os.Exit(3), one that does not compile and one
// that runs fine. The checks must find the first three, and only them.
func TestCheckRealGoNBFailures(t *testing.T) {
	nb, err := Read("testdata/failures.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	probs := nb.Check()
	want := []struct {
		cell int
		msg  string
	}{
		{1, "program failed (panic:)"},
		{2, "program failed (exit status)"},
		{3, "error output: ERROR: failed to run"},
	}
	if len(probs) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(probs), len(want), probs)
	}
	for k, w := range want {
		if probs[k].Cell != w.cell || !strings.Contains(probs[k].Msg, w.msg) {
			t.Errorf("problem %d = %v, want cell %d with %q", k, probs[k], w.cell+1, w.msg)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{`not json`, `{"nbformat": 3, "cells": []}`, `{"nbformat": 4, "cells": [{"source": 7}]}`} {
		if _, err := Parse([]byte(src)); err == nil {
			t.Errorf("Parse(%s): no error", src)
		}
	}
}

func TestCompare(t *testing.T) {
	img1, img2 := pngB64(t, 64, 48), pngB64(t, 64, 49)
	stdout := func(s string) string {
		b, _ := json.Marshal(s)
		return `{"output_type": "stream", "name": "stdout", "text": ` + string(b) + `}`
	}
	markdown := func(s string) string {
		b, _ := json.Marshal(s)
		return `{"output_type": "display_data", "metadata": {}, "data": {"text/markdown": ` + string(b) + `}}`
	}
	html := func(s string) string {
		b, _ := json.Marshal(s)
		return `{"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + string(b) + `}}`
	}
	png := func(b64 string) string {
		return `{"output_type": "display_data", "metadata": {}, "data": {"image/png": "` + b64 + `", "text/plain": "<image>"}}`
	}
	tests := []struct {
		name      string
		committed []string
		executed  []string
		mode      ImageMode
		want      string // substring of the one expected problem; "" for none
	}{
		{"same", []string{stdout("7648 spikes\n")}, []string{stdout("7648 spikes\n")}, ImagesExact, ""},
		{"stream split differently", []string{stdout("a\nb\n")}, []string{stdout("a\n"), stdout("b\n")}, ImagesExact, ""},
		{"wall time ignored", []string{stdout("7648 spikes\nwall time 0.20 s\n")}, []string{stdout("7648 spikes\nwall time 0.31 s\n")}, ImagesExact, ""},
		{"spike count changed", []string{stdout("7648 spikes\n")}, []string{stdout("7650 spikes\n")}, ImagesExact, "- stdout: 7648 spikes\n  + stdout: 7650 spikes"},
		// GoNB's printed text and displayed data take different paths, so
		// their order varies from run to run (seen in CI).
		{"stream around a display", []string{stdout("7648 spikes\nwall time 0.10 s\nsame: true\n"), markdown("| t |")},
			[]string{stdout("7648 spikes\nwall time 0.12 s\n"), markdown("| t |"), stdout("same: true\n")}, ImagesExact, ""},
		{"text changed after a display", []string{stdout("same: true\n"), markdown("| t |")},
			[]string{markdown("| t |"), stdout("same: false\n")}, ImagesExact, "- stdout: same: true"},
		{"display changed", []string{markdown("| 1 |")}, []string{markdown("| 2 |")}, ImagesExact, "- text/markdown: | 1 |"},
		{"output missing", []string{stdout("x\n")}, nil, ImagesExact, "- stdout: x"},
		{"GoNB's widget scripts ignored", []string{html("<script>connect(\"kernel-1\")</script>")}, []string{html("<script>connect(\"kernel-2\")</script>")}, ImagesExact, ""},
		{"other HTML compared", []string{html("<b>1</b>")}, []string{html("<b>2</b>")}, ImagesExact, "- text/html: <b>1</b>"},
		{"same image", []string{png(img1)}, []string{png(img1)}, ImagesExact, ""},
		{"image changed", []string{png(img1)}, []string{png(img2)}, ImagesExact, "image/png 64x48"},
		{"image size changed, size mode", []string{png(img1)}, []string{png(img2)}, ImagesSize, "image/png 64x49"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := Compare(notebook(t, nil, tt.committed...), notebook(t, nil, tt.executed...), tt.mode)
			if tt.want == "" {
				if len(probs) != 0 {
					t.Fatalf("want no problem, got %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Msg, tt.want) {
				t.Fatalf("want one problem containing %q, got %v", tt.want, probs)
			}
		})
	}
}

func TestCompareDifferentNotebooks(t *testing.T) {
	a := notebook(t, nil)
	b := notebook(t, nil)
	b.Cells[1].Source = "other"
	if probs := Compare(a, b, ImagesExact); len(probs) != 1 || !strings.Contains(probs[0].Msg, "source differs") {
		t.Fatalf("got %v, want a source difference", probs)
	}
	b.Cells = b.Cells[:1]
	if probs := Compare(a, b, ImagesExact); len(probs) != 1 || !strings.Contains(probs[0].Msg, "not the same notebook") {
		t.Fatalf("got %v, want a cell count difference", probs)
	}
}
