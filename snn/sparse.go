package snn

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Sparse is a sparse weight matrix stored by presynaptic neuron (CSR):
// the synapses of neuron j are the contiguous positions
// RowStart(j) ≤ k < RowStart(j+1), with postsynaptic neurons in
// increasing order, so delivering a spike walks one row. Weights are
// float64, or float32 when built with Float32 (half the memory traffic;
// sums are still accumulated in float64).
//
// Delivery adds, for each postsynaptic neuron, the weights from the fired
// neurons in the order they fired into a zeroed sum, then adds the sum to
// the input, as [Dense] does; a Sparse built from every entry of a dense
// matrix therefore gives the dense network's spikes exactly. The sum of a
// neuron never depends on the number of goroutines that deliver.
type Sparse struct {
	n      int
	rowPtr []int64   // len n+1
	post   []int32   // postsynaptic neuron of each synapse
	w      []float64 // weights, or nil when w32 is used
	w32    []float32
	sum    []float64
}

// Connection rules of [Connect].
const (
	RuleP         = "p"         // every ordered pair with probability P
	RuleInDegree  = "indegree"  // every neuron receives exactly K synapses
	RuleOutDegree = "outdegree" // every neuron sends exactly K synapses
)

// Connect describes random sparse connectivity. Presynaptic neuron j's
// weights are scale[j]·U(0, 1) (a negative scale makes inhibitory
// weights), as the tutorial draws its dense matrix.
//
// Every row is drawn from its own PCG stream, seeded from the network's
// seed and the row's index, so matrices are built on all cores and are the
// same for any GOMAXPROCS. They do not depend on the network's generator:
// "numpy" and "fast" networks with one seed share their synapses.
type Connect struct {
	Rule string  // RuleP, RuleInDegree or RuleOutDegree
	P    float64 // connection probability for RuleP, in [0, 1]
	K    int     // synapses per neuron for the degree rules

	// NoAutapses leaves out synapses from a neuron to itself; the
	// tutorial's dense matrix has them, so by default they are allowed.
	NoAutapses bool
	// Float32 stores weights as float32.
	Float32 bool
}

// ParseConnect parses a connectivity flag: "dense" (returns nil),
// "p=P", "indegree=K" or "outdegree=K".
func ParseConnect(s string) (*Connect, error) {
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
		return &Connect{Rule: RuleP, P: p}, nil
	case RuleInDegree, RuleOutDegree:
		k, err := strconv.Atoi(val)
		if err != nil || k < 0 {
			return nil, bad("K must be a whole number ≥ 0")
		}
		return &Connect{Rule: key, K: k}, nil
	}
	return nil, bad("unknown rule " + strconv.Quote(key))
}

// String returns the flag form of c ("p=0.1", "indegree=1000").
func (c Connect) String() string {
	if c.Rule == RuleP {
		return "p=" + strconv.FormatFloat(c.P, 'g', -1, 64)
	}
	return c.Rule + "=" + strconv.Itoa(c.K)
}

// candidates is the number of possible partners of one neuron.
func (c Connect) candidates(n int) int {
	if c.NoAutapses {
		return n - 1
	}
	return n
}

