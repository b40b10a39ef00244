// Tutorial reproduces the tutorial's network: 800 regular-spiking
// excitatory and 200 low-threshold-spiking inhibitory Izhikevich neurons,
// seed 0, 1000 ms. It prints the spike count (7648, as the NumPy code
// gives) and writes spikes.csv and raster.png to the output directory.
//
//	snn run scripting/examples/tutorial/main.go [steps]
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
)

func main() {
	steps := 1000
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "steps %q: give a whole number of steps (ms) ≥ 1\n", os.Args[1])
			os.Exit(2)
		}
		steps = n
	}

	cfg := snn.Tutorial(snn.DefaultTutorial())
	net, err := snn.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := net.Run(context.Background(), steps, &snn.RunOptions{Trace: []int{0, 800}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	fmt.Printf("%d neurons, %d ms: %d spikes\n", res.N, res.Steps, len(res.Spikes))
	for _, p := range res.Populations {
		count := 0
		for _, s := range res.Spikes {
			if s.Neuron >= p.Start && s.Neuron < p.Start+p.Size {
				count++
			}
		}
		fmt.Printf("  %-10s %4d neurons %6d spikes  %5.2f Hz\n", p.Name, p.Size, count, float64(count)/float64(p.Size)/(res.Duration()/1000))
	}

	if err := snn.WriteFile(snn.OutPath("spikes.csv"), res.Spikes.WriteCSV); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	raster, err := plots.NewRaster(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := raster.Save(snn.OutPath("raster.png")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("wrote spikes.csv and raster.png")
}
