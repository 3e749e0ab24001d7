package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// seedMath replaces math.random and math.randomseed in a script's VM with
// ones drawing from rng, so the script's randomness follows the run's seed.
func seedMath(L *lua.LState, m *lua.LTable, rng *runtime.Rand) {
	m.RawSetString("random", L.NewFunction(func(L *lua.LState) int { return random(L, rng) }))
	m.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int { return randomSeed(L, rng) }))
}

// nodeRandom is math.random in a node VM: it draws from the node's own
// generator, derived from the seed and the node's name.
func nodeRandom(L *lua.LState) int { return random(L, programOf(L).node.Rand()) }

// nodeRandomSeed is math.randomseed in a node VM.
func nodeRandomSeed(L *lua.LState) int { return randomSeed(L, programOf(L).node.Rand()) }

// random is math.random([lo,] [hi]) drawing from rng.
func random(L *lua.LState, rng *runtime.Rand) int {
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

// randomSeed is math.randomseed(n): rng restarts from n.
func randomSeed(L *lua.LState, rng *runtime.Rand) int {
	rng.Seed(uint64(L.CheckInt64(1)))
	return 0
}
