package luapattern

import (
	"hash/maphash"
	"sync/atomic"
)

// cacheSlots is how many compiled patterns Cached keeps: a program uses a
// handful of patterns, each many times.
const cacheSlots = 64

// cacheMaxLen is the longest pattern Cached keeps, so that the cache holds
// at most 64 short patterns whatever the programs give it.
const cacheMaxLen = 256

var (
	cacheSeed = maphash.MakeSeed()
	cache     [cacheSlots]atomic.Pointer[Pattern]
)

// Cached is Compile, from a cache of the patterns compiled lately:
// compiling costs several times what matching a short subject does (a
// pattern of a few items makes some four allocations), and programs match
// with the same few patterns again and again. A compiled Pattern is only
// read by matchers, so goroutines share it. The cache is direct-mapped by
// the pattern's hash, a slot holding the last pattern that hashed to it:
// it never grows, and a miss costs one compile. A pattern that does not
// compile is not kept.
func Cached(pattern string) (*Pattern, error) {
	if len(pattern) > cacheMaxLen {
		return Compile(pattern)
	}
	slot := &cache[maphash.String(cacheSeed, pattern)%cacheSlots]
	if p := slot.Load(); p != nil && p.src == pattern {
		return p, nil
	}
	p, err := Compile(pattern)
	if err == nil {
		slot.Store(p)
	}
	return p, err
}
