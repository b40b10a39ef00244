package snn

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"

	"github.com/gosnn/gosnn/internal/outfs"
)

// A checkpoint is the whole state of a [Network] between steps, from which
// a resumed run is bit-identical to one that never stopped. Save writes
// it; Load reads it into a network built by [New] from the same Config —
// what a Config says (models and their kinds, stimuli, the plasticity rule
// and its parameters, monitors) is configuration, and the file holds only
// what changes while the network runs.
//
// The format, version 1, is little-endian binary:
//
//	"GOSNN-NETWORK\n"                     14 bytes
//	version                               uint32 (1)
//	sections, in this order, each:        name (uint8 length, bytes),
//	                                      payload length (uint64), payload
//	  network     neurons n, steps done t, synaptic events (int64 each);
//	              the step dt in ms (float64 bits as uint64), the
//	              integration scheme (uint8);
//	              populations: count (uint32), each name (uint16 length,
//	              bytes), first neuron, size (int64 each), inhibitory (uint8)
//	  neurons     per population: kind, then its payload (uint64 length):
//	              "izhikevich": a, b, c, d, v, u (size float64 each);
//	              "binary": the model's MarshalBinary
//	  synapses    kind, then its payload (uint64 length): "dense": the n·n
//	              weights by presynaptic neuron; "delayed": synapses S
//	              (int64), row starts (n+1 int32), targets (S int32),
//	              delays in ms (S float64), weights (S float64), then the
//	              spikes on their way: ring length R (uint32) and, from the
//	              next step on, R lists of (uint32 count, count × (neuron,
//	              first, end synapse) int32); "fixed": none (Sparse weights
//	              never change); "binary": the synapses' MarshalBinary
//	  spikes      the last step's spikes: count (uint32), neurons (int64);
//	              spike times kept (uint8 0/1), then if kept each neuron's
//	              last spike step (n int64; math.MinInt64: none)
//	  input       the last step's input I (n float64); stimulus inputs
//	              drawn ahead: count (uint32), each n float64
//	  generator   its Go type (string), its MarshalBinary (uint64 length,
//	              bytes)
//	  plasticity  its Go type ("" for none), its MarshalBinary (uint64
//	              length, bytes)
//	CRC-32 (IEEE) of everything above     uint32
//
// A string is a uint16 length and its bytes. Models other than the
// built-in Izhikevich neurons, synapses other than Dense, Sparse and
// DelayedSparse, the generator and the plasticity rule are saved through
// encoding.BinaryMarshaler and restored through
// encoding.BinaryUnmarshaler; Save refuses a network with a part that
// cannot be saved. Monitors and stimuli are not saved (a stimulus of one's
// own that keeps state is not restored), and the network that loads may
// have other monitors than the one that saved (spike times before the
// checkpoint are then unknown to them when neither kept any). A later version gets a new
// number; Load refuses versions it does not know.
const checkpointVersion = 1

const checkpointMagic = "GOSNN-NETWORK\n"

// ErrCheckpoint is wrapped by the errors of Load for a file that is not a
// checkpoint this version reads, is damaged, or belongs to another network.
var ErrCheckpoint = errors.New("bad checkpoint")

