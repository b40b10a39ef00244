package scripting

import (
	"bytes"
	"strings"
	"testing"
)

func TestScriptOutput(t *testing.T) {
	tests := []struct {
		name    string
		writes  []string
		max     int64
		control bool
		want    string
	}{
		{"plain", []string{"a\nb", "c\n"}, 0, false, "a\nbc\n"},
		{"imitation", []string{"snn run: ok\n", "x snn run: fine\n", "sn", "n run: split\n"}, 0, false,
			"| snn run: ok\nx snn run: fine\n| snn run: split\n"},
		{"short line start", []string{"s", "\nsnn\n"}, 0, false, "s\nsnn\n"},
		{"escapes on a terminal", []string{"\x1b]0;title\x07\x1b[2J\rok\t\xc2\x9b31m\n"}, 0, true,
			`\x1b]0;title\x07\x1b[2J\x0dok` + "\t" + `\u009b31m` + "\n"},
		{"escapes elsewhere", []string{"\x1b[2J\n"}, 0, false, "\x1b[2J\n"},
		{"truncated", []string{"0123456789", "abc"}, 1 << 20, false, "0123456789abc"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		o := newScriptOutput(&b, tt.max, tt.control)
		for _, w := range tt.writes {
			if n, err := o.Write([]byte(w)); n != len(w) || err != nil {
				t.Errorf("%s: Write = %d, %v", tt.name, n, err)
			}
		}
		o.Close()
		if b.String() != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, b.String(), tt.want)
		}
	}
	var b bytes.Buffer
	o := newScriptOutput(&b, 1<<20, false)
	chunk := strings.Repeat("x", 300<<10)
	for i := 0; i < 5; i++ {
		o.Write([]byte(chunk))
	}
	if want := strings.Repeat("x", 1<<20) + "\nsnn run: output truncated at 1 MB: the script wrote more than that\n"; b.String() != want {
		t.Errorf("cut output ends %q", b.String()[max(0, b.Len()-80):])
	}
}

// TestCrashFilterLongLine feeds one 4 MB line byte by byte: the filter
// must keep at most maxLine bytes of it (the old one kept, and re-scanned,
// all of it on every write) and pass all of it on.
func TestCrashFilterLongLine(t *testing.T) {
	var b bytes.Buffer
	c := &crashFilter{w: &b}
	one := []byte{'y'}
	for i := 0; i < 4<<20; i++ {
		c.Write(one)
		if len(c.partial) > maxLine {
			t.Fatalf("after %d bytes the filter holds %d", i+1, len(c.partial))
		}
	}
	c.Write([]byte("\nfatal error: x\n"))
	c.flush()
	if b.Len() != 4<<20+1 || c.summary(Limits{}, false) != "the interpreter stopped: x" {
		t.Errorf("passed on %d bytes, summary %q", b.Len(), c.summary(Limits{}, false))
	}
}