func (c Connect) validate(n int) error {
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
func (c Connect) ExpectedSynapses(n int) float64 {
	m := float64(c.candidates(n))
	if c.Rule == RuleP {
		return c.P * float64(n) * m
	}
	return float64(n) * float64(c.K)
}

// SparseBytes returns the memory in bytes that a sparse matrix of n
// neurons and nnz synapses takes: a 4-byte index and a 4- or 8-byte
// weight per synapse, 8 bytes of row start and 8 of delivery buffer per
// neuron.
func SparseBytes(n int, nnz float64, f32 bool) float64 {
	per := 12.0
	if f32 {
		per = 8
	}
	return per*nnz + 16*float64(n+1)
}

// NewRandomSparse draws sparse synapses among n neurons by rule c; the
// weights from neuron j are scale[j]·U(0, 1). seed chooses the streams
// (see [Connect]).
func NewRandomSparse(n int, scale []float64, c Connect, seed uint64) (*Sparse, error) {
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
	s := &Sparse{n: n, rowPtr: make([]int64, n+1)}
	switch c.Rule {
	case RuleP:
		s.buildP(c, scale, seed)
	case RuleOutDegree:
		s.buildOut(c, scale, seed)
	case RuleInDegree:
		s.buildIn(c, scale, seed)
	}
	s.sum = make([]float64, n)
	return s, nil
}

// rowsPerChunk is how many rows one task of a parallel build draws.
const rowsPerChunk = 256

func (s *Sparse) alloc(nnz int64, f32 bool) {
	s.post = make([]int32, nnz)
	if f32 {
		s.w32 = make([]float32, nnz)
	} else {
		s.w = make([]float64, nnz)
	}
}

// setWeight stores the weight of synapse k.
func (s *Sparse) setWeight(k int64, w float64) {
	if s.w32 != nil {
		s.w32[k] = float32(w)
	} else {
		s.w[k] = w
	}
}

// pRow draws the postsynaptic partners of neuron j for RuleP by geometric
// skipping (each candidate independently with probability p), calling
// emit for each in increasing order.
func pRow(st *stream, c Connect, n, j int, emit func(i int)) {
	m := c.candidates(n)
	if c.P == 0 || m == 0 {
		return
	}
	self := func(x int) int {
		if c.NoAutapses && x >= j {
			return x + 1
		}
		return x
	}
	if c.P == 1 {
		for x := range m {
			emit(self(x))
		}
		return
	}
	logq := math.Log1p(-c.P)
	x := -1
	for {
		gap := math.Floor(math.Log1p(-st.float64()) / logq)
		if gap >= float64(m-x-1) {
			return
		}
		x += 1 + int(gap)
		emit(self(x))
	}
}

func (s *Sparse) buildP(c Connect, scale []float64, seed uint64) {
	n := s.n
	chunks := (n + rowsPerChunk - 1) / rowsPerChunk
	// Pass 1: row lengths.
	parallelChunks(chunks, func(_, ch int) {
		var st stream
		for j := ch * rowsPerChunk; j < min(n, (ch+1)*rowsPerChunk); j++ {
			st.seed(seed, tagRuleP, uint64(j))
			cnt := int64(0)
			pRow(&st, c, n, j, func(int) { cnt++ })
			s.rowPtr[j+1] = cnt
		}
	})
	for j := range n {
		s.rowPtr[j+1] += s.rowPtr[j]
	}
	s.alloc(s.rowPtr[n], c.Float32)
	// Pass 2: the same draws again, now stored, then the weights.
	parallelChunks(chunks, func(_, ch int) {
		var st stream
		for j := ch * rowsPerChunk; j < min(n, (ch+1)*rowsPerChunk); j++ {
			st.seed(seed, tagRuleP, uint64(j))
			k := s.rowPtr[j]
			pRow(&st, c, n, j, func(i int) { s.post[k] = int32(i); k++ })
			for k := s.rowPtr[j]; k < s.rowPtr[j+1]; k++ {
				s.setWeight(k, scale[j]*st.float64())
			}
		}
	})
}

// sampler draws k distinct numbers from [0, m) and returns them in
// increasing order, using a bitmap of m bits.
type sampler struct {
	bits []uint64
	out  []int32
}

func (sm *sampler) sample(st *stream, m, k int) []int32 {
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
		x := st.intn(uint64(m))
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
func degreeRow(sm *sampler, st *stream, c Connect, n, j int) []int32 {
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

func (s *Sparse) buildOut(c Connect, scale []float64, seed uint64) {
	n := s.n
	for j := range n {
		s.rowPtr[j+1] = s.rowPtr[j] + int64(c.K)
	}
	s.alloc(s.rowPtr[n], c.Float32)
	chunks := (n + rowsPerChunk - 1) / rowsPerChunk
	sms := make([]sampler, workers())
	parallelChunks(chunks, func(w, ch int) {
		var st stream
		for j := ch * rowsPerChunk; j < min(n, (ch+1)*rowsPerChunk); j++ {
			st.seed(seed, tagOutDegree, uint64(j))
			k := s.rowPtr[j]
			for _, i := range degreeRow(&sms[w], &st, c, n, j) {
				s.post[k] = i
				s.setWeight(k, scale[j]*st.float64())
				k++
			}
		}
	})
}

// buildIn draws, for every postsynaptic neuron i, its K presynaptic
// partners and their weights from stream i, and stores them by
// presynaptic neuron. The postsynaptic neurons are cut into a fixed number
// of column chunks (depending on n and K only); pass 1 counts each
// chunk's synapses per row, pass 2 draws again and writes each synapse at
// its chunk's next place in the row, so every row comes out sorted by
// postsynaptic neuron with no sort and no temporary copy of the synapses.
func (s *Sparse) buildIn(c Connect, scale []float64, seed uint64) {
	n := s.n
	chunks := min(64, max(1, c.K/32), n)
	cols := func(ch int) (lo, hi int) { return n * ch / chunks, n * (ch + 1) / chunks }
	// counts[ch*n+j]: synapses from j to chunk ch; later the next free
	// place of chunk ch in row j, relative to the row start.
	counts := make([]int32, chunks*n)
	sms := make([]sampler, workers())
	parallelChunks(chunks, func(w, ch int) {
		var st stream
		cnt := counts[ch*n : ch*n+n]
		lo, hi := cols(ch)
		for i := lo; i < hi; i++ {
			st.seed(seed, tagInDegree, uint64(i))
			for _, j := range degreeRow(&sms[w], &st, c, n, i) {
				cnt[j]++
			}
		}
	})
	for j := range n {
		var run int32
		for ch := range chunks {
			x := counts[ch*n+j]
			counts[ch*n+j] = run
			run += x
		}
		s.rowPtr[j+1] = s.rowPtr[j] + int64(run)
	}
	s.alloc(s.rowPtr[n], c.Float32)
	parallelChunks(chunks, func(w, ch int) {
		var st stream
		next := counts[ch*n : ch*n+n]
		lo, hi := cols(ch)
		for i := lo; i < hi; i++ {
			st.seed(seed, tagInDegree, uint64(i))
			for _, j := range degreeRow(&sms[w], &st, c, n, i) {
				k := s.rowPtr[j] + int64(next[j])
				next[j]++
				s.post[k] = int32(i)
				s.setWeight(k, scale[j]*st.float64())
			}
		}
	})
}

// NewSparse returns the sparse matrix of n neurons with the synapses
// pre[k] → post[k] of weight w[k]. Several synapses between one pair are
// kept (their weights add). Rows are sorted by postsynaptic neuron;
// synapses of one pair keep their order. With f32 the weights are
// stored as float32.
func NewSparse(n int, pre, post []int, w []float64, f32 bool) (*Sparse, error) {
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
	order := make([]int, len(pre))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(pre[a], pre[b]); c != 0 {
			return c
		}
		return cmp.Compare(post[a], post[b])
	})
	s := &Sparse{n: n, rowPtr: make([]int64, n+1), sum: make([]float64, n)}
	s.alloc(int64(len(pre)), f32)
	for k, o := range order {
		s.rowPtr[pre[o]+1]++
		s.post[k] = int32(post[o])
		s.setWeight(int64(k), w[o])
	}
	for j := range n {
		s.rowPtr[j+1] += s.rowPtr[j]
	}
	return s, nil
}

// Len returns the number of neurons.
func (s *Sparse) Len() int { return s.n }

// Count returns the number of synapses.
func (s *Sparse) Count() int { return int(s.rowPtr[s.n]) }

// Float32 reports whether the weights are stored as float32.
func (s *Sparse) Float32() bool { return s.w32 != nil }

// Bytes returns the memory the matrix takes, in bytes.
func (s *Sparse) Bytes() float64 { return SparseBytes(s.n, float64(s.Count()), s.Float32()) }

// RowStart returns the position of neuron j's first outgoing synapse;
// RowStart(Len()) is Count().
func (s *Sparse) RowStart(j int) int { return int(s.rowPtr[j]) }

// Synapse returns the postsynaptic neuron and the weight of synapse k.
func (s *Sparse) Synapse(k int) (post int, w float64) {
	if s.w32 != nil {
		return int(s.post[k]), float64(s.w32[k])
	}
	return int(s.post[k]), s.w[k]
}

// At returns the summed weight of the synapses from neuron j to neuron i
// (0 when there is none), as S[i, j] of a dense matrix.
func (s *Sparse) At(i, j int) float64 {
	lo, hi := int(s.rowPtr[j]), int(s.rowPtr[j+1])
	k := lo + lowerBound(s.post[lo:hi], int32(i))
	sum := 0.0
	for ; k < hi && s.post[k] == int32(i); k++ {
		_, w := s.Synapse(k)
		sum += w
	}
	return sum
}

// lowerBound returns the first index of sorted a whose value is ≥ x.
func lowerBound(a []int32, x int32) int {
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
	s.deliverRange(fired, I, 0, s.n)
	return s.events(fired)
}

func (s *Sparse) events(fired []int) int {
	e := int64(0)
	for _, j := range fired {
		e += s.rowPtr[j+1] - s.rowPtr[j]
	}
	return int(e)
}

// deliverRange delivers to the postsynaptic neurons lo ≤ i < hi only.
// Calls for disjoint ranges may run concurrently.
func (s *Sparse) deliverRange(fired []int, I []float64, lo, hi int) {
	if len(fired) == 0 || lo >= hi {
		return
	}
	sum := s.sum[lo:hi]
	clear(sum)
	whole := lo == 0 && hi == s.n
	for _, j := range fired {
		a, b := s.rowPtr[j], s.rowPtr[j+1]
		row := s.post[a:b]
		if !whole {
			from := lowerBound(row, int32(lo))
			to := from + lowerBound(row[from:], int32(hi))
			a, b = a+int64(from), a+int64(to)
			row = row[from:to]
		}
		if s.w32 != nil {
			w := s.w32[a:b]
			w = w[:len(row)]
			for k, i := range row {
				sum[int(i)-lo] += float64(w[k])
			}
		} else {
			w := s.w[a:b]
			w = w[:len(row)]
			for k, i := range row {
				sum[int(i)-lo] += w[k]
			}
		}
	}
	I = I[lo:hi]
	I = I[:len(sum)]
	for i, x := range sum {
		I[i] += x
	}
}
