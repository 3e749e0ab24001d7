package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luacodec"
	"github.com/meshlua/meshlua/internal/luakit"
)

// preloadCodec makes `require "codec"` in a script give the codec module
// node programs have (internal/luacodec), without their limits: a script
// is the user's own code.
func preloadCodec(L *lua.LState) {
	L.PreloadModule("codec", func(L *lua.LState) int {
		t := L.CreateTable(0, 2)
		luakit.SetFuncs(L, t, luacodec.Funcs(func(*lua.LState) luacodec.Limits { return luacodec.Limits{} }))
		L.Push(t)
		return 1
	})
}
