// Package testenv is what gosnn's tests share about their environment:
// finding a Python 3 with NumPy and running scripts in it, and hashing
// outputs for golden comparisons.
//
// A test that needs NumPy calls [NumPy]. Without NumPy it is skipped,
// with the reason, on a developer's machine; but under CI (the CI
// environment variable set, as .ci/run and most CI services do) it
// fails, so that `make test` on a fresh machine cannot pass by skipping
// the comparisons with NumPy.
package testenv
