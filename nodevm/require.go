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
	v := p.load(L, name)
	loaded.RawSetString(name, v)
	L.Push(v)
	return 1
}

// load loads the module name: a read-only proxy of a module written in Go
// (codec), or what the chunk cfg.Require finds returns, run with name as
// `...` (true if it returns nothing).
func (p *Program) load(L *lua.LState, name string) lua.LValue {
	if mt, ok := vmParts().modules[name]; ok {
		return proxy(L, mt)
	}
	chunk, err := p.cfg.Require(name)
	if err != nil {
		L.RaiseError("%v", err)
	}
	L.Push(chunk.function(L))
	L.Push(lua.LString(name))
	L.Call(1, 1)
	v := L.Get(-1)
	L.Pop(1)
	if v == lua.LNil {
		v = lua.LTrue
	}
	return v
}
