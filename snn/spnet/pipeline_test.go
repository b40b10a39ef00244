package spnet

import (
	"bytes"
	"runtime"
	"testing"
	"time"
)

// TestPipelineOnlyForKnownParts checks that Run steps plainly when a part
// whose effect it cannot know takes part.
func TestPipelineOnlyForKnownParts(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: Run never pipelines")
	}
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := net.pipelines(1000); !ok {
		t.Fatal("the published network with STDP is not pipelined")
	}
	net.Monitors = []Monitor{MonitorFunc(func(*Network) {})}
	if _, ok := net.pipelines(1000); ok {
		t.Error("pipelined with a monitor that could read the derivatives")
	}
	net.Monitors = nil
	net.Input = StimulusFunc(func(*Network, []float64) {})
	if _, ok := net.pipelines(1000); ok {
		t.Error("pipelined with an input that could read the derivatives")
	}
}

// TestPipelinedRunIsExact runs the network with Run's second goroutine and
// with plain steps — starting mid-second, across second and period
// boundaries, with a period other than a second — and asks for the same
// state to the bit: neurons, weights, derivatives, traces and the
// statistics a monitor sees.
func TestPipelinedRunIsExact(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: Run never pipelines")
	}
	for _, period := range []int{1000, 700} {
		run := func(pipelined bool) ([]byte, []SecondStats) {
			was := pipelineEnabled
			pipelineEnabled = pipelined
			defer func() { pipelineEnabled = was }()
			net, err := New(Default())
			if err != nil {
				t.Fatal(err)
			}
			stdp, err := NewSTDPWith(net, STDPParams{Period: period})
			if err != nil {
				t.Fatal(err)
			}
			net.Plasticity = stdp
			stats := &Stats{}
			net.Monitors = []Monitor{stats, &Spikes{}, &Rhythm{}}
			net.Run(250) // ends mid-second
			for _, ms := range []int{1100, 99, 1651, 900} {
				if _, ok := net.pipelines(ms); ok != (pipelined && ms >= pipelineMinMs) {
					t.Fatalf("a run of %d ms pipelined: %v", ms, ok)
				}
				net.Run(ms)
			}
			for i, x := range stdp.ltd {
				if !sameBits(x, stdp.LTD(net, i)) {
					t.Fatalf("ms %d, neuron %d: LTD %v, from the last spike %v", net.Time(), i, x, stdp.LTD(net, i))
				}
			}
			var b bytes.Buffer
			if err := net.Save(&b); err != nil {
				t.Fatal(err)
			}
			return b.Bytes(), stats.Seconds
		}
		plain, plainStats := run(false)
		piped, pipedStats := run(true)
		if !bytes.Equal(plain, piped) {
			t.Errorf("period %d ms: the pipelined run's checkpoint differs from the plain run's", period)
		}
		if len(plainStats) != len(pipedStats) {
			t.Fatalf("period %d ms: %d seconds of statistics pipelined, %d plain", period, len(pipedStats), len(plainStats))
		}
		for k := range plainStats {
			if plainStats[k] != pipedStats[k] {
				t.Errorf("period %d ms, second %d: pipelined %+v, plain %+v", period, k, pipedStats[k], plainStats[k])
			}
		}
	}
}

// TestPipelineStopsBeforeItsFirstMillisecond checks that a pipeline
// stopped before it published anything (a Run that panics in its first
// step) ends instead of waiting for ever.
func TestPipelineStopsBeforeItsFirstMillisecond(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: Run never pipelines")
	}
	net, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	pl := net.newPipeline(1000)
	if pl == nil {
		t.Fatal("no pipeline")
	}
	done := make(chan struct{})
	go func() {
		pl.stop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
}
