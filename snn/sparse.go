package snn

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gosnn/gosnn/snn/internal/kernel"
	"github.com/gosnn/gosnn/snn/internal/par"
	"github.com/gosnn/gosnn/snn/rng"
)

// Sparse is a sparse weight matrix stored by presynaptic neuron, so that
// delivering a spike walks contiguous memory. The postsynaptic neurons are
// cut into blocks of at most 65536 neurons (the number of blocks depends
// only on the network's size); within each block the
// synapses are stored row by row (CSR: each presynaptic neuron's synapses
// into the block are contiguous, ordered by postsynaptic neuron) with a
// 2-byte index inside the block and a float64 weight, or a float32 one
// with [Float32Weights]. A spike thus costs 10 or 6 bytes of memory traffic
// per synapse, and each block's sums stay in the core's cache while the
// blocks are delivered in parallel.
//
// Delivery adds, for each postsynaptic neuron, the weights from the fired
// neurons in the order they fired into a zeroed sum, then adds the sum to
// the input, as [Dense] does; a Sparse built from every entry of a dense
// matrix therefore gives the dense network's spikes exactly. The sum of a
// neuron never depends on the number of goroutines that deliver.
//
// Delivery uses scratch space inside the Sparse, so one Sparse serves one
// running network at a time (like [Dense]).
type Sparse struct {
	n, nb, bs int      // neurons, blocks, postsynaptic neurons per block
	seg       []int64  // synapses of row j in block b: seg[b*n+j] ≤ k < seg[b*n+j+1]
	post      []uint16 // postsynaptic neuron minus its block's first
	prec      WeightPrecision
	w         []float64 // weights, or nil when w32 is used
	w32       []float32
	sums      []*[1 << 16]float64 // per block: its synaptic sums, zero between deliveries
}

// sparseBlocks returns how many blocks of postsynaptic neurons a sparse
// matrix of n neurons uses and their size: as few blocks as a 2-byte
// index allows (long rows stream from memory fastest), but at least two
// from 8192 neurons on, so that two cores can share the delivery. Smaller
// blocks keep the sums in a nearer cache but cut each spike's row into
// more, shorter segments, which cost more (BENCHMARKS.md, "Measurements
// behind the code").
func sparseBlocks(n int) (nb, bs int) {
	nb = (n + 65535) / 65536
	if n >= 8192 {
		nb = max(nb, 2)
	}
	nb = max(nb, 1)
	bs = (n + nb - 1) / nb
	return nb, bs
}

// WeightPrecision is how sparse synapses store their weights.
type WeightPrecision int

const (
	// Float64Weights stores each weight as drawn: 10 bytes a synapse.
	Float64Weights WeightPrecision = iota
	// Float32Weights rounds each weight to float32: 6 bytes a synapse,
	// and 40% less memory to read per spike.
	Float32Weights
)

// String returns "float64" or "float32".
func (p WeightPrecision) String() string {
	if p == Float32Weights {
		return "float32"
	}
	return "float64"
}

// bytes returns the bytes of one stored weight.
func (p WeightPrecision) bytes() int64 {
	if p == Float32Weights {
		return 4
	}
	return 8
}

// Connection rules of [Connectivity].
const (
	RuleP         = "p"         // every ordered pair with probability P
	RuleInDegree  = "indegree"  // every neuron receives exactly K synapses
	RuleOutDegree = "outdegree" // every neuron sends exactly K synapses
)

// Connectivity describes random sparse connectivity. Presynaptic neuron j's
// weights are scale[j]·U(0, 1) (a negative scale makes inhibitory
// weights), as the tutorial draws its dense matrix.
//
// Every row is drawn from its own PCG stream, seeded from the network's
// seed and the row's index, so matrices are built on all cores and are the
// same for any GOMAXPROCS. They do not depend on the network's generator:
// "numpy" and "fast" networks with one seed share their synapses.
// How the weights are stored is not part of the rule: see
// [Config].WeightPrecision.
type Connectivity struct {
	Rule string  // RuleP, RuleInDegree or RuleOutDegree
	P    float64 // connection probability for RuleP, in [0, 1]
	K    int     // synapses per neuron for the degree rules

	// NoAutapses leaves out synapses from a neuron to itself; the
	// tutorial's dense matrix has them, so by default they are allowed.
	NoAutapses bool
}

