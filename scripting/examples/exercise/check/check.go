// Check grades a submission of the exercise (../main.go) for
// "snn grade": it runs outside the sandbox, as trusted code, with
// snn.OutDir() set to the folder the submission wrote, reads the
// exercise.csv the submission's main wrote there, recomputes what the
// built-in Izhikevich model gives on the same input, and prints the
// score, the fraction of the three checks (v, u, spikes) that agree, as
// its last line. It exits with status 1, saying why on standard error,
// when the file is missing or malformed. Nothing the submission printed
// counts.
//
//	snn grade --submissions DIR --check scripting/examples/exercise/check/check.go --report grades.csv
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/vec"
)

// The exercise's set-up, which the submission's main uses too.
const n, steps = 200, 300

type row struct{ v, u, fired float64 }

func main() {
	rows, err := read(snn.OutPath("exercise.csv"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ref := snn.NewIzhikevich(n, snn.RS.Params)
	g := rng.NewFastStreams(7)
	r := make([]float64, n)
	g.Uniform(r)
	for i := 0; i < n; i++ {
		ref.Set(i, snn.ExcitatoryJitter(snn.RS.Params, r[i]))
	}
	ref.Reset()
	I := make([]float64, n)
	var fired []int
	vOK, uOK, spikesOK := true, true, true
	for t := 0; t < steps; t++ {
		g.Normal(I)
		vec.Scale(5, I)
		fired = ref.Step(I, fired[:0])
		want := make([]float64, n)
		for _, i := range fired {
			want[i] = 1
		}
		for i := 0; i < n; i++ {
			got := rows[t*n+i]
			vOK = vOK && math.Abs(got.v-ref.V[i]) < 1e-9
			uOK = uOK && math.Abs(got.u-ref.U[i]) < 1e-9
			spikesOK = spikesOK && got.fired == want[i]
		}
	}
	passed := 0
	for _, c := range []struct {
		ok   bool
		what string
	}{{vOK, "membrane potential v"}, {uOK, "recovery variable u"}, {spikesOK, "spikes"}} {
		verdict := "wrong"
		if c.ok {
			passed++
			verdict = "ok"
		}
		fmt.Printf("%-22s %s\n", c.what, verdict)
	}
	fmt.Printf("%.4g\n", float64(passed)/3)
}

// read reads exercise.csv: a header, then t,neuron,v,u,fired for every
// step and neuron in order.
func read(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("the submission did not write exercise.csv (does its main still end with writeRows?): %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || sc.Text() != "t,neuron,v,u,fired" {
		return nil, fmt.Errorf("exercise.csv: the first line is not the header t,neuron,v,u,fired")
	}
	rows := make([]row, 0, n*steps)
	for line := 2; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), ",")
		if len(f) != 5 || len(rows) == n*steps {
			return nil, fmt.Errorf("exercise.csv: line %d: want 5 fields and %d rows", line, n*steps)
		}
		var x [5]float64
		for k := range x {
			if x[k], err = strconv.ParseFloat(f[k], 64); err != nil {
				return nil, fmt.Errorf("exercise.csv: line %d: %v", line, err)
			}
		}
		k := len(rows)
		if int(x[0]) != k/n || int(x[1]) != k%n {
			return nil, fmt.Errorf("exercise.csv: line %d: want step %d, neuron %d", line, k/n, k%n)
		}
		rows = append(rows, row{x[2], x[3], x[4]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("exercise.csv: %w", err)
	}
	if len(rows) != n*steps {
		return nil, fmt.Errorf("exercise.csv: %d rows, want %d", len(rows), n*steps)
	}
	return rows, nil
}
