package nodevm

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// nodeRandom is math.random in a node VM: it draws from the node's own
// generator, derived from the seed and the node's name.
func nodeRandom(L *lua.LState) int { return luakit.Random(L, programOf(L).node.Rand()) }

// nodeRandomSeed is math.randomseed in a node VM.
func nodeRandomSeed(L *lua.LState) int { return luakit.RandomSeed(L, programOf(L).node.Rand()) }