// ParseConnectivity parses a connectivity flag: "dense" (returns nil),
// "p=P", "indegree=K" or "outdegree=K".
func ParseConnectivity(s string) (*Connectivity, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "dense" || s == "" {
		return nil, nil
	}
	key, val, ok := strings.Cut(s, "=")
	bad := func(why string) error {
		return fmt.Errorf("connectivity %q: %s; use dense, p=P (0 ≤ P ≤ 1), indegree=K or outdegree=K (K ≥ 0)", s, why)
	}
	if !ok {
		return nil, bad("missing '='")
	}
	switch key {
	case RuleP:
		p, err := strconv.ParseFloat(val, 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return nil, bad("P must be a number from 0 to 1")
		}
		return &Connectivity{Rule: RuleP, P: p}, nil
	case RuleInDegree, RuleOutDegree:
		k, err := strconv.Atoi(val)
		if err != nil || k < 0 {
			return nil, bad("K must be a whole number ≥ 0")
		}
		return &Connectivity{Rule: key, K: k}, nil
	}
	return nil, bad("unknown rule " + strconv.Quote(key))
}

// String returns the flag form of c ("p=0.1", "indegree=1000").
func (c Connectivity) String() string {
	if c.Rule == RuleP {
		return "p=" + strconv.FormatFloat(c.P, 'g', -1, 64)
	}
	return c.Rule + "=" + strconv.Itoa(c.K)
}

// candidates is the number of possible partners of one neuron.
func (c Connectivity) candidates(n int) int {
	if c.NoAutapses {
		return n - 1
	}
	return n
}

func (c Connectivity) validate(n int) error {
	if n <= 0 {
		return fmt.Errorf("connectivity %s: %d neurons: the network needs at least one neuron", c, n)
	}
	if n > math.MaxInt32 {
		return fmt.Errorf("connectivity %s: %d neurons: sparse synapses index at most %d neurons", c, n, math.MaxInt32)
	}
	m := c.candidates(n)
	switch c.Rule {
	case RuleP:
		if !(c.P >= 0 && c.P <= 1) {
			return fmt.Errorf("connectivity: probability p = %g: must be from 0 to 1", c.P)
		}
	case RuleInDegree, RuleOutDegree:
		if c.K < 0 || c.K > m {
			return fmt.Errorf("connectivity %s: K = %d: must be from 0 to %d (the partners each of %d neurons can have%s)",
				c.Rule, c.K, m, n, map[bool]string{true: ", without autapses", false: ""}[c.NoAutapses])
		}
	default:
		return fmt.Errorf("connectivity: unknown rule %q: valid rules are %s, %s and %s", c.Rule, RuleP, RuleInDegree, RuleOutDegree)
	}
	return nil
}

// ExpectedSynapses returns the expected number of synapses of c among n
// neurons (exact for the degree rules).
func (c Connectivity) ExpectedSynapses(n int) float64 {
	m := float64(c.candidates(n))
	if c.Rule == RuleP {
		return c.P * float64(n) * m
	}
	return float64(n) * float64(c.K)
}

// SparseBytes returns the memory in bytes that a sparse matrix of n
// neurons and nnz synapses takes: a 2-byte index and a 4- or 8-byte weight
// per synapse, plus 8 bytes of segment start per neuron and block and the
// blocks' sums (8 bytes for each of a block's 65536 possible neurons).
func SparseBytes(n int, nnz int64, p WeightPrecision) int64 {
	nb, _ := sparseBlocks(n)
	return (2+p.bytes())*nnz + 8*int64(nb*n+1) + 8*int64(nb<<16)
}

// Tags of the rules' row streams (rng.Stream), apart from the fast
// generator's.
const (
	tagRuleP uint64 = rng.TagFast + 1 + iota
	tagInDegree
	tagOutDegree
)

