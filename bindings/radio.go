package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/stdlib"
)

// openRadio loads stdlib/radio.lua and sets its functions on mesh:
// mesh.radio and mesh.waypoints.
func openRadio(L *lua.LState, m *lua.LTable) error {
	radio, err := runChunk(L, "stdlib/radio.lua", stdlib.Radio(), L.NewFunction(luaSeconds))
	if err != nil {
		return err
	}
	radio.(*lua.LTable).ForEach(func(k, v lua.LValue) { m.RawSet(k, v) })
	return nil
}

// luaSeconds is seconds(v) -> seconds, or nil and why: v a duration as
// mesh.link's options take one.
func luaSeconds(L *lua.LState) int {
	d, err := luakit.ParseDuration(L.Get(1))
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(luakit.Seconds(d))
	return 1
}
