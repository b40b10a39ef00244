package rtcheck

import (
	"fmt"
	"runtime"
	"testing"
)

// panicOf returns what f panics with, or nil.
func panicOf(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// Each check passes an index in range through and panics with the Go
// runtime's own error, the same text as the operation it stands for,
// otherwise.
func TestChecks(t *testing.T) {
	s := make([]int, 3, 5)
	str := "abc"
	var arr [4]int
	for _, tc := range []struct {
		name          string
		check, direct func() int
	}{
		{"index", func() int { return s[Index(tc3(), len(s))] }, func() int { return s[tc3()] }},
		{"index negative", func() int { return s[Index(-1+tc0(), len(s))] }, func() int { return s[-1+tc0()] }},
		{"index in range", func() int { return s[Index(2+tc0(), len(s))] }, func() int { return s[2+tc0()] }},
		{"slice lo:hi", func() int { return len(s[SliceLoHi(4, 2+tc0(), len(s), cap(s)):2]) }, func() int { return len(s[4 : 2+tc0()]) }},
		{"slice lo:hi over cap", func() int { return len(s[SliceLoHi(1, 6+tc0(), len(s), cap(s)):6]) }, func() int { return len(s[1 : 6+tc0()]) }},
		{"slice lo:hi in cap", func() int { return len(s[SliceLoHi(1, 5+tc0(), len(s), cap(s)):5]) }, func() int { return len(s[1 : 5+tc0()]) }},
		{"slice lo:", func() int { return len(s[SliceFrom(4+tc0(), len(s), cap(s)):]) }, func() int { return len(s[4+tc0():]) }},
		{"slice :hi", func() int { return len(s[:SliceTo(6+tc0(), len(s), cap(s))]) }, func() int { return len(s[:6+tc0()]) }},
		{"slice :hi negative", func() int { return len(s[:SliceTo(-1+tc0(), len(s), cap(s))]) }, func() int { return len(s[:-1+tc0()]) }},
		{"string lo:hi", func() int { return len(str[StringLoHi(2, 1+tc0(), len(str)):1]) }, func() int { return len(str[2 : 1+tc0()]) }},
		{"string lo:", func() int { return len(str[StringFrom(5+tc0(), len(str)):]) }, func() int { return len(str[5+tc0():]) }},
		{"string :hi", func() int { return len(str[:StringTo(4+tc0(), len(str))]) }, func() int { return len(str[:4+tc0()]) }},
		{"array :hi", func() int { return len(arr[:StringTo(5+tc0(), len(arr))]) }, func() int { return len(arr[:5+tc0()]) }},
		{"array lo:", func() int { return len(arr[StringFrom(3+tc0(), len(arr)):]) }, func() int { return len(arr[3+tc0():]) }},
	} {
		var gotV, wantV int
		got := panicOf(func() { gotV = tc.check() })
		want := panicOf(func() { wantV = tc.direct() })
		if fmt.Sprint(got) != fmt.Sprint(want) || gotV != wantV {
			t.Errorf("%s: %v (value %d), want %v (value %d)", tc.name, got, gotV, want, wantV)
		}
		if _, ok := got.(runtime.Error); want != nil && !ok {
			t.Errorf("%s: %T is not a runtime.Error", tc.name, got)
		}
	}
}

// tc0 and tc3 are 0 and 3, unknown to the compiler (no constant folding,
// no compile-time bounds errors).
//
//go:noinline
func tc0() int { return 0 }

//go:noinline
func tc3() int { return 3 }

func TestRecovered(t *testing.T) {
	var p *struct{ X int }
	nilDeref := panicOf(func() { _ = p.X })
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"reflect: call of reflect.Value.Field on zero Value", fmt.Sprint(nilDeref)},
		{fmt.Errorf("x.go:3:4: interface conversion: interface {} is string, not int"), "interface conversion: interface {} is string, not int"},
		{"reflect: slice index out of range", "runtime error: index out of range"},
		{"plain", "plain"},
		{nil, "<nil>"},
		{42, "42"},
	} {
		got := Recovered(tc.in)
		if fmt.Sprint(got) != tc.want {
			t.Errorf("Recovered(%v) = %v, want %s", tc.in, got, tc.want)
		}
		if _, ok := got.(runtime.Error); tc.want != tc.in && tc.in != nil && fmt.Sprint(tc.in) != tc.want && !ok {
			t.Errorf("Recovered(%v) = %T, want a runtime.Error", tc.in, got)
		}
	}
}
