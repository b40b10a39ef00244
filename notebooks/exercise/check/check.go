// Package check judges the answers to the notebooks' exercises (package
// notebooks/exercise records them): it compares an answer with what the
// library computes and says whether it is right and, if not, why. It
// also holds the reference solutions the notebooks use (UJumpsOf,
// NoNegativeD, ResetBelowThreshold, STDPWindow).
//
// It is a package of its own so that the code being judged cannot call
// it: scripts, and so the submissions that "snn grade --exercise" runs in
// the sandbox, can import notebooks/exercise but not this package.
package check

import (
	"fmt"

	"github.com/gosnn/gosnn/notebooks/exercise"
)

// judges are the exercises' judges by name.
var judges = map[string]func(*exercise.Answer) exercise.Verdict{
	"step":    judgeStep,
	"ujumps":  judgeUJumps,
	"runaway": judgeRunaway,
	"jitters": judgeJitters,
	"window":  judgeWindow,
}

// Judge returns the verdict on a as an answer to the exercise of the given
// name.
func Judge(name string, a *exercise.Answer) exercise.Verdict {
	if _, err := exercise.Lookup(name); err != nil {
		return exercise.Verdict{Why: err.Error()}
	}
	switch {
	case a == nil:
		return exercise.Verdict{Why: "no answer"}
	case a.Exercise != name:
		return exercise.Verdict{Why: fmt.Sprintf("the answer is to exercise %q, not %q", a.Exercise, name)}
	case a.Error != "":
		return exercise.Verdict{Why: "the exercise could not run: " + a.Error}
	}
	return judges[name](a)
}

// brokenAnswer is the verdict on an answer that lacks what the exercise
// records: a recording cut short, or a file that is not the recorder's.
func brokenAnswer(err error) exercise.Verdict {
	return exercise.Verdict{Why: fmt.Sprintf("the recorded answer is incomplete (%v): was it written by the exercise's Answer function?", err)}
}
