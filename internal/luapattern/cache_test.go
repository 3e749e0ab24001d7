package luapattern

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestCachedIsCompile: through the cache, with more patterns than slots so
// that they take each other's slots, every pattern matches as Compile's
// does, each time; errors are errors each time; a long pattern works.
func TestCachedIsCompile(t *testing.T) {
	subject := "15 38 a=1, b=22 (x(y)z) 7"
	patterns := []string{"^(%d+) (%d+)", "%b()", "(%a)=()", "[%d]+$", "^x", strings.Repeat("a?", 200) + "1"}
	for i := 0; i < 3*cacheSlots; i++ {
		patterns = append(patterns, fmt.Sprintf("(%%d+)%c", 'a'+i%26), fmt.Sprintf("%%a=(%%d)%d?", i))
	}
	first := func(p *Pattern) string {
		var m Matcher
		ok, err := m.Find(p, subject, 0)
		return fmt.Sprint(ok, err, m.start, m.end)
	}
	for round := 0; round < 3; round++ {
		for _, s := range patterns {
			want, err := Compile(s)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			got, err := Cached(s)
			if err != nil {
				t.Fatalf("round %d, %q: %v", round, s, err)
			}
			if got.src != s || first(got) != first(want) {
				t.Fatalf("round %d, %q: cached %q finds %s, compiled finds %s", round, s, got.src, first(got), first(want))
			}
		}
	}
	for i := 0; i < 2; i++ {
		if _, err := Cached("(%d"); err != errUnfinished {
			t.Fatalf("use %d of an unfinished capture: %v, want %v", i+1, err, errUnfinished)
		}
	}
}

// TestCachedConcurrent compiles and matches from many goroutines at once,
// patterns colliding in slots, as node VMs do in parallel (run with -race).
func TestCachedConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var m Matcher
			for i := 0; i < 2000; i++ {
				n := (i + g) % (2 * cacheSlots)
				p, err := Cached(fmt.Sprintf("(%%d+)-%d", n))
				if err != nil {
					errs <- err
					return
				}
				if ok, _ := m.Find(p, fmt.Sprintf("x 42-%d", n), 0); !ok || m.start != 2 {
					errs <- fmt.Errorf("pattern %d: ok %v start %d", n, ok, m.start)
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
