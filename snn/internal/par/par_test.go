package par

import (
	"runtime"
	"testing"
)

// withProcs runs f with GOMAXPROCS set to procs.
func withProcs(procs int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	f()
}

// Splitting a range into pieces covers it exactly once, for any count.
func TestParallelRangesCover(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		withProcs(procs, func() {
			for _, n := range []int{0, 1, 7, 8, 100, 1025, 4096} {
				seen := make([]int, n)
				Ranges(Workers(), n, 1, func(_, lo, hi int) {
					for i := lo; i < hi; i++ {
						seen[i]++
					}
				})
				for i, c := range seen {
					if c != 1 {
						t.Fatalf("GOMAXPROCS=%d, n=%d: element %d covered %d times", procs, n, i, c)
					}
				}
			}
		})
	}
}

// Chunks calls f once for every chunk, whatever the number of goroutines.
func TestChunksCover(t *testing.T) {
	for _, w := range []int{1, 2, 3, 8} {
		for _, n := range []int{0, 1, 7, 100} {
			seen := make([]int, n)
			used := Chunks(w, n, func(_, c int) { seen[c]++ })
			if used > max(w, 1) {
				t.Errorf("w=%d, n=%d: %d goroutines", w, n, used)
			}
			for c, k := range seen {
				if k != 1 {
					t.Fatalf("w=%d, n=%d: chunk %d run %d times", w, n, c, k)
				}
			}
		}
	}
}
