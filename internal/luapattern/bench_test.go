package luapattern

import (
	"strings"
	"testing"

	"github.com/yuin/gopher-lua/pm"
)

// benchCases are typical patterns of node programs: one anchored match of
// a short line, and scans over a 1 KB payload as gsub and gmatch do.
var benchCases = []struct {
	name, pattern, subject string
	limit                  int
}{
	{"KeyValue", "^(%w+)=(%d+)$", "speed=100", 1},
	{"Trim", "^%s*(.-)%s*$", "   a line with spaces around it   ", 1},
	{"Words1K", "%a+", payload, -1},
	{"Pairs1K", "(%w+)=(%w+)", payload, -1},
	{"Spaces1K", "%s+", payload, -1},
	{"Literal1K", "needle", payload, -1},
}

var payload = strings.Repeat("key=value, the quick brown fox 42; ", 30)[:1024]

func BenchmarkMatcher(b *testing.B) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			p, err := Compile(c.pattern)
			if err != nil {
				b.Fatal(err)
			}
			var m Matcher
			b.ReportAllocs()
			for b.Loop() {
				scan(&m, p, c.subject, c.limit)
			}
		})
	}
}

func BenchmarkMatcherCompiling(b *testing.B) { benchCompiling(b, Compile) }

// BenchmarkMatcherCached is BenchmarkMatcherCompiling through Cached, as
// node programs' string functions compile their patterns.
func BenchmarkMatcherCached(b *testing.B) { benchCompiling(b, Cached) }

// benchCompiling compiles each case's pattern with compile, then scans.
func benchCompiling(b *testing.B, compile func(string) (*Pattern, error)) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			var m Matcher
			b.ReportAllocs()
			for b.Loop() {
				p, _ := compile(c.pattern)
				scan(&m, p, c.subject, c.limit)
			}
		})
	}
}

// scan finds up to limit matches of p in s (all if limit is -1).
func scan(m *Matcher, p *Pattern, s string, limit int) {
	for n, pos := 0, 0; n != limit; n++ {
		if ok, _ := m.Find(p, s, pos); !ok {
			break
		}
		pos = m.Next()
	}
}

func BenchmarkPm(b *testing.B) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			s := []byte(c.subject)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pm.Find(c.pattern, s, 0, c.limit); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGsub1K(b *testing.B) {
	p, _ := Compile("(%w+)=(%w+)")
	var m Matcher
	b.ReportAllocs()
	for b.Loop() {
		out := make([]byte, 0, len(payload))
		pos, last := 0, 0
		for pos <= len(payload) {
			if ok, _ := m.Find(p, payload, pos); !ok {
				break
			}
			out = append(out, payload[last:m.Start()]...)
			out, _ = m.Expand(out, "%2=%1", 1<<24)
			last = m.End()
			pos = m.Next()
		}
		_ = append(out, payload[last:]...)
	}
}
