// Package rtcheck holds the run-time checks that scripting puts into an
// interpreted script so that its run-time errors are Go's.
//
// yaegi v0.16.1 reports an index out of range as the reflect package's
// panic ("reflect: slice index out of range"), without the index and the
// length, and a nil pointer dereference as a reflect call on a zero
// Value. Go reports "runtime error: index out of range [5] with length
// 3". scripting rewrites x[i] on a slice, array or string into
// x[rtcheck.Index(i, len(x))], and slice expressions likewise: the
// checks pass the index through when it is in range and otherwise make
// the same operation fail on a stand-in of the same length and capacity,
// so that the panic value is the Go runtime's own error, with its text
// and type (runtime.Error), whether the script recovers it or not.
package rtcheck

import (
	"regexp"
	"strings"
)

// Index returns i if 0 <= i < n, and otherwise panics as Go does for
// x[i] with len(x) == n.
func Index(i, n int) int {
	if uint(i) >= uint(n) {
		_ = make([]struct{}, n)[i]
	}
	return i
}

// SliceLoHi returns lo if x[lo:hi] is in range for a slice x of length
// n and capacity c, and otherwise panics as Go does.
func SliceLoHi(lo, hi, n, c int) int {
	if lo < 0 || hi < lo || hi > c {
		_ = make([]struct{}, n, c)[lo:hi]
	}
	return lo
}

// SliceFrom returns lo if x[lo:] is in range for a slice x of length n
// and capacity c, and otherwise panics as Go does.
func SliceFrom(lo, n, c int) int {
	if lo < 0 || lo > n {
		_ = make([]struct{}, n, c)[lo:]
	}
	return lo
}

// SliceTo returns hi if x[:hi] is in range for a slice x of length n and
// capacity c, and otherwise panics as Go does.
func SliceTo(hi, n, c int) int {
	if hi < 0 || hi > c {
		_ = make([]struct{}, n, c)[:hi]
	}
	return hi
}

// The String checks are those of a string or an array of length n (Go
// says "with length" for both).

// StringLoHi is SliceLoHi for a string or an array of length n.
func StringLoHi(lo, hi, n int) int {
	if lo < 0 || hi < lo || hi > n {
		_ = strings.Repeat(" ", n)[lo:hi]
	}
	return lo
}

// StringFrom is SliceFrom for a string or an array of length n.
func StringFrom(lo, n int) int {
	if lo < 0 || lo > n {
		_ = strings.Repeat(" ", n)[lo:]
	}
	return lo
}

// StringTo is SliceTo for a string or an array of length n.
func StringTo(hi, n int) int {
	if hi < 0 || hi > n {
		_ = strings.Repeat(" ", n)[:hi]
	}
	return hi
}

// Recovered returns what recover returned, with the interpreter's own
// panics turned into what Go's would be: a nil dereference as the Go
// runtime's error, an interface conversion without the position the
// interpreter puts in front, and an index out of range the checks did
// not catch (x's type was not known) as a runtime error without the index
// and length.
func Recovered(v any) any {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case error:
		s = v.Error()
		if _, ok := v.(interface{ RuntimeError() }); ok {
			return v
		}
	default:
		return v
	}
	if m := posPrefix.FindStringSubmatch(s); m != nil && strings.HasPrefix(m[1], "interface conversion: ") {
		return runtimeError(m[1])
	}
	for _, m := range messages {
		if strings.Contains(s, m.yaegi) {
			if m.goMsg == "" {
				return nilDereference()
			}
			return runtimeError(m.goMsg)
		}
	}
	return v
}

var posPrefix = regexp.MustCompile(`^.*?:\d+:\d+: (.*)$`)

var messages = []struct{ yaegi, goMsg string }{
	{"on zero Value", ""},
	{"reflect: slice index out of range", "runtime error: index out of range"},
	{"reflect: array index out of range", "runtime error: index out of range"},
	{"reflect: string index out of range", "runtime error: index out of range"},
	{"reflect.Value.Slice: slice index out of bounds", "runtime error: slice bounds out of range"},
}

// nilDereference returns the Go runtime's error for a nil dereference.
func nilDereference() (err any) {
	defer func() { err = recover() }()
	var p *int
	_ = *p
	return nil
}

// runtimeError is a run-time error whose text alone is known.
type runtimeError string

func (e runtimeError) Error() string { return string(e) }
func (runtimeError) RuntimeError()   {}
