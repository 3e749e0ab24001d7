package nodevm

import (
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luaargs"
	"github.com/meshlua/meshlua/internal/luacodec"
	"github.com/meshlua/meshlua/internal/luahmac"
	"github.com/meshlua/meshlua/internal/luakit"
)

// shared is the part of every node VM that no node can change, made once
// per process so that an idle node costs little memory: the library
// functions and tables, the metatables of strings, frames, timers and the
// read-only proxies, and the functions of the node API, which find their
// node through programOf. Nodes reach the shared tables only through
// proxies and metatables locked by __metatable, and each node has its own
// globals table and library proxies (table.insert can write to a proxy),
// so nothing one node does is seen by another.
type shared struct {
	// globalsMT is the metatable of every node's globals, locked: its
	// __index is a table of the base functions (the sandboxGlobals, rawset,
	// print, require, _VERSION), whose own __index is missingGlobal. Only
	// _G, node and the library proxies it has read are the node's own.
	globalsMT *lua.LTable
	libs      []sharedLib // string, table, math, coroutine
	stringMT  *lua.LTable // the metatable of strings: the string library, locked
	// nodeFuncsMT is the metatable of each node table's own fields (name,
	// args): its __index holds the functions of the node API.
	nodeFuncsMT *lua.LTable
	nodeWrite   *lua.LFunction // the __newindex of the node table: "node is read-only"
	frameMT     *lua.LTable
	timerMT     *lua.LTable
	// modules are the modules written in Go that require finds before the
	// stdlib's (codec, args): the read-only metatable of the proxy each VM makes
	// when it first requires one.
	modules map[string]*lua.LTable
	// skip is every table and function above: a node's memory does not
	// count them (vmSize).
	skip map[unsafe.Pointer]struct{}
}

// sharedLib is a library as node VMs see it: the locked metatable of the
// read-only proxy each VM makes for it.
type sharedLib struct {
	name string
	mt   *lua.LTable
}

var (
	sharedOnce  sync.Once
	sharedParts *shared
)

// vmParts returns the shared parts, making them on first use.
func vmParts() *shared {
	sharedOnce.Do(func() { sharedParts = makeShared() })
	return sharedParts
}

