package spnet

import "testing"

func TestRhythmFindsTheFrequency(t *testing.T) {
	for _, period := range []int{25, 20, 16} { // 40, 50 and 62.5 Hz
		r := &Rhythm{Seconds: 2}
		r.counts = make([]float64, r.window())
		for ms := range 3000 { // more than the window: the ring wraps
			n := 0.0
			if ms%period == 0 {
				n = 30
			}
			r.counts[ms%len(r.counts)] = n
			r.filled++
		}
		got, err := r.DominantFrequency(10, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := 1000 / float64(period)
		if got < want-1 || got > want+1 {
			t.Errorf("bursts every %d ms: dominant %g Hz, want %g", period, got, want)
		}
	}
	if _, err := (&Rhythm{}).DominantFrequency(10, 100); err == nil {
		t.Error("no data: no error")
	}
	r := &Rhythm{Seconds: 1}
	r.counts, r.filled = make([]float64, 1000), 1000
	if _, err := r.DominantFrequency(100, 10); err == nil {
		t.Error("reversed band: no error")
	}
}

func TestRhythmOfTheNetwork(t *testing.T) {
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	r := &Rhythm{Seconds: 2}
	net.Monitors = []Monitor{r}
	net.Run(2000)
	f, err := r.DominantFrequency(1, 100)
	if err != nil || f <= 0 {
		t.Fatalf("dominant frequency %g, %v", f, err)
	}
	t.Logf("first 2 s: %g Hz", f)
}
