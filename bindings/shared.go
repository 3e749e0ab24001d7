package bindings

import (
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// shared is the part of every node VM that no node can change, made once
// per process so that an idle node costs little memory: the library
// functions and tables, the metatables of strings, frames, timers and the
// read-only proxies, and the functions of the node API, which find their
// node through programOf. Nodes reach the shared tables only through
// proxies and metatables locked by __metatable, and each node has its own
// proxies, so nothing one node does is seen by another.
type shared struct {
	base      []namedValue   // the base functions a node keeps, in sandboxGlobals order, and rawset
	libs      []sharedLib    // string, table, math, coroutine
	stringMT  *lua.LTable    // the metatable of strings: the string library, locked
	denied    *lua.LFunction // deniedIndex, the __index of every node's globals
	print     *lua.LFunction // print and require, for the node programOf finds
	require   *lua.LFunction
	nodeFuncs []namedValue   // the functions of the node table
	nodeWrite *lua.LFunction // the __newindex of the node table: "node is read-only"
	frameMT   *lua.LTable
	timerMT   *lua.LTable
}

// sharedLib is a library as node VMs see it: the locked metatable of the
// read-only proxy each VM makes for it.
type sharedLib struct {
	name string
	mt   *lua.LTable
}

// namedValue is a Lua value and its name.
type namedValue struct {
	name string
	v    lua.LValue
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
	for _, name := range sandboxGlobals {
		switch name {
		case "_G", "_VERSION": // the node's own globals, and a string
		default:
			s.base = append(s.base, namedValue{name, base.RawGetString(name)})
		}
	}
	s.base = append(s.base, namedValue{"rawset", T.NewFunction(sandboxRawset)})

	str := copyLib(T, libs[lua.StringLibName], "__index")
	str.RawSetString("rep", cappedRep(T, str.RawGetString("rep").(*lua.LFunction)))
	math := copyLib(T, libs[lua.MathLibName])
	math.RawSetString("random", T.NewFunction(nodeRandom))
	math.RawSetString("randomseed", T.NewFunction(nodeRandomSeed))
	for _, lib := range []struct {
		name string
		t    *lua.LTable
	}{
		{lua.StringLibName, str},
		{lua.TabLibName, copyLib(T, libs[lua.TabLibName])},
		{lua.MathLibName, math},
		{lua.CoroutineLibName, copyLib(T, libs[lua.CoroutineLibName])},
	} {
		s.libs = append(s.libs, sharedLib{lib.name, readOnlyMeta(T, lib.t, readOnlyError(T, lib.name))})
	}
	s.stringMT = T.CreateTable(0, 2)
	s.stringMT.RawSetString("__index", str)
	s.stringMT.RawSetString("__metatable", lua.LString("locked"))

	s.denied = T.NewFunction(deniedIndex)
	s.print = T.NewFunction(func(L *lua.LState) int { return programOf(L).luaLog(L) })
	s.require = T.NewFunction(func(L *lua.LState) int { return programOf(L).host.nodeRequire(L) })
	for _, f := range nodeFuncs {
		s.nodeFuncs = append(s.nodeFuncs, namedValue{f.name, T.NewFunction(f.fn)})
	}
	s.nodeWrite = readOnlyError(T, "node")
	s.frameMT = frameMetatable(T)
	s.timerMT = timerMetatable(T)
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