// NewRandomSparse draws sparse synapses among n neurons by rule c and
// stores their weights with precision p; the weights from neuron j are
// scale[j]·U(0, 1). seed chooses the streams (see [Connectivity]).
func NewRandomSparse(n int, scale []float64, c Connectivity, p WeightPrecision, seed uint64) (*Sparse, error) {
	if err := c.validate(n); err != nil {
		return nil, err
	}
	if len(scale) != n {
		return nil, fmt.Errorf("connectivity %s: %d weight scales for %d neurons: give one scale per presynaptic neuron", c, len(scale), n)
	}
	for j, x := range scale {
		if !finite(x) {
			return nil, fmt.Errorf("connectivity %s: weight scale of neuron %d is %g: scales must be finite", c, j, x)
		}
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	s := newSparse(n, p)
	switch c.Rule {
	case RuleP:
		s.buildRows(c, scale, seed, tagRuleP)
	case RuleOutDegree:
		s.buildRows(c, scale, seed, tagOutDegree)
	case RuleInDegree:
		s.buildIn(c, scale, seed)
	}
	return s, nil
}

func newSparse(n int, p WeightPrecision) *Sparse {
	s := &Sparse{n: n, prec: p}
	s.nb, s.bs = sparseBlocks(n)
	s.seg = make([]int64, s.nb*n+1)
	return s
}

// prefix turns the counts in seg[1:] into segment starts.
func (s *Sparse) prefix() {
	for k := 1; k < len(s.seg); k++ {
		s.seg[k] += s.seg[k-1]
	}
}

func (s *Sparse) alloc() {
	nnz := s.seg[len(s.seg)-1]
	s.post = make([]uint16, nnz)
	if s.prec == Float32Weights {
		s.w32 = make([]float32, nnz)
	} else {
		s.w = make([]float64, nnz)
	}
	adviseHugePages(s.post)
	adviseHugePages(s.w32)
	adviseHugePages(s.w)
}

// set stores synapse k: postsynaptic neuron local (counted from its
// block's first), weight w.
func (s *Sparse) set(k int64, local int, w float64) {
	s.post[k] = uint16(local)
	if s.w32 != nil {
		s.w32[k] = float32(w)
	} else {
		s.w[k] = w
	}
}

// rowsPerChunk is how many rows one task of a parallel build draws.
const rowsPerChunk = 256

// pRow draws the postsynaptic partners of neuron j for RuleP by geometric
// skipping (each candidate independently with probability p) and appends
// them, in increasing order, to out.
func pRow(st *rng.Stream, c Connectivity, n, j int, out []int32) []int32 {
	m := c.candidates(n)
	if c.P == 0 || m == 0 {
		return out
	}
	self := func(x int) int32 {
		if c.NoAutapses && x >= j {
			return int32(x + 1)
		}
		return int32(x)
	}
	if c.P == 1 {
		for x := range m {
			out = append(out, self(x))
		}
		return out
	}
	logq := math.Log1p(-c.P)
	x := -1
	for {
		// 1 − U is uniform on (0, 1]: the gap is geometric.
		gap := math.Floor(math.Log(1-st.Float64()) / logq)
		if gap >= float64(m-x-1) {
			return out
		}
		x += 1 + int(gap)
		out = append(out, self(x))
	}
}

// sampler draws k distinct numbers from [0, m) and returns them in
// increasing order, using a bitmap of m bits.
type sampler struct {
	bits []uint64
	out  []int32
}

func (sm *sampler) sample(st *rng.Stream, m, k int) []int32 {
	words := (m + 63) / 64
	if cap(sm.bits) < words {
		sm.bits = make([]uint64, words)
	}
	b := sm.bits[:words]
	clear(b)
	// Choose the smaller of the set and its complement by rejection.
	want, invert := k, false
	if 2*k > m {
		want, invert = m-k, true
	}
	for got := 0; got < want; {
		x := st.Uint64n(uint64(m))
		if b[x>>6]&(1<<(x&63)) == 0 {
			b[x>>6] |= 1 << (x & 63)
			got++
		}
	}
	out := sm.out[:0]
	for wi, word := range b {
		if invert {
			word = ^word
			if wi == words-1 && m%64 != 0 {
				word &= 1<<(m%64) - 1
			}
		}
		for word != 0 {
			out = append(out, int32(wi*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	sm.out = out
	return out
}

// degreeRow draws neuron j's k partners (excluding j itself when
// NoAutapses), in increasing order.
func degreeRow(sm *sampler, st *rng.Stream, c Connectivity, n, j int) []int32 {
	out := sm.sample(st, c.candidates(n), c.K)
	if c.NoAutapses {
		for x, v := range out {
			if int(v) >= j {
				out[x] = v + 1
			}
		}
	}
	return out
}

// drawRow draws the partners of presynaptic neuron j from its stream, for
// RuleP and RuleOutDegree.
func drawRow(sm *sampler, st *rng.Stream, c Connectivity, n, j int) []int32 {
	if c.Rule == RuleP {
		sm.out = pRow(st, c, n, j, sm.out[:0])
		return sm.out
	}
	return degreeRow(sm, st, c, n, j)
}

// buildRows draws every presynaptic neuron's partners from its own stream
// (RuleP and RuleOutDegree): pass 1 counts the synapses of every row in
// every block, pass 2 draws the same partners again, stores them and
// draws their weights, in increasing order of postsynaptic neuron.
func (s *Sparse) buildRows(c Connectivity, scale []float64, seed, tag uint64) {
	n := s.n
	chunks := (n + rowsPerChunk - 1) / rowsPerChunk
	sms := make([]sampler, par.Workers())
	par.Chunks(len(sms), chunks, func(w, ch int) {
		var st rng.Stream
		for j := ch * rowsPerChunk; j < min(n, (ch+1)*rowsPerChunk); j++ {
			st.Seed(seed, tag, uint64(j))
			// Partners come in increasing order: count them per block
			// without dividing.
			b, end := 0, s.bs
			for _, i := range drawRow(&sms[w], &st, c, n, j) {
				for int(i) >= end {
					b, end = b+1, end+s.bs
				}
				s.seg[b*n+j+1]++
			}
		}
	})
	s.prefix()
	s.alloc()
	par.Chunks(len(sms), chunks, func(w, ch int) {
		var st rng.Stream
		next := make([]int64, s.nb)
		for j := ch * rowsPerChunk; j < min(n, (ch+1)*rowsPerChunk); j++ {
			st.Seed(seed, tag, uint64(j))
			for b := range next {
				next[b] = s.seg[b*n+j]
			}
			b, base := 0, 0
			for _, i := range drawRow(&sms[w], &st, c, n, j) {
				for int(i) >= base+s.bs {
					b, base = b+1, base+s.bs
				}
				s.set(next[b], int(i)-base, scale[j]*st.Float64())
				next[b]++
			}
		}
	})
}

// buildIn draws, for every postsynaptic neuron i, its K presynaptic
// partners and their weights from stream i, and stores them by
// presynaptic neuron. Each block of postsynaptic neurons is cut into
// chunks (whose size depends on n only). Pass 1 counts every chunk's
// synapses per row; pass 2 draws a chunk's synapses again into a buffer
// sorted by row and copies each row's piece to its place, so the big
// arrays are written in address order and every row comes out sorted by
// postsynaptic neuron.
func (s *Sparse) buildIn(c Connectivity, scale []float64, seed uint64) {
	n, bs := s.n, s.bs
	per := min(bs, max(2048, n/128)) // postsynaptic neurons per chunk
	perBlock := (bs + per - 1) / per
	type chunk struct{ b, lo, hi int }
	var chunks []chunk
	for b := range s.nb {
		blo, bhi := b*bs, min((b+1)*bs, n)
		for k := range perBlock {
			lo, hi := blo+k*per, min(blo+(k+1)*per, bhi)
			if lo < hi {
				chunks = append(chunks, chunk{b, lo, hi})
			}
		}
	}
	// counts[ch*n+j]: synapses from j into chunk ch; after pass 1, the
	// place of chunk ch's first synapse from j inside segment (b, j).
	counts := make([]int32, len(chunks)*n)
	sms := make([]sampler, par.Workers())
	par.Chunks(len(sms), len(chunks), func(w, ch int) {
		var st rng.Stream
		cnt := counts[ch*n : ch*n+n]
		for i := chunks[ch].lo; i < chunks[ch].hi; i++ {
			st.Seed(seed, tagInDegree, uint64(i))
			for _, j := range degreeRow(&sms[w], &st, c, n, i) {
				cnt[j]++
			}
		}
	})
	for ch0 := 0; ch0 < len(chunks); {
		ch1 := ch0
		for ch1 < len(chunks) && chunks[ch1].b == chunks[ch0].b {
			ch1++
		}
		b := chunks[ch0].b
		for j := range n {
			var run int32
			for ch := ch0; ch < ch1; ch++ {
				x := counts[ch*n+j]
				counts[ch*n+j] = run
				run += x
			}
			s.seg[b*n+j+1] = int64(run)
		}
		ch0 = ch1
	}
	s.prefix()
	s.alloc()
	type scratch struct {
		start []int32 // start[j]: first place of row j in the buffer
		post  []uint16
		w     []float64
	}
	scr := make([]scratch, par.Workers())
	par.Chunks(len(scr), len(chunks), func(w, ch int) {
		cc := chunks[ch]
		sc := &scr[w]
		if sc.start == nil {
			sc.start = make([]int32, n+1)
		}
		// Places in the buffer: row j's piece has length
		// (next chunk's place or segment length) − this chunk's place.
		last := ch+1 == len(chunks) || chunks[ch+1].b != cc.b
		length := func(j int) int32 {
			if last {
				return int32(s.seg[cc.b*n+j+1]-s.seg[cc.b*n+j]) - counts[ch*n+j]
			}
			return counts[(ch+1)*n+j] - counts[ch*n+j]
		}
		total := int32(0)
		for j := range n {
			sc.start[j] = total
			total += length(j)
		}
		sc.start[n] = total
		if cap(sc.post) < int(total) {
			sc.post = make([]uint16, total)
			sc.w = make([]float64, total)
		}
		bpost, bw := sc.post[:total], sc.w[:total]
		var st rng.Stream
		for i := cc.lo; i < cc.hi; i++ {
			st.Seed(seed, tagInDegree, uint64(i))
			for _, j := range degreeRow(&sms[w], &st, c, n, i) {
				k := sc.start[j]
				sc.start[j]++
				bpost[k] = uint16(i - cc.b*bs)
				bw[k] = scale[j] * st.Float64()
			}
		}
		// sc.start[j] is now the end of row j's piece.
		from := int32(0)
		for j := range n {
			to := sc.start[j]
			if to == from {
				continue
			}
			k := s.seg[cc.b*n+j] + int64(counts[ch*n+j])
			copy(s.post[k:], bpost[from:to])
			if s.w32 != nil {
				dst := s.w32[k : k+int64(to-from)]
				for x, v := range bw[from:to] {
					dst[x] = float32(v)
				}
			} else {
				copy(s.w[k:], bw[from:to])
			}
			from = to
		}
	})
}

// NewSparse returns the sparse matrix of n neurons with the synapses
// pre[k] → post[k] of weight w[k]. Several synapses between one pair are
// kept (their weights add). Rows are sorted by postsynaptic neuron;
// synapses of one pair keep their order. The weights are stored with
// precision p.
func NewSparse(n int, pre, post []int, w []float64, p WeightPrecision) (*Sparse, error) {
	if n <= 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("sparse synapses: %d neurons: need 1 to %d", n, math.MaxInt32)
	}
	if len(pre) != len(post) || len(pre) != len(w) {
		return nil, fmt.Errorf("sparse synapses: %d presynaptic, %d postsynaptic indices and %d weights: give one of each per synapse", len(pre), len(post), len(w))
	}
	for k := range pre {
		if pre[k] < 0 || pre[k] >= n || post[k] < 0 || post[k] >= n {
			return nil, fmt.Errorf("sparse synapses: synapse %d connects %d → %d: neuron indices must be from 0 to %d", k, pre[k], post[k], n-1)
		}
		if !finite(w[k]) {
			return nil, fmt.Errorf("sparse synapses: synapse %d (%d → %d) has weight %g: weights must be finite numbers", k, pre[k], post[k], w[k])
		}
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	s := newSparse(n, p)
	block := func(k int) int { return post[k] / s.bs }
	order := make([]int, len(pre))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(block(a), block(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(pre[a], pre[b]); c != 0 {
			return c
		}
		return cmp.Compare(post[a], post[b])
	})
	for _, o := range order {
		s.seg[block(o)*n+pre[o]+1]++
	}
	s.prefix()
	s.alloc()
	for k, o := range order {
		s.set(int64(k), post[o]%s.bs, w[o])
	}
	return s, nil
}

// Len returns the number of neurons.
func (s *Sparse) Len() int { return s.n }

// Count returns the number of synapses.
func (s *Sparse) Count() int { return int(s.seg[len(s.seg)-1]) }

// Precision returns how the weights are stored.
func (s *Sparse) Precision() WeightPrecision { return s.prec }

// Bytes returns the memory the matrix takes, in bytes.
func (s *Sparse) Bytes() int64 { return SparseBytes(s.n, int64(s.Count()), s.prec) }

// validate refuses a precision that is neither of the two.
func (p WeightPrecision) validate() error {
	if p != Float64Weights && p != Float32Weights {
		return fmt.Errorf("weight precision %d: use snn.Float64Weights or snn.Float32Weights", int(p))
	}
	return nil
}

func (s *Sparse) weight(k int64) float64 {
	if s.w32 != nil {
		return float64(s.w32[k])
	}
	return s.w[k]
}

// Row returns the outgoing synapses of neuron j: their postsynaptic
// neurons, in increasing order, and their weights, as new slices.
func (s *Sparse) Row(j int) (post []int, w []float64) {
	for b := range s.nb {
		for k := s.seg[b*s.n+j]; k < s.seg[b*s.n+j+1]; k++ {
			post = append(post, b*s.bs+int(s.post[k]))
			w = append(w, s.weight(k))
		}
	}
	return post, w
}

// At returns the summed weight of the synapses from neuron j to neuron i
// (0 when there is none), as S[i, j] of a dense matrix.
func (s *Sparse) At(i, j int) float64 {
	b := i / s.bs
	lo, hi := s.seg[b*s.n+j], s.seg[b*s.n+j+1]
	x := uint16(i % s.bs)
	k := lo + int64(lowerBound(s.post[lo:hi], x))
	sum := 0.0
	for ; k < hi && s.post[k] == x; k++ {
		sum += s.weight(k)
	}
	return sum
}

// lowerBound returns the first index of sorted a whose value is ≥ x.
func lowerBound(a []uint16, x uint16) int {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Deliver adds to I the summed weights from the fired neurons and returns
// the number of synaptic events (synapses of the fired neurons).
func (s *Sparse) Deliver(fired []int, I []float64) int {
	s.prepare()
	e := 0
	for b := range s.nb {
		e += s.deliverBlock(fired, I, b)
	}
	return e
}

func (s *Sparse) expectedEvents(spikes int) float64 {
	return float64(spikes) * float64(s.Count()) / float64(s.n)
}

func (s *Sparse) blocks() int { return s.nb }

func (s *Sparse) blockRange(b int) (lo, hi int) { return b * s.bs, min((b+1)*s.bs, s.n) }

// prepare makes the blocks' sums.
func (s *Sparse) prepare() {
	for len(s.sums) < s.nb {
		s.sums = append(s.sums, new([1 << 16]float64))
	}
}

// deliverBlock delivers to the postsynaptic neurons of block b. Calls for
// different blocks may run concurrently.
func (s *Sparse) deliverBlock(fired []int, I []float64, b int) int {
	if len(fired) == 0 {
		return 0
	}
	events := s.sumBlock(fired, b)
	lo, hi := s.blockRange(b)
	s.addSums(I, lo, hi)
	return events
}

// addSums adds the sums that sumBlock formed to I[lo:hi] (lo and hi in one
// block) and sets them back to zero.
func (s *Sparse) addSums(I []float64, lo, hi int) {
	b := lo / s.bs
	sums := s.sums[b][lo-b*s.bs : hi-b*s.bs]
	I = I[lo:hi]
	I = I[:len(sums)]
	for i, x := range sums {
		I[i] += x
	}
	clear(sums)
}

// sumBlock adds the weights from the fired neurons to the sums of block
// b's postsynaptic neurons, which must be zero, in the order the neurons
// fired, and returns the number of synaptic events. Calls for different
// blocks may run concurrently.
//
// A block's sums (512 KB) stay in the core's level-2 cache, while the rows
// come from memory, and reading them sets the pace (on the 100k network,
// sums that fit in level 1 were not faster). So the segment starts of the
// spike eight ahead are asked for early, and kernel.AddRow32/64 ask for
// the next row's lines while they sum a row.
func (s *Sparse) sumBlock(fired []int, b int) (events int) {
	// acc is indexed by a uint16, so the compiler drops bounds checks.
	acc := s.sums[b]
	seg := s.seg[b*s.n : (b+1)*s.n+1]
	for x, j := range fired {
		a, e := seg[j], seg[j+1]
		events += int(e - a)
		if x+8 < len(fired) {
			kernel.Prefetch(unsafe.Pointer(&seg[fired[x+8]]))
		}
		var p, q int64 // the next row
		if x+1 < len(fired) {
			p, q = seg[fired[x+1]], seg[fired[x+1]+1]
		}
		if s.w32 != nil {
			if !kernel.AddRow32(acc, s.post[a:e], s.w32[a:e], s.post[p:q], s.w32[p:q]) {
				s.prefetchRow(p, q)
				addRow(acc, s.post[a:e], s.w32[a:e])
			}
		} else {
			if !kernel.AddRow64(acc, s.post[a:e], s.w[a:e], s.post[p:q], s.w[p:q]) {
				s.prefetchRow(p, q)
				addRow(acc, s.post[a:e], s.w[a:e])
			}
		}
	}
	return events
}

// prefetchRow asks for synapses p ≤ k < q to be brought into the level-2
// cache all at once, for the Go loop (the kernels spread their requests).
func (s *Sparse) prefetchRow(p, q int64) {
	if p >= q {
		return
	}
	kernel.PrefetchL2(unsafe.Pointer(&s.post[p]), int(q-p)*2)
	if s.w32 != nil {
		kernel.PrefetchL2(unsafe.Pointer(&s.w32[p]), int(q-p)*4)
	} else {
		kernel.PrefetchL2(unsafe.Pointer(&s.w[p]), int(q-p)*8)
	}
}

// addRow adds the weights of one row to the sums: acc[post[k]] += w[k],
// in order, as kernel.AddRow32 and AddRow64 do.
func addRow[W float32 | float64](acc *[1 << 16]float64, post []uint16, w []W) {
	w = w[:len(post)]
	// Unrolled by four: the targets of one row are distinct (except for
	// pairs NewSparse was given more than once, which the statements'
	// order still adds one after the other), so the four additions are
	// independent.
	k := 0
	for ; k+4 <= len(post); k += 4 {
		r, x := post[k:k+4:k+4], w[k:k+4:k+4]
		acc[r[0]] += float64(x[0])
		acc[r[1]] += float64(x[1])
		acc[r[2]] += float64(x[2])
		acc[r[3]] += float64(x[3])
	}
	for ; k < len(post); k++ {
		acc[post[k]] += float64(w[k])
	}
}
