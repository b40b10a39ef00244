package pynn_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/pynn"
)

// Export the tutorial's network for a 1 s run on NEURON; then, in a shell,
// `mpirun -np 2 python3 DIR/run.py` runs it and writes DIR/spikes.csv.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "tutorial-pynn")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 0})
	files, err := pynn.Write(dir, cfg, pynn.Options{Steps: 1000})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// population_0.npy
	// population_1.npy
	// weights_0_0_exc.npy
	// weights_0_1_exc.npy
	// weights_1_0_inh.npy
	// weights_1_1_inh.npy
	// noise_std.npy
	// network.json
	// run.py
}
