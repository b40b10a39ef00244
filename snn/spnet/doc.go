// Package spnet is Izhikevich's polychronization network (E. M. Izhikevich,
// "Polychronization: computation with spikes", Neural Computation 18,
// 245–282, 2006), reproduced exactly: the same network, spikes and weights
// as his published C++ program poly_spnet.cpp, bit for bit.
//
// It is the tutorial's network with two additions: axonal conduction
// delays (1–20 ms) and spike-timing-dependent plasticity (STDP). Over
// hours of simulated time the excitatory weights split into strong and
// silent, gamma rhythms appear, and groups of neurons fire in
// reproducible, precisely timed patterns: polychronous groups.
//
//	net, err := spnet.New(spnet.Default())
//	stats := &spnet.Stats{}
//	net.Monitors = append(net.Monitors, stats)
//	net.Run(60 * 1000) // one simulated minute, 1 ms steps
//
// # The network
//
// 800 excitatory neurons (a 0.02, d 8) and 200 inhibitory ones (a 0.1,
// d 2), b 0.2, c −65. Each neuron has 100 synapses to distinct other
// neurons; inhibitory neurons reach excitatory neurons only. An excitatory
// neuron's synapses have delays 1…20 ms, five per delay; inhibitory
// synapses 1 ms. Weights start at 6 and −5; excitatory weights stay within
// [0, 10]. Random numbers are the C library's rand() after srand(0)
// (package rng's [rng.Glibc]) with rand01 = 0.9999999·rand()/RAND_MAX,
// drawn in the original's order: targets, then v = −65 + 10·rand01 for each
// neuron (u = 0.2v), then one thalamic input of 20 to neuron
// floor(1000·rand01) each millisecond.
//
// # The schedule of a millisecond
//
// [Network.Step] simulates millisecond t in this order, which is the
// original's and decides every bit of the result:
//
//  1. Input: I ← 0, then the [Stimulus] (the thalamic input sets one I to 20).
//  2. Threshold: every neuron with v ≥ 30 — the v left by millisecond
//     t−1 — in index order is reset (v ← −65, u ← u + d) and recorded as
//     firing at t; the plasticity's Fired hook runs for it.
//  3. Delivery: spikes of the last 20 ms arrive, newest first (spikes of
//     the same millisecond from the highest neuron index down), a spike
//     fired at t−k through its synapses of delay k+1 in synapse order:
//     I[target] += w, then the plasticity's Arrived hook.
//  4. Integration: v ← v + 0.5(0.04v² + 5v + 140 − u + I) twice (in
//     exactly the original's order of operations), then u ← u + a(0.2v − u).
//  5. Monitors observe the millisecond.
//  6. The plasticity's Stepped hook (STDP: every 1000 ms, the weight update).
//
// All arithmetic is float64 with every product rounded on its own: Go may
// fuse x*y + z into one instruction on some machines, which the code
// prevents with explicit float64(x*y) conversions; the C reference is
// compiled with -ffp-contract=off for the same reason.
//
// # Delays
//
// A synapse's delay d is a whole number of milliseconds, 1 to MaxDelay.
// A spike recorded at t (its v crossed 30 in millisecond t−1's
// integration) enters its targets' input in millisecond t+d−1's
// integration, d milliseconds after the integration that produced it; a
// 1 ms synapse acts in the same millisecond in which its neuron fires.
// Each neuron's synapses are sorted by delay, so that a spike arrives
// through one contiguous range of synapses per delay
// ([Synapses.DelayRange]). When a neuron fires, each of its ranges is
// appended to the list of the millisecond in which it will arrive (a ring
// of MaxDelay lists); the delivery walks a millisecond's list backwards,
// which is the original's order: newest spike first, the highest neuron
// first within a millisecond, each range in synapse order. Keeping
// spikes rather than summed currents is what makes the sum of a neuron's
// input come out in the original's order; it also lets a weight changed
// while a spike travels act on arrival, as in the original. The spikes of
// the last MaxDelay milliseconds are kept too, for checkpoints (from which
// the lists are rebuilt).
//
// # Speed, bit for bit
//
// Exactness fixes every floating-point operation and its order; what
// remains free is how the work is laid out and who does it:
//
//   - The neuron update, the threshold test, the trace decay and the weight
//     update run four neurons or synapses at a time in AVX2 kernels
//     (package internal/kernel, files spnet_*) that do each lane's
//     operations in the Go code's order, with no fused multiply-add; tests
//     compare them bit for bit with the Go code, which other machines run.
//   - The STDP traces are not decayed for every neuron each millisecond
//     where they are read per synapse: the potentiation trace is read from
//     a table of the decay's products indexed by the time since the spike.
//     The depression trace, read for every arriving spike, is decayed in
//     place (four at a time), as the original does.
//   - [Network.Run] splits each millisecond between two goroutines when
//     the parts allow it: the dynamics (which need the weights) run ahead
//     while the STDP bookkeeping (derivatives, traces, spike history, which
//     the dynamics never read) follows on another core, each synapse's
//     derivative receiving the same operations in the same order; the two
//     meet before the monitors of a second's last millisecond and before
//     each weight update. See pipeline.go.
//
// # Plasticity
//
// [Plasticity] has three hooks — Fired (a neuron fired), Arrived (a spike
// arrived through a range of synapses) and Stepped (the millisecond ended)
// — that see spike times through [Network.Time] and [Network.LastSpike].
// It is small and not generic, so a yaegi script can implement its own
// rule. [STDP] is the published rule, built in.
//
// The delay lists, the delay-sorted synapse rows and these hooks are written
// so they can later move into the sparse synapses of package snn (whose
// engine is being restructured); until then this package stands alone.
//
// # Statistics and monitors
//
// [Stats] collects what the original prints after each second: the
// excitatory rate (spikes per excitatory neuron), the percentage of
// excitatory→excitatory synapses stronger than 0.9·MaxWeight (counted
// before that second's weight update and divided by Ne·M, as the original
// does) and the inhibitory rate. [Weights] takes histograms and snapshots
// of the excitatory weights every N ms; [Spikes] records spikes.
//
// # Checkpoints
//
// [Network.Save] writes the whole state and [Load] reads it back; a
// resumed run is bit-identical to an uninterrupted one. The format,
// version 1, is little-endian binary:
//
//	"GOSNN-SPNET\n"                     12 bytes
//	version                              uint32 (1)
//	Excitatory, Inhibitory, Synapses, MaxDelay   int32 each
//	MaxWeight                            float64
//	Seed                                 uint32
//	clock t (ms simulated)               int64
//	generator state: length, bytes       uint32, [rng.Glibc.MarshalBinary]
//	V, U                                 N float64 each
//	last spike of each neuron            N int64 (math.MinInt64: none)
//	synapse targets, delays, weights     S int32, S uint8, S float64 (S = N·Synapses)
//	spikes on their way, for t−MaxDelay+1 … t−1 (oldest first):
//	  count, neurons                     uint32, count int32
//	input: kind (0 none, 1 thalamic), amplitude   uint8, float64
//	plasticity: kind (0 none, 1 STDP)    uint8; for STDP:
//	  Potentiation, Depression, Decay, DerivDecay, Drift, MaxWeight   float64 each
//	  Period                             int64
//	  history length H                   uint32
//	  Deriv                              S float64
//	  spike history, newest position     N·H int64, N uint8
//	CRC-32 (IEEE) of everything above    uint32
//
// Monitors are not saved. A later version will get a new number; Load
// refuses versions it does not know.
//
// # Polychronous groups
//
// [GroupSearch] is the published program's activity-triggered search: for
// every excitatory neuron, every combination of three of its strong
// (> 0.95·MaxWeight) excitatory inputs is fired so that their spikes
// arrive together, a fresh copy of the network is simulated, and the
// spikes that follow, linked by the spikes that caused them, form a group
// if the longest chain has at least 7 links. Neurons a spike has not
// reached are not simulated but read from their resting trajectory,
// tabulated for each distinct recovery rate a. The golden test compares
// the groups with the C reference's. [Rhythm] measures the population
// rhythm with [spikestat.BartlettSpectrum].
//
// # Differences from the original
//
// The original drops every spike of the present second when more than
// 100,000 have accumulated (a mean rate above about 100 Hz); this package
// has no such limit. The published network fires at a few Hz and never
// comes near it. The original's group search leaves spikes scheduled
// beyond its time limit in its queue, where they are never read again (and
// could overflow its arrays); this package and the C reference clear them.
package spnet
