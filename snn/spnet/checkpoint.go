package spnet

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"

	"github.com/gosnn/gosnn/snn/rng"
)

// checkpointMagic opens every checkpoint; checkpointVersion is the format
// described in the package documentation.
const (
	checkpointMagic   = "GOSNN-SPNET\n"
	checkpointVersion = 1
)

// maxCheckpointSynapses bounds what Load allocates for a damaged file.
const maxCheckpointSynapses = 1 << 28

// Save writes the network's whole state — configuration, clock, generator,
// neurons, synapses, spikes still on their way, input and plasticity — as
// a checkpoint in the versioned format of the package documentation. A
// network loaded from it continues bit for bit as this one would. Monitors
// are not saved. The input must be nil or [Thalamic] and the plasticity nil
// or [*STDP]; other kinds are refused with an error, since their state
// could not be restored.
func (n *Network) Save(w io.Writer) error {
	if n.rand == nil {
		return errNotBuilt
	}
	var inputKind uint8
	var amplitude float64
	switch in := n.Input.(type) {
	case nil:
	case Thalamic:
		inputKind, amplitude = 1, in.Amplitude
	default:
		return fmt.Errorf("spnet: save: input %T cannot be saved; only Thalamic (or none) can", n.Input)
	}
	var stdp *STDP
	switch p := n.Plasticity.(type) {
	case nil:
	case *STDP:
		stdp = p
	default:
		return fmt.Errorf("spnet: save: plasticity %T cannot be saved; only the built-in STDP (or none) can", n.Plasticity)
	}

	bw := bufio.NewWriter(w)
	crc := crc32.NewIEEE()
	e := &encoder{w: io.MultiWriter(bw, crc)}
	e.bytes([]byte(checkpointMagic))
	e.put(uint32(checkpointVersion))
	c := n.cfg
	e.put(int32(c.Excitatory), int32(c.Inhibitory), int32(c.Synapses), int32(c.MaxDelay), c.MaxWeight, c.Seed)
	e.put(n.t)
	g, _ := n.rand.MarshalBinary()
	e.put(uint32(len(g)))
	e.bytes(g)
	e.put(n.V, n.U, n.lastSpike)
	e.put(n.Syn.Post, n.Syn.Delay, n.Syn.Weight)
	// Spikes fired in the last MaxDelay−1 ms, oldest first; the present
	// millisecond's list is rebuilt by the next Step.
	for age := c.MaxDelay - 1; age >= 1; age-- {
		var spikes []int32
		if int64(age) <= n.t {
			spikes = n.pending[n.slot(n.t-int64(age))]
		}
		e.put(uint32(len(spikes)), spikes)
	}
	e.put(inputKind, amplitude)
	if stdp == nil {
		e.put(uint8(0))
	} else {
		e.put(uint8(1), stdp.potentiation, stdp.depression, stdp.decay, stdp.derivDecay, stdp.drift, stdp.maxWeight, stdp.period)
		e.put(uint32(stdp.hist), stdp.Deriv, stdp.spikes, stdp.newest)
	}
	if e.err != nil {
		return fmt.Errorf("spnet: save: %w", e.err)
	}
	if err := binary.Write(bw, binary.LittleEndian, crc.Sum32()); err != nil {
		return fmt.Errorf("spnet: save: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("spnet: save: %w", err)
	}
	return nil
}

type encoder struct {
	w   io.Writer
	err error
}

func (e *encoder) put(values ...any) {
	for _, v := range values {
		if e.err == nil {
			e.err = binary.Write(e.w, binary.LittleEndian, v)
		}
	}
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

type decoder struct {
	r   io.Reader
	crc hash.Hash32
	err error
}

func (d *decoder) get(values ...any) {
	for _, v := range values {
		if d.err == nil {
			d.err = binary.Read(d.r, binary.LittleEndian, v)
		}
	}
}

// Load reads a checkpoint written by [Network.Save] and returns the network
// it describes, ready to continue. It checks the format version, the sizes
// and a CRC-32 of the contents, and says what is wrong with a file that
// fails them. Monitors are not part of a checkpoint: attach them anew.
func Load(r io.Reader) (*Network, error) {
	net, err := load(r)
	if err != nil {
		return nil, fmt.Errorf("spnet: load checkpoint: %w", err)
	}
	return net, nil
}

func load(r io.Reader) (*Network, error) {
	crc := crc32.NewIEEE()
	d := &decoder{r: io.TeeReader(bufio.NewReader(r), crc), crc: crc}
	magic := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil || string(magic) != checkpointMagic {
		return nil, errors.New("not a spnet checkpoint (it does not start with " + fmt.Sprintf("%q", checkpointMagic) + ")")
	}
	var version uint32
	d.get(&version)
	if d.err == nil && version != checkpointVersion {
		return nil, fmt.Errorf("format version %d; this program reads version %d", version, checkpointVersion)
	}
	var ne, ni, m, maxD int32
	var cfg Config
	d.get(&ne, &ni, &m, &maxD, &cfg.MaxWeight, &cfg.Seed)
	if d.err != nil {
		return nil, truncated(d.err)
	}
	cfg.Excitatory, cfg.Inhibitory, cfg.Synapses, cfg.MaxDelay = int(ne), int(ni), int(m), int(maxD)
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("damaged configuration: %w", err)
	}
	N := cfg.Excitatory + cfg.Inhibitory
	S := N * cfg.Synapses
	if S > maxCheckpointSynapses {
		return nil, fmt.Errorf("%d synapses: more than this program loads (%d)", S, maxCheckpointSynapses)
	}
	n := newEmpty(cfg)
	d.get(&n.t)
	var glen uint32
	d.get(&glen)
	if d.err != nil {
		return nil, truncated(d.err)
	}
	if n.t < 0 || glen > 1024 {
		return nil, errors.New("damaged header (clock or generator size out of range)")
	}
	g := make([]byte, glen)
	if _, err := io.ReadFull(d.r, g); err != nil {
		return nil, truncated(err)
	}
	n.rand = new(rng.Glibc)
	if err := n.rand.UnmarshalBinary(g); err != nil {
		return nil, err
	}
	n.Syn = &Synapses{Post: make([]int32, S), Delay: make([]uint8, S), Weight: make([]float64, S), maxDelay: cfg.MaxDelay}
	d.get(n.V, n.U, n.lastSpike, n.Syn.Post, n.Syn.Delay, n.Syn.Weight)
	if d.err != nil {
		return nil, truncated(d.err)
	}
	for _, p := range n.Syn.Post {
		if p < 0 || int(p) >= N {
			return nil, fmt.Errorf("damaged synapses: target %d outside 0…%d", p, N-1)
		}
	}
	if !n.Syn.sortedByDelay(N, cfg.Synapses) {
		return nil, fmt.Errorf("damaged synapses: delays must lie in 1…%d and be sorted within each neuron", cfg.MaxDelay)
	}
	n.Syn.index(N, cfg.Synapses)
	for age := cfg.MaxDelay - 1; age >= 1; age-- {
		var count uint32
		d.get(&count)
		if d.err != nil {
			return nil, truncated(d.err)
		}
		if int(count) > N {
			return nil, fmt.Errorf("damaged spike list: %d spikes in one millisecond of %d neurons", count, N)
		}
		spikes := make([]int32, count)
		d.get(spikes)
		for _, i := range spikes {
			if i < 0 || int(i) >= N {
				return nil, fmt.Errorf("damaged spike list: neuron %d outside 0…%d", i, N-1)
			}
		}
		if int64(age) <= n.t {
			n.pending[n.slot(n.t-int64(age))] = spikes
		}
	}
	if n.t > 0 {
		n.fired = n.pending[n.slot(n.t-1)]
	}
	n.scheduleFromPending()
	var inputKind, plasticKind uint8
	var amplitude float64
	d.get(&inputKind, &amplitude, &plasticKind)
	if d.err != nil {
		return nil, truncated(d.err)
	}
	switch inputKind {
	case 0:
	case 1:
		n.Input = Thalamic{Amplitude: amplitude}
	default:
		return nil, fmt.Errorf("unknown input kind %d", inputKind)
	}
	switch plasticKind {
	case 0:
	case 1:
		var par STDPParams
		var period int64
		d.get(&par.Potentiation, &par.Depression, &par.Decay, &par.DerivDecay, &par.Drift, &par.MaxWeight, &period)
		if d.err != nil {
			return nil, truncated(d.err)
		}
		if period < 1 || period > math.MaxInt32 {
			return nil, fmt.Errorf("damaged STDP period %d", period)
		}
		par.Period = int(period)
		p, err := NewSTDPWith(n, par)
		if err != nil {
			return nil, fmt.Errorf("damaged STDP parameters: %w", err)
		}
		var hist uint32
		d.get(&hist)
		if d.err == nil && int(hist) != p.hist {
			return nil, fmt.Errorf("damaged STDP state: spike history of %d, want %d", hist, p.hist)
		}
		d.get(p.Deriv, p.spikes, p.newest)
		for _, k := range p.newest {
			if int(k) >= p.hist {
				return nil, errors.New("damaged STDP state: history position out of range")
			}
		}
		n.Plasticity = p
	default:
		return nil, fmt.Errorf("unknown plasticity kind %d", plasticKind)
	}
	if d.err != nil {
		return nil, truncated(d.err)
	}
	sum := crc.Sum32()
	var stored uint32
	if err := binary.Read(d.r, binary.LittleEndian, &stored); err != nil {
		return nil, truncated(err)
	}
	if stored != sum {
		return nil, fmt.Errorf("checksum mismatch (stored %08x, contents %08x): the file is damaged", stored, sum)
	}
	return n, nil
}

func truncated(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends early (truncated checkpoint)")
	}
	return err
}
