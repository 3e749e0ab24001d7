package pm

import (
	"hash/maphash"
	"sync/atomic"
)

// compiled is a pattern as Find runs it: its instructions and whether it
// is anchored at the start. Both are only read once made, so goroutines
// share them.
type compiled struct {
	src      string
	insts    []inst
	mustHead bool
}

// cacheSlots is how many compiled patterns the cache keeps: a program
// uses a handful of patterns, each many times.
const cacheSlots = 64

// cacheMaxLen is the longest pattern the cache keeps, so that it holds at
// most 64 short patterns whatever a script gives it.
const cacheMaxLen = 256

var (
	cacheSeed = maphash.MakeSeed()
	cache     [cacheSlots]atomic.Pointer[compiled]
)

// compile returns pattern p compiled, from the cache if p was compiled
// lately. Compiling a pattern costs more than matching a short subject
// with it (a pattern of a few items makes some ten allocations). The
// cache is direct-mapped by p's hash: a slot holds the last pattern that
// hashed to it, so it never grows, and a miss costs one compile as
// before. A pattern that does not compile panics with its *Error and is
// not kept.
func compile(p string) *compiled {
	var slot *atomic.Pointer[compiled]
	if len(p) <= cacheMaxLen {
		slot = &cache[maphash.String(cacheSeed, p)%cacheSlots]
		if c := slot.Load(); c != nil && c.src == p {
			return c
		}
	}
	pat := parsePattern(newScanner([]byte(p)), true)
	c := &compiled{src: p, insts: compilePattern(pat), mustHead: pat.MustHead}
	if slot != nil {
		slot.Store(c)
	}
	return c
}
