package nodevm

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// concatName is the name of the function node programs concatenate with:
// Compile makes each `a .. b .. c` a call (..)(a, b, c) of a local of
// this name, which the chunk sets from the global of this name at its
// start. No Lua source can name either.
const concatName = ".."

// nodeConcat is `..` in node programs: the concatenation of its arguments
// with the semantics of gopher-lua's OP_CONCAT (right to left: a run of
// strings and numbers at once, __concat for anything else, the same error
// for operands that cannot be concatenated), refusing a result over the
// node's string limit before building it.
func nodeConcat(L *lua.LState) int {
	top := L.GetTop()
	if top == 2 { // a .. b of two strings: most concatenations
		a, aok := L.Get(1).(lua.LString)
		b, bok := L.Get(2).(lua.LString)
		if aok && bok {
			checkConcat(L, int64(len(a))+int64(len(b)))
			L.Push(a + b)
			return 1
		}
	}
	rhs := L.Get(top)
	for i := top - 1; i >= 1; {
		lhs := L.Get(i)
		if lua.LVCanConvToString(lhs) && lua.LVCanConvToString(rhs) {
			first := i // the run of strings and numbers lhs ends
			for first > 1 && lua.LVCanConvToString(L.Get(first-1)) {
				first--
			}
			rhs = joinValues(L, first, i, rhs)
			i = first - 1
			continue
		}
		mm := L.GetMetaField(lhs, "__concat")
		if mm == lua.LNil {
			mm = L.GetMetaField(rhs, "__concat")
		}
		if mm.Type() != lua.LTFunction {
			L.RaiseError("cannot perform concat operation between %v and %v", lhs.Type().String(), rhs.Type().String())
		}
		L.Push(mm)
		L.Push(lhs)
		L.Push(rhs)
		L.Call(2, 1)
		rhs = L.Get(-1)
		L.Pop(1)
		i--
	}
	L.Push(rhs)
	return 1
}

// joinValues concatenates the strings and numbers at stack indices first
// to last and then rhs, one of them too.
func joinValues(L *lua.LState, first, last int, rhs lua.LValue) lua.LValue {
	var small [8]string
	parts, size := small[:0], int64(0)
	for i := first; i <= last+1; i++ {
		v := rhs
		if i <= last {
			v = L.Get(i)
		}
		s := lua.LVAsString(v)
		parts = append(parts, s)
		size += int64(len(s))
	}
	checkConcat(L, size)
	var b strings.Builder
	b.Grow(int(size))
	for _, s := range parts {
		b.WriteString(s)
	}
	return lua.LString(b.String())
}

// checkConcat refuses a concatenation whose result would be size bytes, if
// that passes the node's string limit.
func checkConcat(L *lua.LState, size int64) {
	refuseSize(L, "concatenation (..)", "", size)
}
