package snn_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gosnn/gosnn/snn"
)

// A run at 0.1 ms records v of two neurons at every step and u of one
// every millisecond, for 20 ms given in ms.
func ExampleRecording() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 1})
	cfg.DT = 0.1
	net, err := snn.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.RunFor(context.Background(), 20, &snn.RunOptions{Recordings: []snn.Recording{
		{Variable: "v", Neurons: []int{0, 90}},
		{Variable: "u", Neurons: []int{0}, Every: 1},
	}})
	if err != nil {
		log.Fatal(err)
	}
	for _, rec := range res.Recorded {
		last := rec.Samples - 1
		fmt.Printf("%s of %v: %d samples, every %d steps, the last at %.1f ms\n",
			rec.Variable, rec.Neurons, rec.Samples, rec.Every, res.RecordedTime(rec, last))
	}
	// Output:
	// v of [0 90]: 200 samples, every 1 steps, the last at 20.0 ms
	// u of [0]: 20 samples, every 10 steps, the last at 19.1 ms
}

// Spikes carry steps; the raster of a result has their times in ms, so a
// window in ms is right at any step.
func ExampleTimedSpikes_Between() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 1})
	cfg.DT = 0.1
	net, err := snn.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.RunFor(context.Background(), 300, nil)
	if err != nil {
		log.Fatal(err)
	}
	late := res.Raster().Between(100, 200)
	win, err := res.Between(100, 200)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(late.Spikes) == len(win.Spikes), late.Spikes[0].T >= 1000)
	// Output:
	// true true
}
