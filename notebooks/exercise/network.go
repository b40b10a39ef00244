package exercise

import (
	"context"
	"fmt"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// RunTutorial runs the tutorial's network (800 RS + 200 LTS, we = 0.5,
// NumPy's generator, seed 0) with inhibitory weight wi for 1000 ms, as
// the notebooks' nb.Tutorial.Run(0, opts) does: the network of exercises
// 2 and 3.
func RunTutorial(wi float64, opts *snn.RunOptions) (*snn.Result, error) {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: wi, Seed: 0})
	g, err := rng.New(rng.NameNumPy, 0)
	if err != nil {
		return nil, err
	}
	cfg.Generator = g
	net, err := snn.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("tutorial network with wi = %g: %w", wi, err)
	}
	return net.Run(context.Background(), 1000, opts)
}
