package rng

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// cRand compiles a tiny C program that prints n numbers of rand() after
// srand(seed), runs it and returns the numbers. The test needs gcc and the
// GNU C library, as CI has.
func cRand(t *testing.T, seeds []uint32, n int) map[uint32][]int32 {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Fatalf("gcc not found (CI installs it; apt-get install gcc libc6-dev): %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "rand.c")
	prog := `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
	unsigned seed = strtoul(argv[1], 0, 10);
	int n = atoi(argv[2]);
	srand(seed);
	for (int i = 0; i < n; i++) printf("%d\n", rand());
	return 0;
}
`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "rand")
	if out, err := exec.Command(gcc, "-O2", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	got := map[uint32][]int32{}
	for _, seed := range seeds {
		out, err := exec.Command(bin, strconv.FormatUint(uint64(seed), 10), strconv.Itoa(n)).Output()
		if err != nil {
			t.Fatalf("running the C program: %v", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			v, err := strconv.ParseInt(sc.Text(), 10, 32)
			if err != nil {
				t.Fatal(err)
			}
			got[seed] = append(got[seed], int32(v))
		}
	}
	return got
}

func TestGlibcMatchesC(t *testing.T) {
	seeds := []uint32{0, 1, 2, 42, 12345, 1 << 31, 1<<32 - 1}
	const n = 5000
	want := cRand(t, seeds, n)
	for _, seed := range seeds {
		g := NewGlibc(seed)
		if len(want[seed]) != n {
			t.Fatalf("seed %d: C printed %d numbers, want %d", seed, len(want[seed]), n)
		}
		for i, w := range want[seed] {
			if got := g.Rand(); got != w {
				t.Fatalf("seed %d, number %d: Go %d, C %d", seed, i, got, w)
			}
		}
	}
}

func TestGlibcZeroSeedIsOne(t *testing.T) {
	a, b := NewGlibc(0), NewGlibc(1)
	for i := range 100 {
		if x, y := a.Rand(), b.Rand(); x != y {
			t.Fatalf("number %d: srand(0) gives %d, srand(1) %d; glibc treats 0 as 1", i, x, y)
		}
	}
}

func TestGlibcMarshalRoundTrip(t *testing.T) {
	g := NewGlibc(7)
	for range 1234 {
		g.Rand()
	}
	b, err := g.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var h Glibc
	if err := h.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		if x, y := g.Rand(), h.Rand(); x != y {
			t.Fatalf("number %d after restore: %d, want %d", i, y, x)
		}
	}
	for _, bad := range [][]byte{nil, b[:10], append([]byte{2}, b[1:]...), append([]byte{1, 40, 0}, b[3:]...), append([]byte{1, 5, 0}, b[3:]...)} {
		if err := h.UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary(%v...) accepted a damaged state", bad[:min(len(bad), 3)])
		}
	}
}

func BenchmarkGlibcRand(b *testing.B) {
	g := NewGlibc(0)
	var s int32
	for b.Loop() {
		s += g.Rand()
	}
	_ = s
}
