// Package rng holds the random number generators of gosnn's networks.
//
// A [Generator] fills whole vectors with uniform or standard normal
// numbers. Two exist:
//
//   - [NumPy] reproduces NumPy's legacy RandomState (np.random.seed,
//     rand, randn) bit for bit: the MT19937 Mersenne Twister and the
//     polar method for normal numbers. The polar method takes logarithms,
//     and NumPy takes them from the C library: built with cgo this
//     package calls the same log() (libm_cgo.go); without cgo it uses
//     [LogCR], a correctly rounded pure-Go logarithm, which differs from
//     glibc's for about 0.08% of inputs ([LibmLog] says which is in use).
//   - [FastStreams] is counter-based: every call draws one key and fills
//     each block of 4096 numbers from its own stream, so large vectors
//     are filled on all cores with the same numbers for any GOMAXPROCS,
//     and a number can be computed at any position ([Draw]).
//
// [Stream] is the small seeded PCG stream that sparse connectivity draws
// each row from. The package also holds the C library's rand(), which
// Izhikevich's spnet program draws from.
//
// [New] maps a generator's name ("numpy", "fast") to a generator, for
// command lines; programs call [NewNumPy] or [NewFastStreams].
package rng
