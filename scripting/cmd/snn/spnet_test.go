package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosnn/gosnn/snn/spnet"
)

func spnetRun(args ...string) (code int, stdout, stderr string) {
	return spnetRunContext(context.Background(), args...)
}

// spnetRunContext runs "snn spnet args..." with ctx as main's signal
// context: cancelling it is Ctrl-C.
func spnetRunContext(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(ctx, append([]string{"spnet"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSpnetResumeMatchesOneRun runs 4 s, resumes to 7 s, and checks that
// the two parts together are the 7 s run: spikes, statistics and weights.
func TestSpnetResumeMatchesOneRun(t *testing.T) {
	dir := t.TempDir()
	whole, first, second := filepath.Join(dir, "whole"), filepath.Join(dir, "first"), filepath.Join(dir, "second")
	if code, _, stderr := spnetRun("--seconds", "7", "--out", whole); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	if code, _, stderr := spnetRun("--seconds", "4", "--out", first); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	code, stdout, stderr := spnetRun("--resume", filepath.Join(first, "checkpoint.spnet"), "--seconds", "7", "--out", second, "--json")
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	var sum spnetSummary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil || sum.FromSecond != 4 || sum.ToSecond != 7 {
		t.Fatalf("--json summary %q (%v): want seconds 4 to 7", stdout, err)
	}
	for _, name := range []string{"spikes.csv", "stats.csv"} {
		a, b := readFile(t, filepath.Join(first, name)), readFile(t, filepath.Join(second, name))
		header, rest, _ := strings.Cut(b, "\n")
		if !strings.HasPrefix(a, header+"\n") {
			t.Fatalf("%s: headers differ", name)
		}
		if w := readFile(t, filepath.Join(whole, name)); a+rest != w {
			t.Errorf("%s: 4 s + resumed 3 s differs from one 7 s run", name)
		}
	}
	if readFile(t, filepath.Join(second, "weights.csv")) != readFile(t, filepath.Join(whole, "weights.csv")) {
		t.Error("weights.csv: the resumed run ends with other weights than the uninterrupted one")
	}
	stats := readFile(t, filepath.Join(whole, "stats.csv"))
	if n := strings.Count(stats, "\n"); n != 8 {
		t.Errorf("stats.csv has %d lines, want a header and 7 seconds", n)
	}
}

// TestSpnetInterrupt interrupts a long run as Ctrl-C does (by cancelling
// the command's context, which main ties to SIGINT) and checks that every
// output is complete up to a second boundary, that a checkpoint was
// written, and that resuming from it continues exactly.
func TestSpnetInterrupt(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(700*time.Millisecond, cancel)
	code, _, stderr := spnetRunContext(ctx, "--seconds", "100000", "--out", out)
	if code != 130 || !strings.Contains(stderr, "interrupted at") {
		t.Fatalf("status %d, stderr %q; want 130 and interrupted", code, stderr)
	}
	f, err := os.Open(filepath.Join(out, "checkpoint.spnet"))
	if err != nil {
		t.Fatal(err)
	}
	net, err := spnet.Load(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sec := net.Time() / 1000
	if net.Time()%1000 != 0 || sec < 1 {
		t.Fatalf("checkpoint at %d ms; want a whole second ≥ 1", net.Time())
	}
	stats := readFile(t, filepath.Join(out, "stats.csv"))
	if n := int64(strings.Count(stats, "\n")); n != sec+1 {
		t.Errorf("stats.csv: %d lines for %d seconds", n, sec)
	}
	spikes := readFile(t, filepath.Join(out, "spikes.csv"))
	if !strings.HasSuffix(spikes, "\n") {
		t.Error("spikes.csv does not end with a complete line")
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	// Resuming for one more second gives the uninterrupted run's seconds.
	more := filepath.Join(dir, "more")
	if code, _, stderr := spnetRun("--resume", filepath.Join(out, "checkpoint.spnet"), "--seconds", strconv.FormatInt(sec+1, 10), "--stats", filepath.Join(more+".csv")); code != 0 {
		t.Fatalf("resume: status %d: %s", code, stderr)
	}
	whole := filepath.Join(dir, "whole.csv")
	if code, _, stderr := spnetRun("--seconds", strconv.FormatInt(sec+1, 10), "--stats", whole); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	_, rest, _ := strings.Cut(readFile(t, more+".csv"), "\n")
	if stats+rest != readFile(t, whole) {
		t.Error("interrupted + resumed statistics differ from one run's")
	}
}

func TestSpnetBadFlags(t *testing.T) {
	dir := t.TempDir()
	notCkpt := filepath.Join(dir, "x.csv")
	os.WriteFile(notCkpt, []byte("t,neuron\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--seconds", "0"}, 2, "at least 1 second"},
		{[]string{"--seed", "4294967296"}, 2, "0 to 4294967295"},
		{[]string{"--every", "5"}, 2, "--checkpoint FILE or --out DIR"},
		{[]string{"--every", "-1", "--out", dir}, 2, "--every -1"},
		{[]string{"--resume", notCkpt, "--seed", "3"}, 2, "give one of them"},
		{[]string{"--resume", notCkpt}, 1, "not a spnet checkpoint"},
		{[]string{"--resume", filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"--seconds", "1", "--spikes", dir}, 1, "is a directory"},
		{[]string{"stray"}, 2, "unexpected argument"},
	}
	for _, c := range cases {
		code, _, stderr := spnetRun(c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("snn spnet %v: status %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestSpnetGroups checks the --groups plumbing on a checkpoint: analysing
// it without simulating further writes the groups file and reports the
// count. After 2 s no weight has grown beyond 9.5 yet, so there are none.
func TestSpnetGroups(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "ck.spnet")
	if code, _, stderr := spnetRun("--seconds", "2", "--checkpoint", ck); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	groups := filepath.Join(dir, "groups.txt")
	code, stdout, stderr := spnetRun("--resume", ck, "--seconds", "2", "--groups", groups, "--json")
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	var sum spnetSummary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil || sum.Groups == nil || *sum.Groups != 0 {
		t.Fatalf("summary %q (%v): want 0 groups", stdout, err)
	}
	if b, err := os.ReadFile(groups); err != nil || len(b) != 0 {
		t.Errorf("groups file: %q, %v; want an empty file", b, err)
	}
	if code, _, stderr := spnetRun("--resume", ck, "--seconds", "2"); code != 1 || !strings.Contains(stderr, "already at 2.000 s") {
		t.Errorf("resuming to the checkpoint's own time without analysis: status %d, %q", code, stderr)
	}
}
