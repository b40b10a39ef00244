// Package par runs the pieces of a parallel phase on several goroutines.
//
// Parallelism in gosnn follows one rule: the work is split into pieces
// whose boundaries depend only on the problem (never on the number of
// cores), or the pieces write disjoint results that do not depend on how
// the work was split. Either way the same seed gives the same spikes for
// any GOMAXPROCS. The callers choose the number of goroutines (Workers,
// or a number of their own for tests); par only runs the pieces.
package par
