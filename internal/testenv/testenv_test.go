package testenv

import (
	"strings"
	"testing"
)

func TestSHA256(t *testing.T) {
	// sha256sum of "abc".
	if got := SHA256([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256(abc) = %s", got)
	}
}

// Float64sSHA256 hashes the bytes NumPy's tobytes() gives: 1.0 is
// 00 00 00 00 00 00 f0 3f.
func TestFloat64sSHA256(t *testing.T) {
	if got, want := Float64sSHA256([]float64{1}), SHA256([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}); got != want {
		t.Errorf("Float64sSHA256([1]) = %s, want %s", got, want)
	}
}

// RunPython passes arguments and standard input through.
func TestRunPython(t *testing.T) {
	out := RunPython(t, []byte("4"), "import sys, numpy; print(int(sys.stdin.read()) * int(sys.argv[1]))", "3")
	if strings.TrimSpace(string(out)) != "12" {
		t.Errorf("python printed %q, want 12", out)
	}
}

func TestCI(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "true": true, "1": true} {
		t.Setenv("CI", v)
		if CI() != want {
			t.Errorf("CI=%q: CI() = %v, want %v", v, !want, want)
		}
	}
}
