// Package npy reads and writes NumPy's .npy array files.
//
// It writes what np.save writes, byte for byte (format version 1.0, the
// header padded to a multiple of 64 bytes with room for the first
// dimension to grow, as a streaming writer needs), for C-ordered arrays of
// little-endian 64-bit integers ('<i8') and floats ('<f8'); and it reads
// 1-D and 2-D arrays of 64-bit integers or floats of either byte order,
// in C or Fortran order, in format versions 1.0, 2.0 and 3.0. It knows
// nothing of spikes or traces: package snn lays those out as arrays.
package npy
