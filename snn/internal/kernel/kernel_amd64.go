//go:build !purego

package kernel

import (
	"math/bits"

	"golang.org/x/sys/cpu"
)

// Enabled reports whether the kernels run. Tests set it to false to run
// the Go code instead.
var Enabled = cpu.X86.HasAVX2

//go:noescape
func izhikevichAVX2(v, u, a, b, c, d, in *float64, n int, fired *uint8, check *[4]float64)

//go:noescape
func sumRowsAVX2(dst, w *float64, stride int, rows *int, nrows, n int)

// chunk is how many neurons one call of the assembly update advances; its
// spike mask lives on the stack.
const chunk = 1024

// Izhikevich advances the first done neurons of V, U (parameters A, B, C,
// D, input I, all the same length) by one step of the Izhikevich update,
// done being the largest multiple of 4 it can handle, appends lo + the
// index of each neuron that fired to fired, in increasing order, and
// reports whether all their new states are finite.
func Izhikevich(V, U, A, B, C, D, I []float64, lo int, fired []int) (done int, _ []int, finite bool) {
	if !Enabled {
		return 0, fired, true
	}
	n := len(V) &^ 3
	U, A, B, C, D, I = U[:n], A[:n], B[:n], C[:n], D[:n], I[:n]
	finite = true
	var mask [chunk / 4]uint8
	var check [4]float64
	for start := 0; start < n; start += chunk {
		m := min(chunk, n-start)
		izhikevichAVX2(&V[start], &U[start], &A[start], &B[start], &C[start], &D[start], &I[start], m, &mask[0], &check)
		for g, set := range mask[:m/4] {
			for set != 0 {
				fired = append(fired, lo+start+4*g+bits.TrailingZeros8(set))
				set &= set - 1
			}
		}
		// check holds (v − v) + (u − u) summed per lane: 0, or NaN
		// once a state is not finite.
		finite = finite && check[0]+check[1]+check[2]+check[3] == 0
	}
	return n, fired, finite
}

// SumRows does, for the first done elements i of dst (the largest
// multiple of 16 it can handle), dst[i] += (…((w[r₀·stride+i] +
// w[r₁·stride+i]) + w[r₂·stride+i]) …) over the rows r of rows in order.
func SumRows(dst, w []float64, stride int, rows []int) (done int) {
	if !Enabled || len(rows) == 0 {
		return 0
	}
	n := len(dst) &^ 15
	if n == 0 {
		return 0
	}
	last := 0
	for _, r := range rows {
		if r < 0 {
			return 0 // let the Go code report the bad index
		}
		last = max(last, r)
	}
	_ = w[last*stride+n-1] // one bounds check for every row
	sumRowsAVX2(&dst[0], &w[0], stride, &rows[0], len(rows), n)
	return n
}
