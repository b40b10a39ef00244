package tutorial

import (
	"context"
	"sync"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

var (
	once sync.Once
	res  *snn.Result
	err  error
)

// Spikes is the number of spikes of the tutorial's run with seed 0, as
// the tutorial's NumPy code gives them.
const Spikes = 7648

// Run returns the tutorial's network (800 RS and 200 LTS neurons, seed 0)
// run for 1000 ms with every neuron traced, made once and shared: callers
// must not change it.
func Run(t testing.TB) *snn.Result {
	t.Helper()
	once.Do(func() {
		var net *snn.Network
		net, err = snn.New(snn.Tutorial(snn.DefaultTutorial()))
		if err == nil {
			res, err = net.Run(context.Background(), 1000, &snn.RunOptions{TraceAll: true})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Spikes) != Spikes {
		t.Fatalf("the tutorial's run has %d spikes, want NumPy's %d", len(res.Spikes), Spikes)
	}
	return res
}
