// Command browsertest runs notebooks through the classic Jupyter Notebook
// interface in a real browser (Chromium, driven by chromedp) and fails on
// what a student would see go wrong: an error or stderr output, a figure
// cell without a figure, a table that renders broken. In a notebook that
// calls nb.Explore it also moves a slider and checks that the figure is
// redrawn.
//
//	browsertest -url http://127.0.0.1:8899 -token TOKEN [-chromium /usr/bin/chromium] NOTEBOOK.ipynb...
//
// Notebook paths are relative to the Jupyter server's directory. The
// notebooks are run, never saved (autosave is turned off first), so the
// files stay as they were. notebooks/browser-test.sh starts Jupyter and
// runs this.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base := flag.String("url", "", "base URL of the Jupyter Notebook server")
	token := flag.String("token", "", "the server's token")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the Chromium binary")
	timeout := flag.Duration("timeout", 10*time.Minute, "time allowed for each notebook")
	broken := flag.String("broken", "", "a notebook that must fail, with a panic, a figure cell without a figure, and a table that does not render: a check of this test itself")
	flag.Parse()
	if *base == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: browsertest -url URL -token TOKEN [-chromium PATH] [-timeout D] NOTEBOOK.ipynb...")
		os.Exit(2)
	}
	profile, err := os.MkdirTemp("", "browsertest-profile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(profile)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(*chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		fmt.Fprintf(os.Stderr, "browsertest: starting %s: %v\n", *chromium, err)
		os.Exit(1)
	}
	failed := false
	if *broken != "" {
		problems, _, err := runNotebook(bctx, *base, *token, *broken, *timeout)
		if err != nil {
			fmt.Printf("FAILED self-check %s: %v\n", *broken, err)
			os.Exit(1)
		}
		all := strings.Join(problems, "\n")
		for _, want := range []string{"stderr: panic: a deliberate failure", "tagged figure, but shows no image", "did not render"} {
			if !strings.Contains(all, want) {
				fmt.Printf("FAILED self-check %s: the test did not report %q; it reported:\n%s\n", *broken, want, all)
				failed = true
			}
		}
		if !failed {
			fmt.Printf("ok     self-check: %s fails as it must (%d problems found)\n", *broken, len(problems))
		}
	}
	for _, nb := range flag.Args() {
		t0 := time.Now()
		problems, notes, err := runNotebook(bctx, *base, *token, nb, *timeout)
		if err != nil {
			problems = append(problems, err.Error())
		}
		status := "ok"
		if len(problems) > 0 {
			status, failed = "FAILED", true
		}
		fmt.Printf("%-6s %s (%.0f s)\n", status, nb, time.Since(t0).Seconds())
		for _, n := range notes {
			fmt.Printf("       %s\n", n)
		}
		for _, p := range problems {
			fmt.Printf("       %s\n", p)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// state is what the page reports about a notebook's cells.
type state struct {
	Loaded   bool     `json:"loaded"`
	Pending  int      `json:"pending"`  // code cells queued or running, apart from the explore cell
	Problems []string `json:"problems"` // what is wrong so far
	Explore  string   `json:"explore"`  // the explore cell's image (a hash of its src), "" if none
	HasExp   bool     `json:"hasExplore"`
}

// inspect is evaluated in the page: it reports the cells' state. It looks
// at the outputs' data (errors, stderr) and at the rendered page (images,
// tables), as a student would.
const inspect = `(() => {
  const nb = window.Jupyter && Jupyter.notebook;
  if (!nb || !nb._fully_loaded || !nb.kernel || !nb.kernel.is_connected()) return {loaded: false, pending: 0, problems: [], explore: "", hasExplore: false};
  const problems = [], cells = nb.get_cells();
  let pending = 0, explore = "", hasExplore = false;
  const hash = s => { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return String(h) + ":" + s.length; };
  const checkTables = (root, where) => {
    root.querySelectorAll('table').forEach((t, k) => {
      const rows = Array.from(t.querySelectorAll('tr'));
      if (rows.length < 2) { problems.push(where + ": table " + (k+1) + " has " + rows.length + " row(s)"); return; }
      const width = rows[0].children.length;
      rows.forEach((r, i) => { if (r.children.length !== width) problems.push(where + ": table " + (k+1) + ", row " + i + " has " + r.children.length + " cells, the header " + width); });
      rows[0].querySelectorAll('th').forEach(th => { if (th.textContent.trim() === "" ) problems.push(where + ": table " + (k+1) + " has an empty header cell"); });
    });
    if (/\|\s*-{3,}\s*\|/.test(root.textContent)) problems.push(where + ": Markdown table syntax shows as text (the table did not render)");
  };
  cells.forEach((c, i) => {
    const where = "cell " + (i+1);
    const src = c.get_text();
    const tags = (c.metadata && c.metadata.tags) || [];
    if (c.cell_type === 'markdown') {
      if (!c.rendered) c.render();
      checkTables(c.element[0].querySelector('.text_cell_render') || c.element[0], where + " (text)");
      return;
    }
    if (c.cell_type !== 'code') return;
    const isExplore = src.includes("nb.Explore(");
    if (isExplore) {
      hasExplore = true;
      const img = c.element[0].querySelector('.output_area img');
      if (img) explore = hash(img.getAttribute('src') || "");
    }
    const prompt = c.input_prompt_number;
    if (!isExplore && (prompt === '*' || prompt === null || prompt === undefined)) { pending++; return; }
    for (const o of c.output_area.outputs) {
      if (o.output_type === 'error') problems.push(where + ": error " + o.ename + ": " + String(o.evalue).slice(0, 300));
      if (o.output_type === 'stream' && o.name === 'stderr' && !tags.includes('allow-stderr')) problems.push(where + ": stderr: " + String(o.text).slice(0, 300));
    }
    if (tags.includes('figure') && !c.element[0].querySelector('.output_area img, .output_area svg')) {
      if (!isExplore) problems.push(where + ": tagged figure, but shows no image");
    }
    c.element[0].querySelectorAll('.output_markdown, .output_html').forEach(o => {
      checkTables(o, where + " (output)");
      // Math in a table printed by a cell shows as raw $…$ in the classic
      // interface: the notebooks' tables must not hold any.
      o.querySelectorAll('table').forEach((t, k) => { if (t.textContent.includes('$')) problems.push(where + " (output): table " + (k+1) + " holds math ($…$), which the classic interface shows raw"); });
    });
  });
  return {loaded: true, pending, problems, explore, hasExplore};
})()`

func runNotebook(bctx context.Context, base, token, path string, timeout time.Duration) (problems, notes []string, err error) {
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	defer cancelT()
	u := strings.TrimRight(base, "/") + "/notebooks/" + url.PathEscape(path) + "?token=" + url.QueryEscape(token)
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return nil, nil, fmt.Errorf("opening %s: %w", path, err)
	}
	var st state
	poll := func(done func(state) bool, what string) error {
		for {
			var err error
			if st, err = chromedp.Run(ctx, chromedp.Evaluate[state](inspect)); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			if done(st) {
				return nil
			}
			select {
			case <-ctx.Done():
				b, _ := json.Marshal(st)
				return fmt.Errorf("%s: timed out (last state %s)", what, b)
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	if err := poll(func(s state) bool { return s.Loaded }, "waiting for the notebook and its kernel"); err != nil {
		return nil, nil, err
	}
	// Run every cell, as Cell → Run All does, without saving anything.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.execute_all_cells(); true`)); err != nil {
		return nil, nil, fmt.Errorf("running the cells: %w", err)
	}
	time.Sleep(time.Second) // let the cells be queued
	if err := poll(func(s state) bool { return s.Pending == 0 && (!s.HasExp || s.Explore != "") }, "running the cells"); err != nil {
		return st.Problems, nil, err
	}
	problems = st.Problems
	if st.HasExp {
		before := st.Explore
		t0 := time.Now()
		// Move the we slider as a user would: set it and fire its events.
		const move = `(() => { const s = document.getElementById('nb-explore-we-input'); if (!s) return false;
		  s.value = String(Number(s.value) + 4); s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); return true; })()`
		if moved, err := chromedp.Run(ctx, chromedp.Evaluate[bool](move)); err != nil || !moved {
			problems = append(problems, fmt.Sprintf("the explore cell shows no we slider (nb-explore-we-input) to move (%v)", err))
		} else if err := poll(func(s state) bool { return s.Explore != before }, "waiting for the figure to follow the slider"); err != nil {
			problems = append(problems, err.Error())
		} else {
			notes = append(notes, fmt.Sprintf("moved the we slider: the figure was redrawn after %.1f s", time.Since(t0).Seconds()))
			problems = st.Problems
		}
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`Jupyter.notebook.kernel.interrupt(); true`))
	}
	// Shut the kernel down, so that the next notebook does not share the CPU with it.
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`Jupyter.notebook.session.delete(); true`))
	return problems, notes, nil
}
