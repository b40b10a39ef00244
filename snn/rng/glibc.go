package rng

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// GlibcRandMax is the largest number [Glibc.Rand] returns, the C library's
// RAND_MAX on GNU/Linux (2³¹−1).
const GlibcRandMax = 1<<31 - 1

// glibcDegree and glibcSeparation define glibc's default TYPE_3 generator:
// a lagged additive-feedback generator r[i] = r[i−31] + r[i−3] (mod 2³²).
const (
	glibcDegree     = 31
	glibcSeparation = 3
)

// Glibc is the C library's rand() as glibc implements it (random_r.c,
// TYPE_3, the state srand and rand use): 31 words of state filled from the
// seed by the "minimal standard" congruential generator
// x ← 16807·x mod (2³¹−1), 310 outputs thrown away, then
//
//	r[i] = r[i−3] + r[i−31]  (mod 2³²),  rand() = r[i] >> 1.
//
// The same seed gives the same numbers as a C program that calls
// srand(seed) and then rand() on a GNU/Linux machine; Izhikevich's spnet
// draws its network and its thalamic input this way.
//
// The zero value is not seeded: call [Glibc.Seed] first (or use
// [NewGlibc]). A Glibc is not safe for concurrent use.
type Glibc struct {
	state [glibcDegree]int32
	front int // glibc's fptr, as an index into state
	rear  int // glibc's rptr
}

// NewGlibc returns a generator seeded as srand(seed) seeds glibc's rand().
func NewGlibc(seed uint32) *Glibc {
	g := new(Glibc)
	g.Seed(seed)
	return g
}

// Seed resets the generator as srand(seed) does. Seed 0 acts as seed 1, as
// in glibc.
func (g *Glibc) Seed(seed uint32) {
	if seed == 0 {
		seed = 1
	}
	g.state[0] = int32(seed)
	word := int64(int32(seed))
	for i := 1; i < glibcDegree; i++ {
		// 16807·word mod (2³¹−1) by Schrage's method, as glibc writes it
		// (C's division truncates toward zero, as Go's does).
		hi := word / 127773
		lo := word % 127773
		word = 16807*lo - 2836*hi
		if word < 0 {
			word += GlibcRandMax
		}
		g.state[i] = int32(word)
	}
	g.front = glibcSeparation
	g.rear = 0
	for range 10 * glibcDegree {
		g.Rand()
	}
}

// Rand returns the next number of the sequence, in [0, GlibcRandMax], as
// the C library's rand() does.
func (g *Glibc) Rand() int32 {
	v := uint32(g.state[g.front]) + uint32(g.state[g.rear])
	g.state[g.front] = int32(v)
	g.front++
	g.rear++
	if g.front == glibcDegree {
		g.front = 0
	} else if g.rear == glibcDegree {
		g.rear = 0
	}
	return int32(v >> 1)
}

// glibcStateSize is the length of a marshalled Glibc: a version byte, the
// two positions and the 31 state words.
const glibcStateSize = 1 + 2 + 4*glibcDegree

// MarshalBinary returns the generator's state: a version byte (1), the
// front and rear positions (one byte each), then the 31 state words as
// little-endian 32-bit integers.
func (g *Glibc) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, glibcStateSize)
	b = append(b, 1, byte(g.front), byte(g.rear))
	for _, w := range g.state {
		b = binary.LittleEndian.AppendUint32(b, uint32(w))
	}
	return b, nil
}

// UnmarshalBinary restores a state written by [Glibc.MarshalBinary].
func (g *Glibc) UnmarshalBinary(b []byte) error {
	if len(b) != glibcStateSize {
		return fmt.Errorf("glibc generator state: %d bytes, want %d", len(b), glibcStateSize)
	}
	if b[0] != 1 {
		return fmt.Errorf("glibc generator state: version %d, this program reads version 1", b[0])
	}
	front, rear := int(b[1]), int(b[2])
	if front >= glibcDegree || rear >= glibcDegree || (front-rear+glibcDegree)%glibcDegree != glibcSeparation {
		return errors.New("glibc generator state: positions out of range (the state is damaged)")
	}
	g.front, g.rear = front, rear
	for i := range g.state {
		g.state[i] = int32(binary.LittleEndian.Uint32(b[3+4*i:]))
	}
	return nil
}
