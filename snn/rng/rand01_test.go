package rng

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Rand01 gives the numbers of Izhikevich's rand01 macro in C, bit for bit
// (printed as hexadecimal floats, so nothing is rounded on the way).
func TestRand01MatchesC(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Fatalf("gcc not found (CI installs it; apt-get install gcc libc6-dev): %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "rand01.c")
	prog := `#include <stdio.h>
#include <stdlib.h>
#define rand01 (0.9999999 * (double)rand() / RAND_MAX)
int main(int argc, char **argv) {
	srand(strtoul(argv[1], 0, 10));
	for (int i = 0; i < 5000; i++) printf("%a\n", rand01);
	return 0;
}
`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "rand01")
	if out, err := exec.Command(gcc, "-O2", "-ffp-contract=off", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	for _, seed := range []uint32{0, 1, 42} {
		out, err := exec.Command(bin, strconv.FormatUint(uint64(seed), 10)).Output()
		if err != nil {
			t.Fatal(err)
		}
		g := NewRand01(seed)
		got := make([]float64, 5000)
		g.Uniform(got[:1000])
		for k := 1000; k < len(got); k++ {
			got[k] = g.Float64()
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		k := 0
		for ; sc.Scan(); k++ {
			want, err := strconv.ParseFloat(sc.Text(), 64)
			if err != nil {
				t.Fatal(err)
			}
			if math.Float64bits(got[k]) != math.Float64bits(want) {
				t.Fatalf("seed %d, number %d: %v, C %v", seed, k, got[k], want)
			}
		}
		if k != len(got) {
			t.Fatalf("C printed %d numbers", k)
		}
	}
}

func TestRand01NormalAndState(t *testing.T) {
	g := NewRand01(3)
	x := make([]float64, 20001) // odd: the last pair's second number is dropped
	g.Normal(x)
	mean, sq := 0.0, 0.0
	for _, v := range x {
		mean += v
		sq += v * v
	}
	mean /= float64(len(x))
	sd := math.Sqrt(sq/float64(len(x)) - mean*mean)
	if math.Abs(mean) > 0.03 || math.Abs(sd-1) > 0.03 {
		t.Errorf("normal numbers: mean %v, sd %v; want about 0 and 1", mean, sd)
	}
	b, err := g.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	h := NewRand01(99)
	if err := h.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if a, b := g.Float64(), h.Float64(); a != b {
			t.Fatalf("a restored generator gives %v, the original %v", b, a)
		}
	}
}

func TestFastStreamsState(t *testing.T) {
	g := NewFastStreams(11)
	x := make([]float64, 5000)
	g.Normal(x)
	b, err := g.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	h := NewFastStreams(12)
	if err := h.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	y, z := make([]float64, 5000), make([]float64, 5000)
	g.Normal(y)
	h.Normal(z)
	for i := range y {
		if y[i] != z[i] {
			t.Fatalf("number %d: restored %v, original %v", i, z[i], y[i])
		}
	}
	for _, bad := range [][]byte{nil, {2}, {1, 2, 3}} {
		if err := h.UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary(%v) succeeded", bad)
		}
	}
}
