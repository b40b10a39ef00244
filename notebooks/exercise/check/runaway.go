package check

import (
	"fmt"
	"math"
	"sync"

	"github.com/gosnn/gosnn/notebooks/exercise"
)

// AllFireInput returns the input every neuron of the tutorial network
// (800 excitatory, 200 inhibitory neurons, we = 0.5) receives when all fire
// at once, with inhibitory weight wi: 800·we/2 − 200·wi/2, the mean weights
// being we/2 and wi/2.
func AllFireInput(wi float64) float64 { return 800*0.5/2 - 200*wi/2 }

// SweepWi runs the tutorial network (we = 0.5, seed 0) for each wi and
// returns the rates.
func SweepWi(wis []float64) ([]float64, error) {
	rates := make([]float64, len(wis))
	for k, wi := range wis {
		res, err := exercise.RunTutorial(wi, nil)
		if err != nil {
			return nil, err
		}
		rates[k] = res.Rate()
	}
	return rates, nil
}

// runawayWi is the answer to exercise 3, found once: the first wi of
// 1.0, 0.9, …, 0.1 at which the network runs away, NaN if none.
var runawayWi = sync.OnceValues(func() (float64, error) {
	var wis []float64
	for k := 10; k >= 1; k-- {
		wis = append(wis, float64(k)/10)
	}
	rates, err := SweepWi(wis)
	if err != nil {
		return 0, err
	}
	for k, r := range rates {
		if r > exercise.RunawayRate {
			return wis[k], nil
		}
	}
	return math.NaN(), nil
})

// Runaway checks the student's answer to: lowering wi from 1.0 in
// steps of 0.1 (we = 0.5, seed 0), at which wi does the network first run
// away (rate above exercise.RunawayRate), and what is the all-fire input there?
func Runaway(wi, balance float64) exercise.Verdict {
	want, err := runawayWi()
	if err != nil {
		return exercise.Verdict{Why: fmt.Sprintf("the sweep did not run: %v", err)}
	}
	switch {
	case !(math.Abs(wi-want) <= 1e-9):
		return exercise.Verdict{Why: fmt.Sprintf("wi = %g is not the first runaway value; run the sweep and compare each rate with %g Hz", wi, exercise.RunawayRate)}
	case !(math.Abs(balance-AllFireInput(want)) <= 0.5):
		return exercise.Verdict{Why: fmt.Sprintf("wi = %g is right, but the all-fire input there is not %g: it is 800·we/2 − 200·wi/2", wi, balance)}
	}
	return exercise.Verdict{OK: true, Why: fmt.Sprintf("the network runs away from wi = %g, an all-fire input of %+.0f (the tutorial's is +100)", want, AllFireInput(want))}
}

func judgeRunaway(a *exercise.Answer) exercise.Verdict {
	if len(a.Values) == 0 {
		return exercise.Verdict{Why: "give your two numbers first"}
	}
	wi, err := a.Get("wi", 1)
	if err != nil {
		return brokenAnswer(err)
	}
	balance, err := a.Get("balance", 1)
	if err != nil {
		return brokenAnswer(err)
	}
	return Runaway(wi[0], balance[0])
}
