package luakit

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// Random is math.random([lo,] [hi]) drawing from rng.
func Random(L *lua.LState, rng *runtime.Rand) int {
	switch L.GetTop() {
	case 0:
		L.Push(lua.LNumber(rng.Float64()))
	case 1:
		hi := L.CheckInt64(1)
		if hi < 1 {
			L.ArgError(1, "interval is empty")
		}
		L.Push(lua.LNumber(1 + rng.Intn(hi)))
	default:
		lo, hi := L.CheckInt64(1), L.CheckInt64(2)
		if lo > hi {
			L.ArgError(2, "interval is empty")
		}
		L.Push(lua.LNumber(lo + rng.Intn(hi-lo+1)))
	}
	return 1
}

// RandomSeed is math.randomseed(n): rng restarts from n.
func RandomSeed(L *lua.LState, rng *runtime.Rand) int {
	rng.Seed(uint64(L.CheckInt64(1)))
	return 0
}
