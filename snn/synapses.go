package snn

import (
	"errors"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

// Synapses carry spikes from presynaptic to postsynaptic neurons.
type Synapses interface {
	// Len returns the number of neurons the synapses connect.
	Len() int
	// Deliver adds to I[i], for every neuron i, the sum of the weights of
	// the synapses from the neurons in fired (network indices, increasing)
	// to i. It returns the number of synaptic events delivered.
	Deliver(fired []int, I []float64) int
}

// Dense is an all-to-all weight matrix, as in the tutorial. Weights are
// stored by presynaptic neuron: the weights of neuron j's outgoing
// synapses are contiguous, so delivering a spike reads one row.
type Dense struct {
	n   int
	w   []float64 // w[j*n+i] is the weight from j to i, S[i, j]
	sum []float64
}

// DenseBytes returns the memory in bytes that a dense matrix of n neurons
// takes.
func DenseBytes(n int) int64 { return 8 * int64(n) * int64(n) }

// NewDense returns an n×n matrix from weights S in row-major order:
// S[i*n+j] is the weight from presynaptic neuron j to postsynaptic neuron
// i, as in the tutorial's S[i, j]. Positive weights excite, negative ones
// inhibit. The slice is copied.
func NewDense(n int, S []float64) (*Dense, error) {
	if n <= 0 {
		return nil, fmt.Errorf("dense weights: size %d: the network needs at least one neuron", n)
	}
	if len(S) != n*n {
		return nil, fmt.Errorf("dense weights: got %d values, want n×n = %d for %d neurons", len(S), n*n, n)
	}
	d := newDense(n)
	for i := range n {
		for j := range n {
			x := S[i*n+j]
			if !finite(x) {
				return nil, fmt.Errorf("dense weights: S[%d, %d] = %g: weights must be finite numbers", i, j, x)
			}
			d.w[j*n+i] = x
		}
	}
	return d, nil
}

func newDense(n int) *Dense {
	d := &Dense{n: n, w: make([]float64, n*n), sum: make([]float64, n)}
	// Before the weights are written: fewer page faults while building,
	// fewer TLB misses while delivering (rows are read at random).
	adviseHugePages(d.w)
	return d
}

// Len returns the number of neurons.
func (d *Dense) Len() int { return d.n }

// At returns S[i, j], the weight from neuron j to neuron i.
func (d *Dense) At(i, j int) float64 { return d.w[j*d.n+i] }

// Set sets S[i, j], the weight from neuron j to neuron i.
func (d *Dense) Set(i, j int, x float64) { d.w[j*d.n+i] = x }

// Deliver adds the summed weights from the fired neurons to I.
//
// As NumPy's np.sum(S[:, fired], axis=1) does, the columns are summed
// first, one after another in the order of fired, and the sum is then
// added to I; the result is bit-identical to the tutorial's.
func (d *Dense) Deliver(fired []int, I []float64) int {
	d.deliverRange(fired, I, 0, d.n)
	return len(fired) * d.n
}

func (d *Dense) expectedEvents(spikes int) float64 { return float64(spikes) * float64(d.n) }

// denseBlock is the number of postsynaptic neurons per block of parallel
// delivery.
const denseBlock = 2048

func (d *Dense) blocks() int { return (d.n + denseBlock - 1) / denseBlock }
func (d *Dense) prepare()    {}
func (d *Dense) blockRange(b int) (lo, hi int) {
	return b * denseBlock, min((b+1)*denseBlock, d.n)
}
func (d *Dense) deliverBlock(fired []int, I []float64, b int) int {
	lo, hi := d.blockRange(b)
	d.deliverRange(fired, I, lo, hi)
	return len(fired) * (hi - lo)
}

// deliverRange is Deliver for the postsynaptic neurons lo ≤ i < hi only;
// every neuron's sum is formed in the same order whatever the range, and
// calls for disjoint ranges may run concurrently.
func (d *Dense) deliverRange(fired []int, I []float64, lo, hi int) {
	if len(fired) == 0 || lo >= hi {
		return
	}
	n := d.n
	// The vector kernel (internal/kernel/kernel_amd64.s) forms the same
	// sums in the same order for as many neurons as it handles; the Go
	// code does the rest.
	lo += kernel.SumRows(I[lo:hi], d.w[lo:], n, fired)
	if lo >= hi {
		return
	}
	sum := d.sum[lo:hi]
	j := fired[0]
	copy(sum, d.w[j*n+lo:j*n+hi])
	for _, j := range fired[1:] {
		row := d.w[j*n+lo : j*n+hi]
		row = row[:len(sum)]
		for i, x := range row {
			sum[i] += x
		}
	}
	I = I[lo:hi]
	I = I[:len(sum)]
	for i, s := range sum {
		I[i] += s
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ErrTooLarge is wrapped by the errors for networks that would not fit in
// the memory limit.
var ErrTooLarge = errors.New("network too large")
