package scripting

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// genProgram writes a random, well-typed Go program over the subset that
// experiment scripts use: integers of several sizes (overflow, division,
// remainders, shifts), floats, strings, slices (aliasing, append), maps,
// functions with named and multiple results called repeatedly, parallel
// and comma-ok assignments, closures, defers with arguments, methods of
// a struct type, constants, loops with labelled break and continue, and
// switches. The program prints its state after every statement, so a
// difference shows where it starts. The same seed gives the same program.
func genProgram(seed uint64) []byte {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	return g.program()
}

type gen struct {
	r     *rand.Rand
	b     strings.Builder
	depth int
	ind   string
	nfunc int
	tmp   int
}

func (g *gen) p(format string, args ...any) {
	g.b.WriteString(g.ind)
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

// The main function's variables, all declared up front and printed at the
// end, so none is unused.
var (
	genInts    = []string{"a", "b", "c"}
	genFloats  = []string{"x", "y"}
	genSmall   = []string{"i8", "u8", "i32", "u32"}
	genStrings = []string{"s", "t"}
)

func (g *gen) intLit() string {
	return g.pick("0", "1", "2", "3", "7", "-5", "100", "255", "1<<20", "-1<<31", "123456789")
}

func (g *gen) floatLit() string {
	return g.pick("0.0", "0.1", "1.5", "-2.25", "1e-3", "3.0", "1e10", "cf", "2*math.Pi", "math.Pi*cf")
}

// intExpr is an int expression that does not divide by zero.
func (g *gen) intExpr(d int) string {
	if d <= 0 || g.r.IntN(3) == 0 {
		switch g.r.IntN(4) {
		case 0:
			return g.intLit()
		case 1:
			return "ci"
		default:
			return g.pick(genInts...)
		}
	}
	switch g.r.IntN(10) {
	case 0, 1:
		return fmt.Sprintf("(%s %s %s)", g.intExpr(d-1), g.pick("+", "-", "*", "&", "|", "^", "&^"), g.intExpr(d-1))
	case 2:
		return fmt.Sprintf("(%s %s (%s|1))", g.intExpr(d-1), g.pick("/", "%"), g.intExpr(d-1))
	case 3:
		return fmt.Sprintf("(%s %s %d)", g.intExpr(d-1), g.pick("<<", ">>"), g.r.IntN(40))
	case 4:
		return fmt.Sprintf("int(%s)", g.pick(genSmall...))
	case 5:
		return fmt.Sprintf("len(%s)", g.pick("sl", "s", "m"))
	case 6:
		return fmt.Sprintf("sl[%s]", g.index("sl"))
	case 7:
		return fmt.Sprintf("int(%s)", g.pick(genFloats...)+"/1e6")
	case 8:
		if g.nfunc > 0 {
			return fmt.Sprintf("fi%d(%s, %s)", g.r.IntN(g.nfunc), g.intExpr(d-1), g.floatExpr(d-1))
		}
	}
	return fmt.Sprintf("-%s", g.pick(genInts...))
}

// index is a valid index into the non-empty slice named s.
func (g *gen) index(s string) string {
	return fmt.Sprintf("(%s&0x7fffffff)%%len(%s)", g.pick(genInts...), s)
}

func (g *gen) floatExpr(d int) string {
	if d <= 0 || g.r.IntN(3) == 0 {
		if g.r.IntN(2) == 0 {
			return g.floatLit()
		}
		return g.pick(genFloats...)
	}
	switch g.r.IntN(7) {
	case 0, 1:
		return fmt.Sprintf("(%s %s %s)", g.floatExpr(d-1), g.pick("+", "-", "*", "/"), g.floatExpr(d-1))
	case 2:
		return fmt.Sprintf("math.%s(%s)", g.pick("Sqrt", "Abs", "Floor", "Exp", "Tanh"), g.floatExpr(d-1))
	case 3:
		return fmt.Sprintf("float64(%s)", g.intExpr(d-1))
	case 4:
		if g.nfunc > 0 {
			k := g.r.IntN(g.nfunc)
			return fmt.Sprintf("float64(fi%d(%s, %s))", k, g.intExpr(d-1), g.floatExpr(d-1))
		}
	case 5:
		return fmt.Sprintf("pt.Norm()*%s", g.floatLit())
	}
	return g.pick(genFloats...)
}

func (g *gen) stringExpr(d int) string {
	switch g.r.IntN(6) {
	case 0:
		return g.pick(`"a"`, `"héllo"`, `""`, `"x y"`, `"日本"`)
	case 1:
		if d > 0 {
			return g.stringExpr(d-1) + " + " + g.stringExpr(d-1)
		}
	case 2:
		return fmt.Sprintf("strconv.Itoa(%s)", g.intExpr(d-1))
	case 3:
		return fmt.Sprintf("fmt.Sprintf(%q, %s)", g.pick("%.3g", "%8.2f", "%v", "%e", "%.0f"), g.floatExpr(d-1))
	case 4:
		return fmt.Sprintf("string(rune(65 + (%s&15)))", g.intExpr(d-1))
	}
	return g.pick(genStrings...)
}

// helpers writes functions with named or plain, single or multiple
// results, and some with defers in loops.
func (g *gen) helpers() {
	n := 1 + g.r.IntN(3)
	for k := 0; k < n; k++ {
		g.nfunc = k // earlier helpers only: no recursion
		// fi: int result, named half of the time.
		if g.r.IntN(2) == 0 {
			g.p("func fi%d(a int, x float64) (r int) {", k)
			g.ind = "\t"
			g.p("b, c := a, int(x)")
			g.p("_, _ = b, c")
			g.p("for k := 0; k < 3; k++ {")
			g.p("\tr += a + k")
			g.p("}")
			g.p("if x > 1 {")
			g.p("\tr -= %s", g.intExprLocal())
			g.p("\treturn")
			g.p("}")
			g.p("return r * 2")
		} else {
			g.p("func fi%d(a int, x float64) int {", k)
			g.ind = "\t"
			g.p("b, c := a, int(x)")
			g.p("_, _ = b, c")
			g.p("return %s", g.intExprLocal())
		}
		g.ind = ""
		g.p("}")
		g.p("")
		g.p("func ff%d(a int, x float64) (m, s float64) {", k)
		g.ind = "\t"
		g.p("for k := 0; k < 4; k++ {")
		g.p("\tm += x * float64(k+a%%5)")
		g.p("\ts += float64(k)")
		g.p("}")
		if g.r.IntN(2) == 0 {
			g.p("return m, s / %s", g.pick("2", "3.5", "7"))
		} else {
			g.p("s = math.Sqrt(s)")
			g.p("return")
		}
		g.ind = ""
		g.p("}")
		g.p("")
	}
	g.nfunc = n
	g.p("func safeDiv(a, b int) (q int, err error) {")
	g.p("\tdefer func() {")
	g.p("\t\tif r := recover(); r != nil {")
	g.p("\t\t\terr = fmt.Errorf(\"recovered: %%v\", r)")
	g.p("\t\t}")
	g.p("\t}()")
	g.p("\tq = a / b")
	g.p("\treturn")
	g.p("}")
	g.p("")
	// Run-time errors, recovered: the value is Go's runtime error.
	for _, h := range []struct{ sig, body string }{
		{"safeAt(s []int, i int) (v int, err error)", "return s[i], nil"},
		{"safeSlice(s string, lo, hi int) (t string, err error)", "return s[lo:hi], nil"},
		{"safeTail(s []int, lo int) (t []int, err error)", "return s[lo:], nil"},
		{"safeNorm(p *point) (v float64, err error)", "return p.X, nil"},
	} {
		g.p("func %s {", h.sig)
		g.p("\tdefer func() {")
		g.p("\t\tif r := recover(); r != nil {")
		g.p("\t\t\terr = fmt.Errorf(\"recovered: %%v\", r)")
		g.p("\t\t}")
		g.p("\t}()")
		g.p("\t%s", h.body)
		g.p("}")
		g.p("")
	}
	// Generic functions whose type arguments are inferred through a
	// function's result and a variadic parameter.
	g.p("func gmap[T, U any](xs []T, f func(T) U) []U {")
	g.p("\tvar out []U")
	g.p("\tfor _, x := range xs {")
	g.p("\t\tout = append(out, f(x))")
	g.p("\t}")
	g.p("\treturn out")
	g.p("}")
	g.p("")
	g.p("func gsum[T ~int | ~float64](xs ...T) T {")
	g.p("\tvar s T")
	g.p("\tfor _, x := range xs {")
	g.p("\t\ts += x")
	g.p("\t}")
	g.p("\treturn s")
	g.p("}")
	g.p("")
	g.p("func deferred(n int) (out []int) {")
	g.p("\tdefer func() { out = append(out, -1) }()")
	g.p("\tfor i := 0; i < n; i++ {")
	g.p("\t\tdefer fmt.Println(\"deferred\", i, n)")
	g.p("\t\tout = append(out, i*n)")
	g.p("\t}")
	g.p("\treturn")
	g.p("}")
	g.p("")
}

// intExprLocal is an int expression over a, b, c only.
func (g *gen) intExprLocal() string {
	switch g.r.IntN(4) {
	case 0:
		return "a + b*c"
	case 1:
		return "(a - c) / (b|1)"
	case 2:
		return "a % (c|1) + b"
	}
	return "a<<3 ^ c"
}

func (g *gen) stmt(d int) {
	switch g.r.IntN(28) {
	case 0:
		g.p("%s = %s", g.pick(genInts...), g.intExpr(3))
	case 1:
		g.p("%s = %s", g.pick(genFloats...), g.floatExpr(3))
	case 2:
		// parallel assignment mixing constants and calls
		g.p("%s, %s = %s, %s", "a", "x", g.pick(g.intLit(), g.intExpr(2)), g.floatExpr(2))
	case 3:
		if g.nfunc > 0 {
			g.p("x, y = ff%d(%s, %s)", g.r.IntN(g.nfunc), g.intExpr(1), g.floatExpr(1))
		}
	case 4:
		g.p("%s %s= %s", g.pick(genInts...), g.pick("+", "-", "*", "|", "^"), g.intExpr(2))
	case 5:
		v := g.pick(genSmall...)
		g.p("%s = %s(%s)", v, map[string]string{"i8": "int8", "u8": "uint8", "i32": "int32", "u32": "uint32"}[v], g.intExpr(2))
		g.p("%s *= %s", v, v)
		g.p("%s += %s(%s)", v, map[string]string{"i8": "int8", "u8": "uint8", "i32": "int32", "u32": "uint32"}[v], g.pick(genInts...))
	case 6:
		g.p("sl = append(sl, %s)", g.intExpr(2))
		g.p("sl[%s] = %s", g.index("sl"), g.intExpr(1))
	case 7:
		g.p("{")
		g.p("\tal := sl[:len(sl)/2+1]")
		g.p("\tal[0] += %s", g.intExpr(1))
		g.p("\tfmt.Println(\"alias\", al, sl)")
		g.p("}")
	case 8:
		g.p("m[%s] = %s", g.stringExpr(1), g.intExpr(2))
		g.p("c, ok = m[%s]", g.stringExpr(1))
		g.p("fmt.Println(\"map\", m, c, ok)")
	case 9:
		g.p("%s = %s", g.pick(genStrings...), g.stringExpr(2))
		g.p("for i, r := range %s {", g.pick(genStrings...))
		g.p("\tif i > 6 {")
		g.p("\t\tbreak")
		g.p("\t}")
		g.p("\tb += int(r) * (i + 1)")
		g.p("}")
	case 10:
		if d > 0 {
			g.p("if %s %s %s {", g.intExpr(2), g.pick("<", ">", "==", "!=", "<="), g.intExpr(2))
			g.block(d - 1)
			g.p("} else {")
			g.block(d - 1)
			g.p("}")
		}
	case 11:
		if d > 0 {
			g.tmp++
			l := fmt.Sprintf("L%d", g.tmp)
			g.p("%s:", l)
			g.p("for k%d := 0; k%d < %d; k%d++ {", g.tmp, g.tmp, 2+g.r.IntN(4), g.tmp)
			g.p("\tfor j := 0; j < 3; j++ {")
			g.p("\t\tif (j+k%d)%%3 == %d {", g.tmp, g.r.IntN(3))
			g.p("\t\t\t%s %s", g.pick("continue", "break"), l)
			g.p("\t\t}")
			g.p("\t\ta += j*k%d + %s", g.tmp, g.pick("1", "c"))
			g.p("\t}")
			g.p("}")
		}
	case 12:
		g.p("switch %s %% 4 {", g.intExpr(2))
		g.p("case 0, 1:")
		g.p("\tc++")
		g.p("case -1:")
		g.p("\tc--")
		g.p("\tfallthrough")
		g.p("case 2:")
		g.p("\tc += 10")
		g.p("default:")
		g.p("\tc = %s", g.intExpr(1))
		g.p("}")
	case 13:
		g.p("fmt.Println(deferred(%d))", g.r.IntN(4))
	case 14:
		g.p("pt.Move(%s)", g.floatExpr(1))
		g.p("{")
		g.p("\tcp := *pt")
		g.p("\tcp.X = %s", g.floatExpr(1))
		g.p("\tfmt.Println(\"pt\", pt.X, pt.Y, cp.X, pt.Norm(), cp.Norm())")
		g.p("}")
	case 15:
		g.p("{")
		g.p("\tinc := func(d int) int { c += d; return c }")
		g.p("\ta, b = inc(%s), inc(1)", g.intExpr(1))
		g.p("}")
	case 16:
		if g.nfunc > 0 {
			k := g.r.IntN(g.nfunc)
			g.p("fmt.Println(\"calls\", fi%d(a, x), fi%d(a, x), fi%d(b, y))", k, k, k)
			g.p("fmt.Println(ff%d(c, x))", k)
		}
	case 17:
		g.p("fmt.Printf(\"%%d %%x %%.4g %%8.3f %%q %%v\\n\", %s, %s, %s, %s, %s, %s)", g.intExpr(2), g.pick(genSmall...), g.floatExpr(2), g.floatExpr(1), g.stringExpr(1), g.pick(genFloats...))
	case 18:
		// closures over range variables and body locals
		g.p("{")
		g.p("\tvar fs []func() int")
		g.p("\tfor k, v := range sl {")
		g.p("\t\tw := v * %s", g.pick("2", "c", "-1"))
		g.p("\t\tfs = append(fs, func() int { return k + w + v })")
		g.p("\t}")
		g.p("\tfor _, f := range fs {")
		g.p("\t\tb += f()")
		g.p("\t}")
		g.p("}")
	case 19:
		// goroutines writing their own slots
		g.p("{")
		g.p("\tres := make([]int, %d)", 2+g.r.IntN(4))
		g.p("\tvar wg sync.WaitGroup")
		g.p("\tfor i := 0; i < len(res); i++ {")
		g.p("\t\twg.Add(1)")
		g.p("\t\tgo func() {")
		g.p("\t\t\tdefer wg.Done()")
		g.p("\t\t\tres[i] = i*%s + a", g.pick("3", "c", "i"))
		g.p("\t\t}()")
		g.p("\t}")
		g.p("\twg.Wait()")
		g.p("\tfmt.Println(\"goroutines\", res)")
		g.p("}")
	case 20:
		g.p("{")
		g.p("\tmv := pt.Move")
		g.p("\tmv(%s)", g.floatExpr(1))
		g.p("\tmv(1)")
		g.p("\tfmt.Println(\"moved\", *pt)")
		g.p("}")
	case 21:
		g.p("{")
		g.p("\tarr := [3]int{a, b, c}")
		g.p("\tarr2 := arr")
		g.p("\tarr2[%s] = %s", g.pick("0", "1", "(a&0x7fffffff)%3"), g.intExpr(1))
		g.p("\tps := []point{{x, y}, *pt}")
		g.p("\tq := ps[0]")
		g.p("\tq.X++")
		g.p("\tps[1].Y *= 2")
		g.p("\tfmt.Println(\"values\", arr, arr2, ps, q)")
		g.p("}")
	case 22:
		g.p("for _, v := range []any{a, x, s, %s, pt, nil, i8} {", g.pick("ok", "sl", "m"))
		g.p("\tswitch w := v.(type) {")
		g.p("\tcase int:")
		g.p("\t\tc += w %% 7")
		g.p("\tcase float64, int8:")
		g.p("\t\tfmt.Println(\"number\", w)")
		g.p("\tcase string:")
		g.p("\t\tt = w + t")
		g.p("\tcase *point:")
		g.p("\t\tfmt.Println(\"point\", w.X)")
		g.p("\tcase nil:")
		g.p("\t\tfmt.Println(\"nil\")")
		g.p("\tdefault:")
		g.p("\t\tfmt.Println(\"other\")")
		g.p("\t}")
		g.p("}")
	case 23:
		g.p("s = strings.%s", g.pick("ToUpper(s)", "Repeat(s, 2)", "TrimSpace(\" \" + s + \" \")", "Join(strings.Fields(s+\" x y\"), \"-\")"))
		g.p("if len(s) > 0 {")
		g.p("\tb += int(s[(a&0x7fffffff)%%len(s)])")
		g.p("}")
		g.p("t = string([]rune(s+%q)[:1])", g.pick("é", "z", "日"))
	case 24:
		if g.nfunc > 0 {
			g.p("sl[%s] += fi%d(%s, %s)", g.index("sl"), g.r.IntN(g.nfunc), g.intExpr(1), g.floatExpr(1))
		}
	case 25:
		g.p("c, sl[(c&0x7fffffff)%%len(sl)] = %s, %s", g.intExpr(1), g.intExpr(1))
		g.p("sl[0], a = a, sl[0]")
	case 26:
		switch g.r.IntN(7) {
		case 5:
			g.p("fmt.Println(gsum(%s, %s), gsum(x, %s))", g.intExpr(1), g.intExpr(1), g.floatExpr(1))
		case 6:
			g.p("fmt.Println(gmap(sl, func(v int) string { return strconv.Itoa(v * %s) }))", g.intExpr(1))
		case 0:
			g.p("fmt.Println(safeDiv(%s, %s))", g.intExpr(2), g.pick("0", "a", "b", "c&3"))
		case 1:
			g.p("fmt.Println(safeAt(sl, %s))", g.intExpr(1))
		case 2:
			g.p("fmt.Println(safeSlice(s+t, %s, %s))", g.intExpr(1), g.intExpr(1))
		case 3:
			g.p("fmt.Println(safeTail(sl, %s))", g.intExpr(1))
		default:
			g.p("fmt.Println(safeNorm(%s))", g.pick("pt", "nil"))
		}
	case 27:
		g.p("if v, found := m[%s]; found {", g.stringExpr(1))
		g.p("\tc += v")
		g.p("} else if w := len(m); w > 1 {")
		g.p("\tc -= w")
		g.p("}")
	}
	g.p("fmt.Println(a, b, c, x, y, i8, u8, i32, u32, len(sl), s, t)")
}

func (g *gen) block(d int) {
	saved := g.ind
	g.ind += "\t"
	n := 1 + g.r.IntN(2)
	for k := 0; k < n; k++ {
		g.stmt(d)
	}
	g.ind = saved
}

func (g *gen) program() []byte {
	g.p("package main")
	g.p("")
	g.p("import (")
	g.p("\t\"fmt\"")
	g.p("\t\"math\"")
	g.p("\t\"strconv\"")
	g.p("\t\"strings\"")
	g.p("\t\"sync\"")
	g.p(")")
	g.p("")
	g.p("const (")
	g.p("\tci = %s", g.pick("3", "-7", "1 << 10", "iota + 2"))
	g.p("\tcf = %s", g.pick("10.0", "0.5", "1e-3", "2.5"))
	g.p(")")
	g.p("")
	g.p("var _ = strconv.Itoa")
	g.p("var _ = strings.ToUpper")
	g.p("var _ sync.Mutex")
	g.p("")
	g.p("type point struct{ X, Y float64 }")
	g.p("")
	g.p("func (p *point) Move(d float64) { p.X += d; p.Y -= d / 2 }")
	g.p("func (p point) Norm() float64    { return math.Hypot(p.X, p.Y) }")
	g.p("")
	g.helpers()
	g.p("func main() {")
	g.ind = "\t"
	g.p("var (")
	g.p("\ta, b, c = %s, %s, %s", g.intLit(), g.intLit(), g.intLit())
	g.p("\tx, y    = %s, %s", g.floatLit(), g.floatLit())
	g.p("\ti8      int8")
	g.p("\tu8      uint8 = 200")
	g.p("\ti32     int32 = -1 << 30")
	g.p("\tu32     uint32")
	g.p("\tsl      = []int{1, 2, 3}")
	g.p("\tm       = map[string]int{\"a\": 1}")
	g.p("\ts, t    = \"go\", \"\"")
	g.p("\tok      bool")
	g.p("\tpt      = &point{1, 2}")
	g.p(")")
	n := 5 + g.r.IntN(10)
	for k := 0; k < n; k++ {
		g.stmt(2)
	}
	g.p("fmt.Println(ok, m, sl, *pt)")
	if g.r.IntN(8) == 0 {
		// A run-time error that ends the program, or not.
		// (One at most per statement: Go does not say in which order
		// the index expressions of a call's arguments are checked.)
		// The index is a variable's value, never a constant (a
		// constant out of range does not build).
		v := g.pick(genInts...)
		if g.r.IntN(2) == 0 {
			g.p("fmt.Println(sl[%s%%7])", v)
		} else {
			g.p("fmt.Println(s[%s%%5:])", v)
		}
	}
	g.ind = ""
	g.p("}")
	return []byte(g.b.String())
}

// genCount is the number of generated programs TestDiffGenerated runs:
// 2000, 200 with -short; $DIFFTEST_N overrides it.
func genCount(t testing.TB) int {
	if s := os.Getenv("DIFFTEST_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("DIFFTEST_N=%q: %v", s, err)
		}
		return n
	}
	if testing.Short() {
		return 200
	}
	return 2000
}

