// Package membw measures how fast this machine reads memory sequentially.
//
// Delivering a spike in a sparse network reads the spiking neuron's
// synapses, a row of indices and weights, once; when the synapses are much
// larger than the caches, those reads come from memory and their speed
// bounds the events per second any engine can deliver:
//
//	events/s ≤ read bandwidth ÷ bytes per synapse
//
// [Read] measures the bandwidth in that inequality: every core sums its
// share of one large buffer, front to back, and the best of several
// passes counts. [Fraction] says how close a measured event rate comes to
// the bound.
//
// The measurement is a plain Go loop with eight independent sums, so that
// the loads, not the additions, set its pace; on the 2-core development
// machine it reads a buffer held in the level-2 cache several times faster
// than one in memory, so the memory figure is the memory's, not the
// loop's. The buffer is backed by transparent huge pages where Linux
// allows (as gosnn's synapses are), so that TLB misses do not lower the
// bound.
package membw
