package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"
)

// sandboxGlobals are the only globals a node VM keeps from the base library
// (with rawset, which newSandbox replaces).
var sandboxGlobals = []string{
	"assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
	"select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
	"unpack", "xpcall", "_G", "_VERSION",
}

// newSandbox builds a node VM: the base functions without file access or
// code loading, string, table, math and coroutine behind read-only proxies,
// a locked string metatable, math.random from the node's generator, a
// rawset that refuses library tables, print writing to the node's log and
// require loading from the stdlib. Everything but the VM's own globals and
// proxies is shared between nodes (see shared); the caller sets the
// program (setProgram) and the node table.
func newSandbox() *lua.LState {
	s := vmParts()
	L := lua.NewState(lua.Options{
		SkipOpenLibs:  true,
		CallStackSize: 200,
		// The registry is the VM's stack of values: 32 take an idle node's
		// calls (its chunk, a handler and the Go function it calls), and
		// it grows by 64 at a time for more.
		RegistrySize:        32,
		RegistryMaxSize:     256 << 10,
		RegistryGrowStep:    64,
		MinimizeStackMemory: true,
	})
	// A new VM's globals and registry are tables made for 64 and 32 keys; a
	// node's globals hold only what is its own (the base functions come
	// through the shared metatable, a library's proxy is made when the
	// node first reads it: see missingGlobal), so small tables save memory
	// and time.
	L.G.Global = L.CreateTable(0, 8)
	L.Env = L.G.Global
	L.G.Registry = L.CreateTable(0, 1)
	g := L.G.Global
	g.RawSetString("_G", g)
	L.SetMetatable(lua.LString(""), s.stringMT)
	g.Metatable = s.globalsMT
	return L
}

// missingGlobal is the __index of the base functions, through which a
// node's globals reach them: it is asked for a global that is neither the
// node's own nor a base function. A library (string, table, math,
// coroutine) gives the node's read-only proxy for it, made on first use
// and kept in the node's globals: a program that never reads math has no
// proxy for it. A global the sandbox leaves out raises a clear error; any
// other is nil.
func missingGlobal(L *lua.LState) int {
	name, ok := L.Get(2).(lua.LString)
	if !ok {
		return 0
	}
	if deniedGlobals[string(name)] {
		L.RaiseError("%s is not available to node programs (they run in a sandbox)", string(name))
	}
	for _, lib := range vmParts().libs {
		if lib.name == string(name) {
			t := proxy(L, lib.mt)
			L.G.Global.RawSetString(lib.name, t)
			L.Push(t)
			return 1
		}
	}
	return 0
}

// sandboxRawset is rawset refusing the read-only library tables.
func sandboxRawset(L *lua.LState) int {
	t := L.CheckTable(1)
	if mt, ok := t.Metatable.(*lua.LTable); ok && mt.RawGetString("__readonly") == lua.LTrue {
		L.RaiseError("rawset: library tables are read-only")
	}
	t.RawSet(L.CheckAny(2), L.CheckAny(3))
	L.Push(t)
	return 1
}

// deniedGlobals are globals a node reaching for gets a clear error for,
// rather than nil.
var deniedGlobals = map[string]bool{
	"os": true, "io": true, "debug": true, "package": true, "dofile": true,
	"loadfile": true, "load": true, "loadstring": true, "getfenv": true,
	"setfenv": true, "collectgarbage": true, "module": true, "newproxy": true,
}

// readOnlyMeta returns the locked metatable of a read-only proxy for t:
// reads go through to t, writes call onWrite, and rawset refuses it.
func readOnlyMeta(L *lua.LState, t *lua.LTable, onWrite *lua.LFunction) *lua.LTable {
	mt := L.CreateTable(0, 4)
	mt.RawSetString("__index", t)
	mt.RawSetString("__newindex", onWrite)
	mt.RawSetString("__metatable", lua.LString("locked"))
	mt.RawSetString("__readonly", lua.LTrue)
	return mt
}

// readOnlyError is the __newindex of a read-only table called name.
func readOnlyError(L *lua.LState, name string) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("%s is read-only", name)
		return 0
	})
}

// proxy returns an empty table with the read-only metatable mt: pairs over
// it sees nothing, and it cannot be written.
func proxy(L *lua.LState, mt *lua.LTable) *lua.LTable {
	t := L.CreateTable(0, 0)
	t.Metatable = mt
	return t
}

// counted wraps a string function that builds its result anew (upper,
// lower, reverse, char) so the node's memory accounting sees its size.
func counted(L *lua.LState, fn *lua.LFunction) *lua.LFunction {
	g := fn.GFunction
	return L.NewFunction(func(L *lua.LState) int {
		n := g(L)
		if s, ok := L.Get(-1).(lua.LString); ok && n == 1 {
			allocated(L, len(s))
		}
		return n
	})
}

// luaError is an error raised in a node VM, with its Lua traceback.
type luaError struct {
	msg   string
	trace string
}

// Error formats the error as users see it.
func (e *luaError) Error() string {
	if e.trace == "" {
		return e.msg
	}
	return e.msg + "\n" + e.trace
}

// asLuaError turns what gopher-lua returns into a luaError.
func asLuaError(err error) error {
	if err == nil {
		return nil
	}
	if ae, ok := err.(*lua.ApiError); ok {
		return &luaError{msg: ae.Object.String(), trace: ae.StackTrace}
	}
	return &luaError{msg: fmt.Sprint(err)}
}
