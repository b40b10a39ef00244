package scripting

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

const hhFile = "examples/hodgkinhuxley/main.go"

// TestHodgkinHuxleyVecMatchesLoop checks the example's Hodgkin–Huxley
// population, written with snn/vec, against the same equations written as
// a plain scalar loop (testdata/hhloop), in the same network: the spike
// counts of the population agree to 1 %. (They are not bit for bit the
// same: the vector form rounds −(v + 40)/10 as −0.1·v − 4.)
func TestHodgkinHuxleyVecMatchesLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two programs with the Go toolchain")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	run := func(file string) string {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var out, errw bytes.Buffer
		if err := RunNative(context.Background(), file, src, Options{Args: []string{"300", "500"}, Stdout: &out, Stderr: &errw, OutDir: t.TempDir()}); err != nil {
			t.Fatalf("%s: %v\n%s", file, err, errw.String())
		}
		return out.String()
	}
	m := regexp.MustCompile(`hodgkin-huxley +500 neurons +(\d+) spikes`).FindStringSubmatch(run(hhFile))
	if m == nil {
		t.Fatal("the example printed no spike count for its Hodgkin–Huxley population")
	}
	vecCount, _ := strconv.Atoi(m[1])
	var loopCount int
	out := run("testdata/hhloop/main.go")
	if _, err := fmt.Sscan(out, &loopCount); err != nil {
		t.Fatalf("hhloop printed %q", out)
	}
	if loopCount < 1000 || math.Abs(float64(vecCount-loopCount)) > 0.01*float64(loopCount) {
		t.Errorf("Hodgkin–Huxley spikes: %d with snn/vec, %d as a scalar loop: want them within 1 %% (and over 1000)", vecCount, loopCount)
	}
}
