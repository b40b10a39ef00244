package scripting_test

import (
	"context"
	"fmt"
	"os"

	"github.com/gosnn/gosnn/scripting"
)

func ExampleRun() {
	src := `package main

import (
	"context"
	"fmt"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))
	if err != nil {
		panic(err)
	}
	res, _ := net.Run(context.Background(), 1000, nil)
	fmt.Println(len(res.Spikes), "spikes")
}
`
	err := scripting.Run(context.Background(), "tutorial.go", []byte(src), scripting.Options{Stdout: os.Stdout})
	fmt.Println("error:", err)
	// Output:
	// 7648 spikes
	// error: <nil>
}

func ExampleCheck() {
	src := `package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Println(max(i, 1))
	}
}
`
	fmt.Println(scripting.Check("loop.go", []byte(src), false))
	// Output:
	// loop.go:6:2: range over an integer (Go 1.22) is not supported by the interpreter: write for i := 0; i < 3; i++ { … }, or run with --native
	// loop.go:7:15: the max builtin (Go 1.21) is not supported by the interpreter: use math.Max for float64 values or an if statement for integers, or run with --native
}