// TestDiffGenerated runs genCount generated programs (seeds 1, 2, …) both
// ways: each prints what its native build prints, or is refused.
func TestDiffGenerated(t *testing.T) {
	var seeds []uint64
	if s := os.Getenv("DIFFTEST_SEEDS"); s != "" {
		// A comma-separated list, to look at some programs again.
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("DIFFTEST_SEEDS: %v", err)
			}
			seeds = append(seeds, n)
		}
	} else {
		for k := 1; k <= genCount(t); k++ {
			seeds = append(seeds, uint64(k))
		}
	}
	n := len(seeds)
	progs := make([]diffProg, n)
	for k, seed := range seeds {
		progs[k] = diffProg{name: fmt.Sprintf("gen%05d.go", seed), src: genProgram(seed)}
	}
	outs := diffRun(t, progs, 100)
	ran, refused, skipped := reportOutcomes(t, outs, true)
	t.Logf("generated: %d ran identically, %d refused, %d not buildable natively", ran, refused, skipped)
	why := map[string]int{}
	for _, o := range outs {
		switch {
		case o.skipped != "":
			why["not buildable: "+o.skipped]++
		case o.interp.refused:
			why["refused: "+strings.SplitN(o.refusedFirst, ": ", 2)[1]]++
		}
	}
	for w, n := range why {
		t.Logf("%4d× %s", n, w)
	}
	if skipped > n/10 {
		for _, o := range outs {
			if o.skipped != "" {
				t.Logf("%s: %s", o.prog.name, o.skipped)
				break
			}
		}
		t.Errorf("%d of %d generated programs do not build: the generator is broken", skipped, n)
	}
	if refused > n/10 {
		for _, o := range outs {
			if o.interp.refused {
				t.Logf("%s: %s", o.prog.name, o.refusedFirst)
				break
			}
		}
		t.Errorf("%d of %d generated programs refused: too few test the interpreter", refused, n)
	}
}

// FuzzDiff generates a program from each input seed and runs it both ways
// (one native build per input: slow, for go test -fuzz).
func FuzzDiff(f *testing.F) {
	for _, s := range []uint64{1, 2, 3} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		p := diffProg{name: "fuzz.go", src: genProgram(seed)}
		outs := diffRun(t, []diffProg{p}, 1)
		reportOutcomes(t, outs, true)
	})
}
