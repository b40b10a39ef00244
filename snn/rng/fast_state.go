package rng

import (
	"errors"
	"fmt"
)

// fastStateVersion is the version of FastStreams' MarshalBinary layout.
const fastStateVersion = 1

// MarshalBinary returns the generator's state, for checkpoints: a version
// byte (1), then the state of its sequence of keys as math/rand/v2's
// PCG.MarshalBinary writes it.
func (g *FastStreams) MarshalBinary() ([]byte, error) {
	b, err := g.seq.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append([]byte{fastStateVersion}, b...), nil
}

// UnmarshalBinary restores a state written by [FastStreams.MarshalBinary].
func (g *FastStreams) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		return errors.New("fast generator state: empty")
	}
	if b[0] != fastStateVersion {
		return fmt.Errorf("fast generator state: version %d, this program reads version %d", b[0], fastStateVersion)
	}
	if err := g.seq.UnmarshalBinary(b[1:]); err != nil {
		return fmt.Errorf("fast generator state: %w", err)
	}
	return nil
}
