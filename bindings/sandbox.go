package bindings

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// maxString caps strings a node can build with string.rep, so one call
// cannot exhaust the process's memory.
const maxString = 16 << 20

// sandboxGlobals are the only globals a node VM keeps from the base library.
var sandboxGlobals = []string{
	"assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
	"select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
	"unpack", "xpcall", "_G", "_VERSION",
}

// sandboxLibs are the libraries a node VM opens; their globals become
// read-only proxies.
var sandboxLibs = []struct {
	name string
	open lua.LGFunction
}{
	{lua.StringLibName, lua.OpenString},
	{lua.TabLibName, lua.OpenTable},
	{lua.MathLibName, lua.OpenMath},
	{lua.CoroutineLibName, lua.OpenCoroutine},
}

// newSandbox builds a node VM: base functions without file access or code
// loading, string, table, math and coroutine behind read-only proxies, a
// locked string metatable, math.random from rng, and a rawset that refuses
// library tables. print and require are the caller's to add.
func newSandbox(rng *runtime.Rand) *lua.LState {
	L := lua.NewState(lua.Options{
		SkipOpenLibs:        true,
		CallStackSize:       200,
		RegistrySize:        256,
		RegistryMaxSize:     256 << 10,
		RegistryGrowStep:    256,
		MinimizeStackMemory: true,
	})
	L.Push(L.NewFunction(lua.OpenBase))
	L.Call(0, 0)
	g := L.G.Global
	keep := map[string]bool{}
	for _, name := range sandboxGlobals {
		keep[name] = true
	}
	var drop []lua.LValue
	g.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); !ok || !keep[string(s)] {
			drop = append(drop, k)
		}
	})
	for _, k := range drop {
		g.RawSet(k, lua.LNil)
	}

	for _, lib := range sandboxLibs {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 1)
		real := L.Get(-1).(*lua.LTable)
		L.Pop(1)
		switch lib.name {
		case lua.StringLibName:
			hardenString(L, real)
		case lua.MathLibName:
			seedMath(L, real, rng)
		}
		g.RawSetString(lib.name, readOnly(L, lib.name, real))
	}
	g.RawSetString("rawset", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		if mt, ok := t.Metatable.(*lua.LTable); ok && mt.RawGetString("__readonly") == lua.LTrue {
			L.RaiseError("rawset: library tables are read-only")
		}
		t.RawSet(L.CheckAny(2), L.CheckAny(3))
		L.Push(t)
		return 1
	}))
	denied := L.NewTable()
	denied.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		if name, ok := L.Get(2).(lua.LString); ok && deniedGlobals[string(name)] {
			L.RaiseError("%s is not available to node programs (they run in a sandbox)", string(name))
		}
		return 0
	}))
	L.SetMetatable(g, denied)
	return L
}

// deniedGlobals are globals a node reaching for gets a clear error for,
// rather than nil.
var deniedGlobals = map[string]bool{
	"os": true, "io": true, "debug": true, "package": true, "dofile": true,
	"loadfile": true, "load": true, "loadstring": true, "getfenv": true,
	"setfenv": true, "collectgarbage": true, "module": true, "newproxy": true,
}

// readOnly returns a proxy for lib that reads through to it, refuses writes
// and hides its metatable.
func readOnly(L *lua.LState, name string, lib *lua.LTable) *lua.LTable {
	proxy := L.NewTable()
	mt := L.NewTable()
	mt.RawSetString("__index", lib)
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("%s is read-only", name)
		return 0
	}))
	mt.RawSetString("__metatable", lua.LString("locked"))
	mt.RawSetString("__readonly", lua.LTrue)
	L.SetMetatable(proxy, mt)
	return proxy
}

// hardenString locks the string metatable and caps string.rep.
func hardenString(L *lua.LState, str *lua.LTable) {
	rep := str.RawGetString("rep").(*lua.LFunction)
	str.RawSetString("rep", L.NewFunction(func(L *lua.LState) int {
		s := L.CheckString(1)
		n := L.CheckInt(2)
		if n > 0 && len(s) > 0 && int64(len(s))*int64(n) > maxString {
			L.RaiseError("string.rep: a result of %d bytes exceeds the %d-byte limit", int64(len(s))*int64(n), maxString)
		}
		L.Push(rep)
		L.Push(lua.LString(s))
		L.Push(lua.LNumber(n))
		L.Call(2, 1)
		return 1
	}))
	mt := L.GetMetatable(lua.LString("")).(*lua.LTable)
	mt.RawSetString("__metatable", lua.LString("locked"))
}

// seedMath replaces math.random and math.randomseed with the node's own
// generator, so a node's randomness follows the run's seed.
func seedMath(L *lua.LState, m *lua.LTable, rng *runtime.Rand) {
	m.RawSetString("random", L.NewFunction(func(L *lua.LState) int {
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
	}))
	m.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int {
		rng.Seed(uint64(L.CheckInt64(1)))
		return 0
	}))
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
