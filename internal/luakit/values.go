package luakit

import (
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// Handing a Go number or string to Lua boxes it in an interface, which
// allocates. The values frames hand out most (port numbers, lengths, the
// mesh's ethertype, the few addresses a network has) are boxed once here.

// smallNumbers are the Lua numbers 0 to 2047, boxed.
var smallNumbers = func() (a [2048]lua.LValue) {
	for i := range a {
		a[i] = lua.LNumber(i)
	}
	return a
}()

var meshEtherType lua.LValue = lua.LNumber(runtime.EtherType)

// Number returns n as a Lua value, allocating only for uncommon values.
func Number(n int) lua.LValue {
	switch {
	case uint(n) < uint(len(smallNumbers)):
		return smallNumbers[n]
	case n == runtime.EtherType:
		return meshEtherType
	}
	return lua.LNumber(n)
}

// macStrings caches the Lua strings of recently seen addresses, 256 slots
// by a hash of the address. Entries never change once made; a slot is
// replaced whole, so any goroutine may read and fill the cache.
var macStrings [256]atomic.Pointer[macEntry]

type macEntry struct {
	mac runtime.MAC
	s   lua.LValue
}

// MACString returns m as a Lua string, "02:00:00:00:00:01".
func MACString(m runtime.MAC) lua.LValue {
	slot := &macStrings[m[0]^m[1]^m[2]^m[3]^m[4]*7^m[5]*31]
	if e := slot.Load(); e != nil && e.mac == m {
		return e.s
	}
	e := &macEntry{mac: m, s: lua.LString(m.String())}
	slot.Store(e)
	return e.s
}