// makeShared opens the libraries in a template VM that never runs code and
// keeps what node VMs need from it. Functions made in the template carry its
// (empty) globals as their environment, which only getfenv, not available
// to nodes, could show.
func makeShared() *shared {
	// A table keeps integer keys below MaxArrayIndex in an array, and
	// gopher-lua fills the gap to a new key with nils: t[6e7] = 1 would
	// allocate a GiB in one instruction. Above 2^20 keys go to the table's
	// hash part, the same to Lua, so no instruction allocates more than
	// 16 MiB of array at once. (A process-wide setting: scripts' tables
	// follow it too.)
	lua.MaxArrayIndex = 1 << 20
	T := lua.NewState(lua.Options{SkipOpenLibs: true})
	T.G.Global = T.CreateTable(0, 64) // the libraries open into it
	T.Env = T.CreateTable(0, 0)       // the environment of every function made here
	s := &shared{}

	libs := map[string]*lua.LTable{}
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{"_G", lua.OpenBase},
		{lua.StringLibName, lua.OpenString},
		{lua.TabLibName, lua.OpenTable},
		{lua.MathLibName, lua.OpenMath},
		{lua.CoroutineLibName, lua.OpenCoroutine},
	} {
		T.Push(T.NewFunction(lib.open))
		T.Call(0, 1)
		libs[lib.name] = T.Get(-1).(*lua.LTable)
		T.Pop(1)
	}
	base := T.G.Global
	funcs := T.CreateTable(0, len(sandboxGlobals)+4)
	for _, name := range sandboxGlobals {
		if name != "_G" { // each node's own globals
			funcs.RawSetString(name, base.RawGetString(name))
		}
	}
	funcs.RawSetString("_VERSION", lua.LString(lua.LuaVersion))
	funcs.RawSetString("rawset", T.NewFunction(sandboxRawset))
	funcs.RawSetString("print", T.NewFunction(func(L *lua.LState) int { return programOf(L).luaLog(L) }))
	funcs.RawSetString("require", T.NewFunction(func(L *lua.LState) int { return programOf(L).require(L) }))
	denied := T.CreateTable(0, 1)
	denied.RawSetString("__index", T.NewFunction(missingGlobal))
	funcs.Metatable = denied
	s.globalsMT = T.CreateTable(0, 2)
	s.globalsMT.RawSetString("__index", funcs)
	s.globalsMT.RawSetString("__metatable", lua.LString("locked"))

	str := copyLib(T, libs[lua.StringLibName], "__index")
	tbl := copyLib(T, libs[lua.TabLibName])
	boundLibraries(T, funcs, str, tbl)
	for _, name := range []string{"upper", "lower", "reverse", "char"} {
		str.RawSetString(name, counted(T, str.RawGetString(name).(*lua.LFunction)))
	}
	math := copyLib(T, libs[lua.MathLibName])
	math.RawSetString("random", T.NewFunction(nodeRandom))
	math.RawSetString("randomseed", T.NewFunction(nodeRandomSeed))
	for _, lib := range []struct {
		name string
		t    *lua.LTable
	}{
		{lua.StringLibName, str},
		{lua.TabLibName, tbl},
		{lua.MathLibName, math},
		{lua.CoroutineLibName, boundedCoroutines(T, copyLib(T, libs[lua.CoroutineLibName]))},
	} {
		s.libs = append(s.libs, sharedLib{lib.name, readOnlyMeta(T, lib.t, readOnlyError(T, lib.name))})
	}
	s.stringMT = T.CreateTable(0, 2)
	s.stringMT.RawSetString("__index", str)
	s.stringMT.RawSetString("__metatable", lua.LString("locked"))

	api := T.CreateTable(0, len(nodeFuncs))
	for _, f := range nodeFuncs {
		api.RawSetString(f.Name, T.NewFunction(f.Fn))
	}
	s.nodeFuncsMT = T.CreateTable(0, 1)
	s.nodeFuncsMT.RawSetString("__index", api)
	s.nodeWrite = readOnlyError(T, "node")
	s.frameMT = frameMetatable(T)
	s.timerMT = timerMetatable(T)
	codec := T.CreateTable(0, 2)
	luakit.SetFuncs(T, codec, luacodec.Funcs(codecLimits))
	args := T.CreateTable(0, 1)
	luakit.SetFuncs(T, args, luaargs.Funcs())
	ports := T.CreateTable(0, len(portsFuncs))
	T.SetFuncs(ports, portsFuncs)
	hmac := T.CreateTable(0, 2)
	luakit.SetFuncs(T, hmac, luahmac.Funcs())
	s.modules = map[string]*lua.LTable{
		"codec": readOnlyMeta(T, codec, readOnlyError(T, "codec")),
		"args":  readOnlyMeta(T, args, readOnlyError(T, "args")),
		"ports": readOnlyMeta(T, ports, readOnlyError(T, "ports")),
		"hmac":  readOnlyMeta(T, hmac, readOnlyError(T, "hmac")),
	}
	roots := []lua.LValue{s.globalsMT, s.stringMT, s.nodeFuncsMT, s.nodeWrite, s.frameMT, s.timerMT}
	for _, m := range s.modules {
		roots = append(roots, m)
	}
	for _, lib := range s.libs {
		roots = append(roots, lib.mt)
	}
	s.skip = sharedSet(roots...)
	return s
}

// copyLib returns a table with lib's fields but those in skip.
func copyLib(T *lua.LState, lib *lua.LTable, skip ...string) *lua.LTable {
	t := T.CreateTable(0, 32)
	lib.ForEach(func(k, v lua.LValue) {
		for _, s := range skip {
			if k.String() == s {
				return
			}
		}
		t.RawSet(k, v)
	})
	return t
}
