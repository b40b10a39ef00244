package spnet_test

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/spnet"
)

// The published network for two simulated seconds, with the statistics
// the original prints after every second.
func Example() {
	net, err := spnet.New(spnet.Default())
	if err != nil {
		panic(err)
	}
	stats := &spnet.Stats{}
	net.Monitors = append(net.Monitors, stats)
	net.Run(2 * 1000)
	for _, s := range stats.Seconds {
		fmt.Println(s) // second, excitatory rate, strong synapses (%), inhibitory rate
	}
	// Output:
	// 0  4.69  0.00  16.62
	// 1  4.65  0.00  16.95
}
