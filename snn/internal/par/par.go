package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers returns how many goroutines a parallel phase may use:
// GOMAXPROCS, at least 1.
func Workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// Ranges splits [0, n) into at most w contiguous ranges of at least grain
// elements (aligned to 8) and calls f(k, lo, hi) on the k-th of them, in
// parallel. f must write only results that belong to its range, and the
// results must not depend on where the ranges are cut. It returns the
// number of ranges.
func Ranges(w, n, grain int, f func(k, lo, hi int)) int {
	if grain < 1 {
		grain = 1
	}
	if w > 1 && n/grain < w {
		w = n / grain
	}
	if w <= 1 {
		f(0, 0, n)
		return 1
	}
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		lo, hi := Split(n, w, k)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(k, lo, hi)
		}()
	}
	lo, hi := Split(n, w, 0)
	f(0, lo, hi)
	wg.Wait()
	return w
}

// Split returns the k-th of w ranges of [0, n), aligned to multiples of 8
// so that neighbouring ranges do not share a cache line of float64s.
func Split(n, w, k int) (lo, hi int) {
	lo = (n * k / w) &^ 7
	hi = (n * (k + 1) / w) &^ 7
	if k == w-1 {
		hi = n
	}
	return lo, hi
}

// Chunks calls f(worker, chunk) for every chunk in [0, chunks), handing
// chunks to at most w goroutines as they become free. worker (0 ≤ worker
// < the number of goroutines) lets f use per-goroutine scratch space; the
// result of a chunk must not depend on which worker ran it. It returns
// the number of goroutines used.
func Chunks(w, chunks int, f func(worker, chunk int)) int {
	w = min(w, chunks)
	if w <= 1 {
		for c := range chunks {
			f(0, c)
		}
		return 1
	}
	var next atomic.Int64
	work := func(k int) {
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			f(k, c)
		}
	}
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(k)
		}()
	}
	work(0) // the calling goroutine is worker 0
	wg.Wait()
	return w
}
