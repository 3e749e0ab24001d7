package pm

import (
	"fmt"
	"sync"
	"testing"
)

// captures lists the capture positions of the matches of p in src.
func captures(t *testing.T, p, src string) string {
	t.Helper()
	ms, err := Find(p, []byte(src), 0, -1)
	if err != nil {
		return "error: " + err.Error()
	}
	out := ""
	for _, m := range ms {
		out += fmt.Sprint(m.captures)
	}
	return out
}

// TestCacheKeepsResults finds with patterns that share cache slots (more
// patterns than slots), each several times, and compares with the result
// of its first use: a slot taken by another pattern must never answer for
// this one.
func TestCacheKeepsResults(t *testing.T) {
	src := "15 38 a=1, b=22 (x(y)z) 7"
	var patterns []string
	for i := 0; i < 3*cacheSlots; i++ {
		patterns = append(patterns, fmt.Sprintf("(%%d+)%s", string(rune('a'+i%26))), fmt.Sprintf("%%a=(%%d)%d?", i))
	}
	patterns = append(patterns, "^(%d+) (%d+)", "%b()", "(%a)=()", "[%d]+$", "^x")
	want := map[string]string{}
	for _, p := range patterns {
		want[p] = captures(t, p, src)
	}
	for round := 0; round < 3; round++ {
		for _, p := range patterns {
			if got := captures(t, p, src); got != want[p] {
				t.Fatalf("round %d: %q found %s, first %s", round, p, got, want[p])
			}
		}
	}
	if got := captures(t, "^(%d+) (%d+)", "x15 38"); got != "" {
		t.Errorf("the anchored pattern, cached, matched past the start: %s", got)
	}
}

// TestCacheErrors: a pattern that does not compile is an error each time.
func TestCacheErrors(t *testing.T) {
	for i := 0; i < 2; i++ {
		if _, err := Find("(%d", []byte("12"), 0, -1); err == nil {
			t.Fatalf("use %d: an unfinished capture compiled", i+1)
		}
	}
}

// TestCacheConcurrent finds from many goroutines at once, patterns
// colliding in slots, as node VMs do in parallel (run with -race).
func TestCacheConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				n := (i + g) % (2 * cacheSlots)
				p := fmt.Sprintf("(%%d+)-%d", n)
				ms, err := Find(p, []byte(fmt.Sprintf("x 42-%d", n)), 0, 1)
				if err != nil || len(ms) != 1 || ms[0].Capture(2) != 2 || ms[0].Capture(3) != 4 {
					errs <- fmt.Errorf("%q: %v %v", p, ms, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// BenchmarkFind matches a short line with the same pattern again and
// again, as a script reading an edge list does.
func BenchmarkFind(b *testing.B) {
	src := []byte("15 38")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Find("^(%d+) (%d+)$", src, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindCompiling is BenchmarkFind compiling the pattern every
// time, as gopher-lua v1.1.2 does.
func BenchmarkFindCompiling(b *testing.B) {
	src := []byte("15 38")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		pat := parsePattern(newScanner([]byte("^(%d+) (%d+)$")), true)
		insts := compilePattern(pat)
		if ok, _, _ := recursiveVM(src, insts, 0, 0, 0, nil); !ok {
			b.Fatal("no match")
		}
	}
}
