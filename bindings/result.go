package bindings

import lua "github.com/yuin/gopher-lua"

// summarised gives a helper's result table a __tostring that is its
// one-line summary, so the REPL shows that line, not the whole table, after
// a helper that has printed the details; its fields stay as they are.
func summarised(L *lua.LState, t *lua.LTable, summary string) *lua.LTable {
	mt := L.CreateTable(0, 1)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(summary))
		return 1
	}))
	L.SetMetatable(t, mt)
	return t
}
