package snn

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestTeamRunsEveryChunkOnce checks a team's jobs: every chunk runs exactly
// once, on a worker index in range and never on two goroutines at once,
// including after the helpers went to sleep between jobs; close returns.
func TestTeamRunsEveryChunkOnce(t *testing.T) {
	for _, helpers := range []int{1, 3} {
		tm := newTeam(helpers)
		for job := range 300 {
			chunks := 1 + job%7
			counts := make([]atomic.Int32, chunks)
			busy := make([]atomic.Int32, helpers+1)
			var bad atomic.Int32
			tm.run(chunks, func(w, c int) {
				if w < 0 || w > helpers || busy[w].Add(1) != 1 {
					bad.Add(1)
				}
				counts[c].Add(1)
				busy[w].Add(-1)
			})
			if bad.Load() != 0 {
				t.Fatalf("%d helpers, job %d: a worker index was out of range or used twice at once", helpers, job)
			}
			for c := range counts {
				if n := counts[c].Load(); n != 1 {
					t.Fatalf("%d helpers, job %d: chunk %d ran %d times", helpers, job, c, n)
				}
			}
			if job%100 == 99 {
				time.Sleep(2 * spinLimit) // the helpers go to sleep
			}
		}
		done := make(chan struct{})
		go func() { tm.close(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d helpers: close did not return", helpers)
		}
	}
}
