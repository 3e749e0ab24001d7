package luapattern

import (
	"errors"
	"strings"
	"testing"
)

// patternCases are patterns and subjects the tests compare with pm; the
// fuzz target starts from them.
var patternCases = []struct{ pattern, subject string }{
	{"^(%w+)=(%d+)$", "speed=100"},
	{"(%w+)=(%w+)", "a=1, b=2, c=three"},
	{"%s*(.-)%s*$", "  trim me  "},
	{"^%s*(.-)%s*$", "  trim me  "},
	{"[%a_][%w_]*", "local x_1 = y2"},
	{"%d+%.?%d*", "pi is 3.14159, e 2.718"},
	{"%x%x:%x%x:%x%x:%x%x:%x%x:%x%x", "mac 02:00:00:00:00:0a here"},
	{"(%d+)%.(%d+)%.(%d+)%.(%d+)", "10.0.0.255"},
	{"%b()", "f(a(b)c)d(e"},
	{"%b''", "x'a'b''"},
	{`(['"])(.-)%1`, `say "hi" and 'bye'`},
	{"()ll()", "hello all"},
	{"", "abc"},
	{"^", "abc"},
	{"$", "abc"},
	{"^$", ""},
	{"a*", "baaac"},
	{"a-b", "aaab"},
	{"a?b", "ab b"},
	{"[^%s]+", "one two  three"},
	{"[]]", "a]b"},
	{"[^]]", "]]x"},
	{"[a-]", "x-a"},
	{"[-a]", "x-a"},
	{"[%a-z]", "a-z"},
	{"[a-b-c]", "abc-"},
	{"[a--]", "-a"},
	{"[%w-_]", "a-_"},
	{"%f[%w]", "f1"},
	{"a$b", "a$b"},
	{"(a$)", "a$"},
	{"^^", "^x"},
	{"**", "a**"},
	{"a**", "aa**"},
	{"(*)", "*"},
	{"%1", "aa"},
	{"(a)%1", "aa"},
	{"(a(b)%1)", "abab"},
	{"()%1", "x"},
	{"(a)(b)%2%1", "abba"},
	{"[%]", "x"},
	{"[a", "a"},
	{"(a", "a"},
	{"a)", "a"},
	{"%", "%"},
	{"a%", "a%"},
	{"%b", "x"},
	{"%bx", "x"},
	{"%0", "x"},
	{".-.-.-b", strings.Repeat("a", 40)},
	{"\x00%z", "a\x00\x00"},
	{"[\x80-\xff]+", "caf\xc3\xa9"},
}

func TestPatternsAgreeWithPm(t *testing.T) {
	for _, c := range patternCases {
		for init := 0; init <= len(c.subject)+1; init++ {
			for _, limit := range []int{1, -1} {
				if d := compare(c.pattern, c.subject, init, limit); d != "" {
					t.Error(d)
				}
			}
		}
	}
}

func TestMalformedPatterns(t *testing.T) {
	for pattern, want := range map[string]error{
		"%":                      errEndsWithPercent,
		"a%":                     errEndsWithPercent,
		"[a":                     errMissingBracket,
		"[a%":                    errMissingBracket,
		"[]":                     errMissingBracket,
		"%b":                     errMissingBalance,
		"%bx":                    errMissingBalance,
		"%0":                     errCaptureIndex,
		"a)":                     errPatternCapture,
		"(a":                     errUnfinished,
		"((a)":                   errUnfinished,
		strings.Repeat("()", 33): errTooManyCaptures,
	} {
		if _, err := Compile(pattern); err != want {
			t.Errorf("Compile(%q): %v, want %v", pattern, err, want)
		}
	}
}

func TestBackReferenceToAnOpenCaptureFails(t *testing.T) {
	for _, pattern := range []string{"%1", "(a%1)", "(a(b)%1)", "%1(a)"} {
		p, err := Compile(pattern)
		if err != nil {
			t.Fatal(err)
		}
		var m Matcher
		if _, err := m.Find(p, "aabab", 0); err != errCaptureIndex {
			t.Errorf("%q: %v, want %v", pattern, err, errCaptureIndex)
		}
	}
}

func TestCheckStopsARunawayMatch(t *testing.T) {
	p, err := Compile(".-.-.-b")
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls, steps := 0, 0
	m := Matcher{Check: func(n int) error {
		calls++
		if steps += n; steps > 1e6 {
			return stop
		}
		return nil
	}}
	if _, err := m.Find(p, strings.Repeat("a", 1e5), 0); err != stop {
		t.Fatalf("got %v, want the Check's error", err)
	}
	if calls < 1_000_000/CheckEvery {
		t.Errorf("Check was called %d times for %d steps", calls, steps)
	}
}

func TestDeepBacktrackingIsTooComplex(t *testing.T) {
	p, err := Compile(strings.Repeat("a?", 300))
	if err != nil {
		t.Fatal(err)
	}
	var m Matcher
	if _, err := m.Find(p, strings.Repeat("a", 300), 0); err != errTooComplex {
		t.Errorf("got %v, want %v", err, errTooComplex)
	}
	// A long subject does not nest: only the pattern's repeated items do.
	p, _ = Compile("(a*)(b-)c+$")
	s := strings.Repeat("a", 1e6) + strings.Repeat("b", 1e6) + "c"
	if ok, err := m.Find(p, s, 0); !ok || err != nil || m.End() != len(s) {
		t.Errorf("got %v %v %d", ok, err, m.End())
	}
}

func TestExpand(t *testing.T) {
	p, _ := Compile("(%w+)=()(%w+)")
	var m Matcher
	if ok, _ := m.Find(p, "x key=val y", 0); !ok {
		t.Fatal("no match")
	}
	for repl, want := range map[string]string{
		"%3=%1":    "val=key",
		"%0|%2":    "key=val|7",
		"%%1 %x %": "%1 %x %",
		"":         "",
	} {
		got, err := m.Expand(nil, repl, 100)
		if err != nil || string(got) != want {
			t.Errorf("Expand(%q) = %q, %v; want %q", repl, got, err, want)
		}
	}
	if _, err := m.Expand(nil, "%4", 100); err != errCaptureIndex {
		t.Errorf("%%4: %v", err)
	}
	if got, err := m.Expand([]byte("ab"), "%0%0", 10); err != ErrTooLong || string(got) != "ab" {
		t.Errorf("over the limit: %q %v", got, err)
	}
}
