// Sweep runs the tutorial's network for every pair of excitatory and
// inhibitory weight scales (we × wi) and draws the mean firing rate over
// the pairs as a heat map, sweep.png: where excitation wins, the network
// fires at high rates; where inhibition wins, it stays quiet.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
)

func main() {
	we := []float64{0.25, 0.5, 0.75, 1, 1.25}
	wi := []float64{0.5, 1, 1.5, 2, 2.5}
	const ne, ni, ms = 400, 100, 500

	m, err := plots.NewSweepMap("Mean rate, 400 RS + 100 LTS", "excitatory weight we", we, "inhibitory weight wi", wi)
	check(err)
	m.ValueLabel = "rate (Hz)"
	for i := range we {
		for j := range wi {
			net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: ne, Ni: ni, Exc: snn.RS, Inh: snn.LTS, We: we[i], Wi: wi[j]}))
			check(err)
			res, err := net.Run(context.Background(), ms, nil)
			check(err)
			m.Z[i][j] = float64(len(res.Spikes)) / (ne + ni) / (ms / 1000.0)
			fmt.Printf("we %.2f  wi %.2f  %6.2f Hz\n", we[i], wi[j], m.Z[i][j])
		}
	}
	check(m.Save(snn.OutPath("sweep.png")))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
