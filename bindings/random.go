package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// seedMath replaces math.random and math.randomseed in a script's VM with
// ones drawing from rng, so the script's randomness follows the run's seed.
func seedMath(L *lua.LState, m *lua.LTable, rng *runtime.Rand) {
	m.RawSetString("random", L.NewFunction(func(L *lua.LState) int { return luakit.Random(L, rng) }))
	m.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int { return luakit.RandomSeed(L, rng) }))
}
