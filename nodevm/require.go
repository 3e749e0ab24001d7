package nodevm

import lua "github.com/yuin/gopher-lua"

// loadedKey is where a node VM's registry holds the modules it has
// required.
const loadedKey = "meshlua.loaded"

// require is require(name) in p's VM: the module's value, loaded once per
// VM from the chunk cfg.Require finds, which runs with name as `...`.
func (p *Program) require(L *lua.LState) int {
	name := L.CheckString(1)
	loaded, ok := L.G.Registry.RawGetString(loadedKey).(*lua.LTable)
	if !ok {
		loaded = L.CreateTable(0, 4) // NewTable's room for 32 keys costs 2 KB in each node
		L.G.Registry.RawSetString(loadedKey, loaded)
	}
	if v := loaded.RawGetString(name); v != lua.LNil {
		L.Push(v)
		return 1
	}
	chunk, err := p.cfg.Require(name)
	if err != nil {
		L.RaiseError("%v", err)
	}
	L.Push(L.NewFunctionFromProto(chunk.proto))
	L.Push(lua.LString(name))
	L.Call(1, 1)
	v := L.Get(-1)
	if v == lua.LNil {
		v = lua.LTrue
	}
	loaded.RawSetString(name, v)
	L.Push(v)
	return 1
}
