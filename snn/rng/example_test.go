package rng_test

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/rng"
)

// ExampleNew prints the first numbers NumPy gives after
// np.random.seed(0): np.random.rand(2) and np.random.randn(3) (values
// printed by NumPy 1.24).
func ExampleNew() {
	g, err := rng.New("numpy", 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	u := make([]float64, 2)
	z := make([]float64, 3)
	g.Uniform(u)
	g.Normal(z)
	fmt.Printf("%.6f %.6f\n%.6f %.6f %.6f\n", u[0], u[1], z[0], z[1], z[2])
	// Output:
	// 0.548814 0.715189
	// 0.978738 2.240893 1.867558
}
