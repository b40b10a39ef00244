//go:build race

package scripting

// raceEnabled is set when the tests run with the race detector.
const raceEnabled = true
