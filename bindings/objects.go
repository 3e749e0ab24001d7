package bindings

import (
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// objectType is a kind of script-side object (a node, a link): a userdata
// whose value is a T, with fields read from it and methods, each made into
// a Lua function once, so obj.stats is the same function every time it is
// read.
type objectType[T any] struct {
	name     string                                      // the type's name, for its metatable
	check    func(L *lua.LState, n int) T                // argument n as a T, or an argument error
	fields   map[string]func(v T) lua.LValue             // obj.name and the like
	methods  map[string]func(h *Host, L *lua.LState) int // obj:method(...)
	tostring func(v T) string
}

// register makes the type's metatable in L.
func (t *objectType[T]) register(L *lua.LState, h *Host) {
	fns := make(map[string]lua.LValue, len(t.methods))
	for name, m := range t.methods {
		fns[name] = L.NewFunction(func(L *lua.LState) int { return m(h, L) })
	}
	mt := L.NewTypeMetatable(t.name)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key := L.CheckString(2)
		v := t.check(L, 1)
		if field, ok := t.fields[key]; ok {
			L.Push(field(v))
		} else if fn, ok := fns[key]; ok {
			L.Push(fn)
		} else {
			L.Push(lua.LNil)
		}
		return 1
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(t.tostring(t.check(L, 1))))
		return 1
	}))
}

// fieldNames and methodNames are the type's fields and methods, sorted.
func (t *objectType[T]) fieldNames() []string  { return sortedKeys(t.fields) }
func (t *objectType[T]) methodNames() []string { return sortedKeys(t.methods) }

func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// object returns the one script-side object for v, a node or a link, of
// the type called typeName.
func (h *Host) object(L *lua.LState, v any, typeName string) lua.LValue {
	if ud, ok := h.objs[v]; ok {
		return ud
	}
	ud := L.NewUserData()
	ud.Value = v
	ud.Metatable = L.GetTypeMetatable(typeName)
	h.objs[v] = ud
	return ud
}

// ObjectNames lists the fields and the methods of a node or link object,
// each sorted, for completion and the docs' checks; both are nil for
// other values.
func ObjectNames(v lua.LValue) (fields, methods []string) {
	if ud, ok := v.(*lua.LUserData); ok {
		switch ud.Value.(type) {
		case *runtime.Node:
			return nodeType.fieldNames(), nodeType.methodNames()
		case *runtime.Link:
			return linkType.fieldNames(), linkType.methodNames()
		}
	}
	return nil, nil
}