// Save writes the network's state to w in the checkpoint format (see
// [Network.Load]). Call it between steps or runs.
func (net *Network) Save(w io.Writer) error {
	b, err := net.checkpoint()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// SaveFile writes the checkpoint to path atomically ([WriteFile]): an
// error leaves no half-written file.
func (net *Network) SaveFile(path string) error {
	b, err := net.checkpoint()
	if err != nil {
		return err
	}
	return WriteFile(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// LoadFile reads a checkpoint written by SaveFile (see Load).
func (net *Network) LoadFile(path string) error {
	f, err := outfs.Open(path) // beneath the output directory in a sandbox
	if err != nil {
		return fmt.Errorf("load checkpoint: %w", err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("load checkpoint: %w", err)
	}
	if err := net.restore(b); err != nil {
		return fmt.Errorf("load checkpoint %s: %w", path, err)
	}
	return nil
}

// Load reads a checkpoint written by [Network.Save] into net, which must
// be built by [New] from the same Config as the saved network: same
// populations, models, synapses (the structure; weights are restored),
// generator type and plasticity rule. Running on gives, bit for bit, what
// the saved network would have given. A file that is damaged, of another
// version or of another network is refused with an error wrapping
// [ErrCheckpoint], and net is left as it was.
func (net *Network) Load(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("load checkpoint: %w", err)
	}
	if err := net.restore(b); err != nil {
		return fmt.Errorf("load checkpoint: %w", err)
	}
	return nil
}

// enc appends little-endian values.
type enc struct{ b []byte }

func (e *enc) u8(x uint8)   { e.b = append(e.b, x) }
func (e *enc) u32(x uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, x) }
func (e *enc) i64(x int64)  { e.b = binary.LittleEndian.AppendUint64(e.b, uint64(x)) }
func (e *enc) str(s string) {
	e.b = binary.LittleEndian.AppendUint16(e.b, uint16(len(s)))
	e.b = append(e.b, s...)
}
func (e *enc) blob(b []byte) { e.i64(int64(len(b))); e.b = append(e.b, b...) }
func (e *enc) f64s(xs []float64) {
	for _, x := range xs {
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
	}
}
func (e *enc) i32s(xs []int32) {
	for _, x := range xs {
		e.u32(uint32(x))
	}
}

// section appends a named section whose payload fill writes.
func (e *enc) section(name string, fill func(e *enc) error) error {
	var s enc
	if err := fill(&s); err != nil {
		return err
	}
	e.u8(uint8(len(name)))
	e.b = append(e.b, name...)
	e.blob(s.b)
	return nil
}

func marshal(what string, x any) ([]byte, error) {
	m, ok := x.(encoding.BinaryMarshaler)
	_, ok2 := x.(encoding.BinaryUnmarshaler)
	if !ok || !ok2 {
		return nil, fmt.Errorf("save checkpoint: %s %T cannot be saved: it must implement encoding.BinaryMarshaler and encoding.BinaryUnmarshaler", what, x)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("save checkpoint: %s: %w", what, err)
	}
	return b, nil
}

func (net *Network) checkpoint() ([]byte, error) {
	// The next input the stimuli draw is that of step t + the inputs
	// drawn ahead (pending); it must start a millisecond, for the held
	// values are not saved.
	if k, next := net.noiseHold(), net.t+len(net.eng.pending); k > 1 && next%k != 0 {
		return nil, fmt.Errorf("step %d (%g ms, with %d steps of input drawn ahead): at a step of %g ms a Noise or Thalamic input holds its values for each millisecond, which a checkpoint does not keep: save at a whole millisecond (a step that is a multiple of %d, after the input drawn ahead)", net.t, float64(net.t)*net.dt, len(net.eng.pending), net.dt, k)
	}
	e := &enc{b: []byte(checkpointMagic)}
	e.u32(checkpointVersion)
	err := e.section("network", func(e *enc) error {
		e.i64(int64(net.n))
		e.i64(int64(net.t))
		e.i64(net.events)
		e.i64(int64(math.Float64bits(net.dt)))
		e.u8(uint8(net.scheme))
		e.u32(uint32(len(net.pops)))
		for _, p := range net.pops {
			e.str(p.Name)
			e.i64(int64(p.Start))
			e.i64(int64(p.Size))
			e.u8(b2u(p.Inhibitory))
		}
		return nil
	})
	if err == nil {
		err = e.section("neurons", func(e *enc) error {
			for _, p := range net.pops {
				if z, ok := p.model.(*Izhikevich); ok {
					var s enc
					s.f64s(z.A)
					s.f64s(z.B)
					s.f64s(z.C)
					s.f64s(z.D)
					s.f64s(z.V)
					s.f64s(z.U)
					e.str("izhikevich")
					e.blob(s.b)
					continue
				}
				b, err := marshal(fmt.Sprintf("population %q: model", p.Name), p.model)
				if err != nil {
					return err
				}
				e.str("binary")
				e.blob(b)
			}
			return nil
		})
	}
	if err == nil {
		err = e.section("synapses", net.saveSynapses)
	}
	if err == nil {
		err = e.section("spikes", func(e *enc) error {
			e.u32(uint32(len(net.fired)))
			for _, i := range net.fired {
				e.i64(int64(i))
			}
			e.u8(b2u(net.lastSpike != nil))
			for _, t := range net.lastSpike {
				e.i64(int64(t))
			}
			return nil
		})
	}
	if err == nil {
		err = e.section("input", func(e *enc) error {
			e.f64s(net.current)
			e.u32(uint32(len(net.eng.pending)))
			for _, in := range net.eng.pending {
				e.f64s(in)
			}
			return nil
		})
	}
	if err == nil {
		err = e.section("generator", func(e *enc) error {
			b, err := marshal("generator", net.rng)
			e.str(fmt.Sprintf("%T", net.rng))
			e.blob(b)
			return err
		})
	}
	if err == nil {
		err = e.section("plasticity", func(e *enc) error {
			if net.rule == nil {
				e.str("")
				e.blob(nil)
				return nil
			}
			b, err := marshal("plasticity rule", net.rule)
			e.str(fmt.Sprintf("%T", net.rule))
			e.blob(b)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	e.u32(crc32.ChecksumIEEE(e.b))
	return e.b, nil
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func (net *Network) saveSynapses(e *enc) error {
	var s enc
	switch syn := net.syn.(type) {
	case *Dense:
		e.str("dense")
		s.f64s(syn.w)
	case *Sparse:
		e.str("fixed")
	case *DelayedSparse:
		e.str("delayed")
		s.i64(int64(syn.Count()))
		s.i32s(syn.start)
		s.i32s(syn.post)
		s.f64s(syn.delayMs)
		s.f64s(syn.w)
		L := len(syn.ring)
		s.u32(uint32(L))
		for k := range L {
			r := syn.ring[(syn.head+k)%L]
			s.u32(uint32(len(r)))
			for _, a := range r {
				s.i32s([]int32{a.pre, a.lo, a.hi})
			}
		}
	default:
		b, err := marshal("synapses", net.syn)
		if err != nil {
			return err
		}
		e.str("binary")
		s.b = b
	}
	e.blob(s.b)
	return nil
}

// dec reads little-endian values; the first error sticks.
type dec struct {
	b   []byte
	err error
}

func (d *dec) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.err = errors.New("the file ends too early (truncated?)")
		return nil
	}
	x := d.b[:n]
	d.b = d.b[n:]
	return x
}
func (d *dec) u8() uint8 {
	if b := d.take(1); b != nil {
		return b[0]
	}
	return 0
}
func (d *dec) u32() uint32 {
	if b := d.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}
func (d *dec) i64() int64 {
	if b := d.take(8); b != nil {
		return int64(binary.LittleEndian.Uint64(b))
	}
	return 0
}
func (d *dec) str() string {
	var n uint16
	if b := d.take(2); b != nil {
		n = binary.LittleEndian.Uint16(b)
	}
	return string(d.take(int(n)))
}
func (d *dec) blob() []byte {
	n := d.i64()
	if n < 0 || n > int64(len(d.b)) {
		d.fail("a length of %d bytes runs past the end of the file", n)
		return nil
	}
	return d.take(int(n))
}
func (d *dec) f64s(n int) []float64 {
	if n < 0 || n > len(d.b)/8 {
		d.fail("%d numbers do not fit in the file", n)
		return nil
	}
	b := d.take(8 * n)
	xs := make([]float64, n)
	for k := range xs {
		xs[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:]))
	}
	return xs
}
func (d *dec) i32s(n int) []int32 {
	if n < 0 || n > len(d.b)/4 {
		d.fail("%d numbers do not fit in the file", n)
		return nil
	}
	b := d.take(4 * n)
	xs := make([]int32, n)
	for k := range xs {
		xs[k] = int32(binary.LittleEndian.Uint32(b[4*k:]))
	}
	return xs
}
func (d *dec) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

// section reads the section that must come next and returns its payload.
func (d *dec) section(name string) *dec {
	n := int(d.u8())
	got := string(d.take(n))
	if d.err == nil && got != name {
		d.fail("section %q where %q belongs", got, name)
	}
	return &dec{b: d.blob(), err: d.err}
}

// done reports an error of the section s, or bytes left over in it.
func (s *dec) done(name string) error {
	if s.err == nil && len(s.b) != 0 {
		s.err = fmt.Errorf("%d bytes left over", len(s.b))
	}
	if s.err != nil {
		return fmt.Errorf("%w: section %s: %v", ErrCheckpoint, name, s.err)
	}
	return nil
}

// restore checks the whole checkpoint b against net and only then
// changes net: first the parts restored by their own UnmarshalBinary
// (undone if one fails), then the rest, which can no longer fail.
func (net *Network) restore(b []byte) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrCheckpoint}, args...)...)
	}
	if len(b) < len(checkpointMagic)+8 || string(b[:len(checkpointMagic)]) != checkpointMagic {
		return bad("not a gosnn network checkpoint (it does not start with %q)", checkpointMagic[:len(checkpointMagic)-1])
	}
	if v := binary.LittleEndian.Uint32(b[len(checkpointMagic):]); v != checkpointVersion {
		return bad("version %d; this program reads version %d", v, checkpointVersion)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return bad("the checksum does not match: the file is damaged or truncated")
	}
	d := &dec{b: body[len(checkpointMagic)+4:]}

	var apply []func()           // changes that cannot fail
	var unmarshal []func() error // changes through UnmarshalBinary
	var undo []func()            // restores what unmarshal changed
	restoreLater := func(what string, x any, b []byte) error {
		u, ok := x.(encoding.BinaryUnmarshaler)
		m, ok2 := x.(encoding.BinaryMarshaler)
		if !ok || !ok2 {
			return bad("%s %T cannot be restored: it does not implement encoding.BinaryMarshaler and BinaryUnmarshaler", what, x)
		}
		unmarshal = append(unmarshal, func() error {
			old, err := m.MarshalBinary()
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			if err := u.UnmarshalBinary(b); err != nil {
				return fmt.Errorf("%w: %s: %v", ErrCheckpoint, what, err)
			}
			undo = append(undo, func() { _ = u.UnmarshalBinary(old) })
			return nil
		})
		return nil
	}

	// network
	s := d.section("network")
	n, t, events := s.i64(), s.i64(), s.i64()
	dt, scheme := math.Float64frombits(uint64(s.i64())), Scheme(s.u8())
	npops := int(s.u32())
	if s.err == nil && (dt != net.dt || scheme != net.scheme) {
		return bad("saved from a network stepping %g ms with the %v scheme; this one steps %g ms with the %v scheme: build the network from the saved network's Config", dt, scheme, net.dt, net.scheme)
	}
	if s.err == nil && (n != int64(net.n) || npops != len(net.pops)) {
		return bad("saved from a network of %d neurons in %d populations; this one has %d in %d", n, npops, net.n, len(net.pops))
	}
	if s.err == nil && t < 0 {
		return bad("clock %d: must not be negative", t)
	}
	for k := range npops {
		name, start, size, inh := s.str(), s.i64(), s.i64(), s.u8() == 1
		p := net.pops[k].PopulationInfo
		if s.err == nil && (name != p.Name || start != int64(p.Start) || size != int64(p.Size) || inh != p.Inhibitory) {
			return bad("population %d is %q (%d neurons from %d, inhibitory %v) in the file, %q (%d from %d, inhibitory %v) here: build the network from the saved network's Config", k, name, size, start, inh, p.Name, p.Size, p.Start, p.Inhibitory)
		}
	}
	if err := s.done("network"); err != nil {
		return err
	}

	// neurons
	s = d.section("neurons")
	for k := range net.pops {
		p := &net.pops[k]
		kind, payload := s.str(), s.blob()
		if s.err != nil {
			break
		}
		z, izh := p.model.(*Izhikevich)
		switch {
		case kind == "izhikevich" && izh:
			m := &dec{b: payload}
			vals := make([][]float64, 6)
			for j := range vals {
				vals[j] = m.f64s(p.Size)
			}
			if err := m.done("neurons"); err != nil {
				return err
			}
			apply = append(apply, func() {
				for j, dst := range [][]float64{z.A, z.B, z.C, z.D, z.V, z.U} {
					copy(dst, vals[j])
				}
			})
		case kind == "binary" && !izh:
			if err := restoreLater(fmt.Sprintf("population %q: model", p.Name), p.model, payload); err != nil {
				return err
			}
		default:
			return bad("population %q: %s neurons in the file, a %T model here", p.Name, kind, p.model)
		}
	}
	if err := s.done("neurons"); err != nil {
		return err
	}

	// synapses
	s = d.section("synapses")
	if err := net.restoreSynapses(s, &apply, restoreLater); err != nil {
		return err
	}
	if err := s.done("synapses"); err != nil {
		return err
	}

	// spikes
	s = d.section("spikes")
	nf := int(s.u32())
	if s.err == nil && nf > net.n {
		s.fail("%d spikes in one step of %d neurons", nf, net.n)
	}
	fired := make([]int, 0, min(nf, net.n))
	for k := 0; k < nf && s.err == nil; k++ {
		i := s.i64()
		if s.err == nil && (i < 0 || i >= int64(net.n) || (len(fired) > 0 && int(i) <= fired[len(fired)-1])) {
			s.fail("spiking neuron %d out of range or order", i)
		}
		fired = append(fired, int(i))
	}
	var last []int
	if s.u8() == 1 {
		for range net.n {
			last = append(last, int(s.i64()))
		}
	}
	// Spike times are kept for plasticity and monitors; monitors may come
	// and go between a Save and a Load (the plasticity is checked below).
	if err := s.done("spikes"); err != nil {
		return err
	}

	// input
	s = d.section("input")
	current := s.f64s(net.n)
	np := int(s.u32())
	var pending [][]float64
	for k := 0; k < np && s.err == nil; k++ {
		pending = append(pending, s.f64s(net.n))
	}
	if err := s.done("input"); err != nil {
		return err
	}

	// generator and plasticity
	for _, part := range []struct {
		name string
		x    any
	}{{"generator", net.rng}, {"plasticity", net.rule}} {
		s = d.section(part.name)
		typ, payload := s.str(), s.blob()
		if err := s.done(part.name); err != nil {
			return err
		}
		here := ""
		if part.x != nil {
			here = fmt.Sprintf("%T", part.x)
		}
		if typ != here {
			return bad("%s: %q in the file, %q here", part.name, typ, here)
		}
		if part.x != nil {
			if err := restoreLater(part.name, part.x, payload); err != nil {
				return err
			}
		}
	}
	if len(d.b) != 0 || d.err != nil {
		return bad("%d bytes after the last section", len(d.b))
	}

	for _, f := range unmarshal {
		if err := f(); err != nil {
			for k := len(undo) - 1; k >= 0; k-- {
				undo[k]()
			}
			return err
		}
	}
	for _, f := range apply {
		f()
	}
	net.t, net.events = int(t), events
	net.fired = append(net.fired[:0], fired...)
	if net.lastSpike != nil {
		if last != nil {
			copy(net.lastSpike, last)
		} else {
			for i := range net.lastSpike {
				net.lastSpike[i] = NoSpike // the saved network kept none
			}
		}
	}
	copy(net.current, current)
	net.eng.pending = pending
	return nil
}

