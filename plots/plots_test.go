package plots

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"

	tutorialrun "github.com/gosnn/gosnn/internal/testenv/tutorial"
	"github.com/gosnn/gosnn/snn"
)

// tutorial returns the tutorial's network (800 RS + 200 LTS, seed 0,
// 1000 ms, every neuron traced), run once for all tests.
func tutorial(t testing.TB) *snn.Result { return tutorialrun.Run(t) }

// smallRun runs a small tutorial-like network of ne + ni neurons for steps
// ms, tracing every neuron.
func smallRun(t testing.TB, ne, ni, steps int, seed uint64) *snn.Result {
	t.Helper()
	net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: ne, Ni: ni, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: seed}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), steps, &snn.RunOptions{TraceAll: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// syntheticResult returns a result of n neurons over steps ms (the first
// 80 % excitatory) with count spikes at uniformly random times and
// neurons, ordered by time then neuron, and no traces.
func syntheticResult(n, steps, count int, seed uint64) *snn.Result {
	rng := rand.New(rand.NewPCG(seed, 1))
	spikes := make(snn.Spikes, count)
	for i := range spikes {
		spikes[i] = snn.Spike{T: rng.IntN(steps), Neuron: rng.IntN(n)}
	}
	// Counting sort by time keeps this fast for 10^6 spikes.
	byT := make([][]snn.Spike, steps)
	for _, s := range spikes {
		byT[s.T] = append(byT[s.T], s)
	}
	spikes = spikes[:0]
	for _, ss := range byT {
		spikes = append(spikes, ss...)
	}
	ne := n * 4 / 5
	return &snn.Result{
		Steps: steps,
		N:     n,
		Populations: []snn.PopulationInfo{
			{Name: "excitatory", Start: 0, Size: ne},
			{Name: "inhibitory", Start: ne, Size: n - ne, Inhibitory: true},
		},
		Spikes: spikes,
	}
}

func decodePNG(t testing.TB, b []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	out := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

func dark(c color.RGBA) bool { return int(c.R)+int(c.G)+int(c.B) < 3*90 }

// inked reports a pixel that is clearly not background: an anti-aliased
// half-pixel line is grey, not dark.
func inked(c color.RGBA) bool { return int(c.R)+int(c.G)+int(c.B) < 3*200 }

// near reports whether c is within tol of want in every channel.
func near(c, want color.RGBA, tol int) bool {
	d := func(a, b uint8) int {
		if a > b {
			return int(a - b)
		}
		return int(b - a)
	}
	return d(c.R, want.R) <= tol && d(c.G, want.G) <= tol && d(c.B, want.B) <= tol
}

// dataArea finds a plot's data area in img from its axis lines: the y axis
// is the longest vertical run of inked pixels (its ends are the data
// area's top and bottom), the x axis the longest horizontal run next to
// its bottom end (its ends are the left and right).
func dataArea(t testing.TB, img *image.RGBA, region image.Rectangle) (x0, y0, x1, y1 int) {
	t.Helper()
	best := 0
	for x := region.Min.X; x < region.Max.X; x++ {
		run := 0
		for y := region.Min.Y; y < region.Max.Y; y++ {
			if inked(img.RGBAAt(x, y)) {
				run++
				if run > best {
					best, x0, y1 = run, x, y
					y0 = y - run + 1
				}
			} else {
				run = 0
			}
		}
	}
	if best < region.Dy()/4 {
		t.Fatalf("no y axis found in %v (longest vertical line %d px)", region, best)
	}
	// The x axis: the longest horizontal run of ink in the rows around
	// the y axis's bottom end. Its ends are the data area's left and right.
	ax, best := x0, 0
	for y := y1 - 2; y <= y1+2; y++ {
		run := 0
		for x := ax; x < region.Max.X; x++ {
			if inked(img.RGBAAt(x, y)) {
				run++
				if run > best {
					best, x1 = run, x+1
					x0 = x - run + 1
				}
			} else {
				run = 0
			}
		}
	}
	if best < region.Dx()/4 {
		t.Fatalf("no x axis found near row %d", y1)
	}
	return x0, y0, x1, y1
}
