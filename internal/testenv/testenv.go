package testenv

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sync"
	"testing"
)

var (
	pythonOnce sync.Once
	pythonPath string
	pythonErr  error
)

// Python returns the path of a Python 3 interpreter that imports numpy,
// or an error saying why there is none. Debian's /usr/bin/python3 with
// python3-numpy is preferred.
func Python() (string, error) {
	pythonOnce.Do(func() {
		for _, p := range []string{"/usr/bin/python3", "python3"} {
			path, err := exec.LookPath(p)
			if err != nil {
				pythonErr = err
				continue
			}
			if out, err := exec.Command(path, "-c", "import numpy").CombinedOutput(); err != nil {
				pythonErr = fmt.Errorf("%s cannot import numpy: %v: %s", path, err, bytes.TrimSpace(out))
				continue
			}
			pythonPath, pythonErr = path, nil
			return
		}
	})
	return pythonPath, pythonErr
}

// CI reports whether the tests run under CI (CI set and not "false" or
// "0"), where a missing tool fails a test instead of skipping it.
func CI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// NumPy returns a Python 3 interpreter that imports numpy. Without one it
// skips the test, or fails it under CI.
func NumPy(t testing.TB) string {
	t.Helper()
	py, err := Python()
	if err == nil {
		return py
	}
	Missing(t, fmt.Sprintf("no Python 3 with NumPy (apt-get install python3-numpy): %v", err))
	return ""
}

// Missing stops a test that lacks something it needs: it fails under CI
// and is skipped elsewhere, with why in both cases.
func Missing(t testing.TB, why string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s (CI is set, so this fails instead of skipping)", why)
	}
	t.Skip(why)
}

// RunPython runs a Python script with NumPy, with args, and returns its
// standard output; stdin, when not nil, is its standard input.
func RunPython(t testing.TB, stdin []byte, script string, args ...string) []byte {
	t.Helper()
	py := NumPy(t)
	cmd := exec.Command(py, append([]string{"-c", script}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// SHA256 returns the hexadecimal SHA-256 of b, as golden files record it.
func SHA256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Float64sSHA256 returns the hexadecimal SHA-256 of x as little-endian
// float64 bytes: what NumPy's hashlib.sha256(a.tobytes()) gives for a
// '<f8' array.
func Float64sSHA256(x []float64) string {
	h := sha256.New()
	var b [8]byte
	for _, v := range x {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