func (net *Network) restoreSynapses(s *dec, apply *[]func(), later func(string, any, []byte) error) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: synapses: "+format, append([]any{ErrCheckpoint}, args...)...)
	}
	kind, payload := s.str(), s.blob()
	if s.err != nil {
		return s.done("synapses")
	}
	m := &dec{b: payload}
	switch syn := net.syn.(type) {
	case *Dense:
		if kind != "dense" {
			return bad("%s in the file, dense here", kind)
		}
		w := m.f64s(net.n * net.n)
		*apply = append(*apply, func() { copy(syn.w, w) })
	case *Sparse:
		if kind != "fixed" {
			return bad("%s in the file, sparse here", kind)
		}
	case *DelayedSparse:
		if kind != "delayed" {
			return bad("%s in the file, delayed here", kind)
		}
		S := m.i64()
		if m.err == nil && S != int64(syn.Count()) {
			return bad("%d synapses in the file, %d here", S, syn.Count())
		}
		start, post, delay := m.i32s(net.n+1), m.i32s(int(S)), m.f64s(int(S))
		w := m.f64s(int(S))
		if m.err == nil && (!slices.Equal(start, syn.start) || !slices.Equal(post, syn.post) || !slices.Equal(delay, syn.delayMs)) {
			return bad("the file's synapses connect other neurons or have other delays than this network's: build the network from the saved network's Config")
		}
		L := int(m.u32())
		if m.err == nil && L != len(syn.ring) {
			return bad("a ring of %d steps in the file, %d here", L, len(syn.ring))
		}
		ring := make([][]arrival, L)
		for k := range ring {
			na := int(m.u32())
			if m.err == nil && na > len(m.b)/12 {
				m.fail("%d arrivals do not fit in the file", na)
			}
			for j := 0; j < na && m.err == nil; j++ {
				x := m.i32s(3)
				if m.err != nil {
					break
				}
				a := arrival{x[0], x[1], x[2]}
				if a.pre < 0 || int(a.pre) >= net.n || a.lo < syn.start[a.pre] || a.hi > syn.start[a.pre+1] || a.lo >= a.hi || int(syn.delay[a.lo]) <= k {
					m.fail("a spike on its way (neuron %d, synapses %d to %d, arriving in %d steps) does not fit the synapses", a.pre, a.lo, a.hi, k+1)
					break
				}
				ring[k] = append(ring[k], a)
			}
		}
		*apply = append(*apply, func() {
			copy(syn.w, w)
			for k := range ring {
				syn.ring[k] = append(syn.ring[k][:0], ring[k]...)
			}
			syn.head = 0
		})
	default:
		if kind != "binary" {
			return bad("%s in the file, %T here", kind, syn)
		}
		return later("synapses", syn, payload)
	}
	return m.done("synapses")
}

// noiseHold returns the number of steps for which a Noise or Thalamic
// input of the network holds its values (steps per millisecond), or 1 when
// none holds any.
func (net *Network) noiseHold() int {
	hold := 1
	for _, x := range net.allStimuli() {
		if h, ok := x.(holder); ok {
			hold = max(hold, h.holdSteps())
		}
	}
	return hold
}
