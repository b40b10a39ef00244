package spnet

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The C reference (testdata/spnet_ref.c) is compiled once per test binary
// with gcc -O2 -ffp-contract=off, and each of its runs once per
// (seconds, seed).
var (
	refOnce sync.Once
	refBin  string
	refErr  error
	refDir  string

	refRuns   = map[string]*refRun{}
	refRunsMu sync.Mutex
)

func TestMain(m *testing.M) {
	code := m.Run()
	if refDir != "" {
		os.RemoveAll(refDir)
	}
	os.Exit(code)
}

func referenceBinary(tb testing.TB) string {
	tb.Helper()
	refOnce.Do(func() {
		gcc, err := exec.LookPath("gcc")
		if err != nil {
			refErr = fmt.Errorf("gcc not found; the golden tests compile the C reference (apt-get install gcc libc6-dev): %w", err)
			return
		}
		refDir, err = os.MkdirTemp("", "spnet-ref-")
		if err != nil {
			refErr = err
			return
		}
		refBin = filepath.Join(refDir, "spnet_ref")
		out, err := exec.Command(gcc, "-O2", "-ffp-contract=off", "-o", refBin, filepath.Join("testdata", "spnet_ref.c"), "-lm").CombinedOutput()
		if err != nil {
			refErr = fmt.Errorf("compiling the C reference: %v\n%s", err, out)
		}
	})
	if refErr != nil {
		tb.Fatal(refErr)
	}
	return refBin
}

// refRun is the output of one run of the C reference.
type refRun struct {
	spikes  []spike
	stats   []SecondStats
	weights []refWeight
	groups  string  // groups of mothers 0 … groupMothers−1, as WriteGroups writes them
	simSec  float64 // the reference's own timing of its simulation loop
}

// The golden test compares the polychronous groups anchored at the first
// groupMothers neurons with at least groupMinLayers layers: the 60 s
// network has few groups of the paper's 7 layers, and the reference's
// search (which simulates all 1000 neurons for every anchor combination)
// costs about 0.3 s a mother.
const (
	groupMothers   = 5
	groupMinLayers = 3
)

type spike struct {
	t      int64
	neuron int32
}

type refWeight struct {
	pre, index, post, delay int
	s, sd                   float64
}

func reference(tb testing.TB, seconds int, seed uint32) *refRun {
	tb.Helper()
	key := fmt.Sprint(seconds, "/", seed)
	refRunsMu.Lock()
	defer refRunsMu.Unlock()
	if r := refRuns[key]; r != nil {
		return r
	}
	bin := referenceBinary(tb)
	dir := tb.TempDir()
	sp, st, w, gr := filepath.Join(dir, "spikes"), filepath.Join(dir, "stats"), filepath.Join(dir, "weights"), filepath.Join(dir, "groups")
	cmd := exec.Command(bin, strconv.Itoa(seconds), strconv.FormatUint(uint64(seed), 10), sp, st, w,
		gr, "0", strconv.Itoa(groupMothers), strconv.Itoa(groupMinLayers))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("C reference: %v\n%s", err, stderr.String())
	}
	r := &refRun{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "sim_seconds "); ok {
			r.simSec, _ = strconv.ParseFloat(v, 64)
		}
	}
	eachLine(tb, sp, func(f []string) {
		r.spikes = append(r.spikes, spike{atoi64(tb, f[0]), int32(atoi64(tb, f[1]))})
	}, ",")
	eachLine(tb, st, func(f []string) {
		r.stats = append(r.stats, SecondStats{
			Second: atoi64(tb, f[0]), ExcSpikes: int(atoi64(tb, f[1])), InhSpikes: int(atoi64(tb, f[2])), Strong: int(atoi64(tb, f[3])),
			ExcRate: atof(tb, f[4]), StrongPct: atof(tb, f[5]), InhRate: atof(tb, f[6]),
		})
	}, " ")
	eachLine(tb, w, func(f []string) {
		r.weights = append(r.weights, refWeight{int(atoi64(tb, f[0])), int(atoi64(tb, f[1])), int(atoi64(tb, f[2])), int(atoi64(tb, f[3])), atof(tb, f[4]), atof(tb, f[5])})
	}, " ")
	b, err := os.ReadFile(gr)
	if err != nil {
		tb.Fatal(err)
	}
	r.groups = string(b)
	refRuns[key] = r
	return r
}

func eachLine(tb testing.TB, path string, fn func([]string), sep string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(strings.Split(sc.Text(), sep))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
}

func atoi64(tb testing.TB, s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func atof(tb testing.TB, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}
