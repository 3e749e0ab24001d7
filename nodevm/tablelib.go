package nodevm

import (
	"sort"
	"strings"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// The table functions of node VMs whose cost grows with their input, with
// gopher-lua's results: table.concat refuses a result over the node's
// string limit before building it; table.sort charges the node's budget
// as it compares, so sorting a huge table stops when the call's budget is
// spent; unpack refuses more than 8000 results, as Lua 5.1 does.
// table.insert and table.remove move at most the table's elements;
// table.insert(t, pos, v) with pos far past the end costs what t[pos] = v
// costs.

// maxResults is the most values unpack returns, Lua 5.1's LUAI_MAXCSTACK.
const maxResults = 8000

// tableFuncs are the table functions of node VMs bounded here.
var tableFuncs = []luakit.NamedFunc{
	{Name: "concat", Fn: nodeTableConcat},
	{Name: "sort", Fn: nodeTableSort},
}

// nodeTableConcat is table.concat(t [, sep [, i [, j]]]), with gopher-lua's
// reading of i and j.
func nodeTableConcat(L *lua.LState) int {
	t := L.CheckTable(1)
	sep := L.OptString(2, "")
	n := t.Len()
	i := L.OptInt(3, 1)
	j := L.OptInt(4, n)
	if L.GetTop() == 3 && (i > n || i < 1) {
		L.Push(lua.LString(""))
		return 1
	}
	i, j = max(min(i, n), 1), min(j, n)
	if i > j {
		L.Push(lua.LString(""))
		return 1
	}
	size := int64(j-i) * int64(len(sep))
	for k := i; k <= j; k++ {
		v := t.RawGetInt(k)
		if !lua.LVCanConvToString(v) {
			L.RaiseError("invalid value (%s) at index %d in table for concat", v.Type().String(), k)
		}
		size += int64(len(lua.LVAsString(v)))
		chargeEvery(L, k-i, 1024)
	}
	refuseSize(L, "table.concat", "", size)
	var b strings.Builder
	b.Grow(int(size))
	for k := i; k <= j; k++ {
		if k > i {
			b.WriteString(sep)
		}
		b.WriteString(lua.LVAsString(t.RawGetInt(k)))
		chargeEvery(L, k-i, 1024)
	}
	L.Push(lua.LString(b.String()))
	return 1
}

// nodeTableSort is table.sort(t [, less]): it sorts t[1] to t[n], n the
// last index of a value in the table's array part, with the same algorithm
// as gopher-lua's (sort.Sort), charging the node's budget every 1024
// comparisons. It sorts a copy, so an error in less leaves t as it was.
func nodeTableSort(L *lua.LState) int {
	t := L.CheckTable(1)
	s := &tableSorter{L: L, values: make([]lua.LValue, t.MaxN())}
	if L.GetTop() != 1 {
		s.less = L.CheckFunction(2)
	}
	for i := range s.values {
		s.values[i] = t.RawGetInt(i + 1)
	}
	sort.Sort(s)
	for i, v := range s.values {
		t.RawSetInt(i+1, v)
	}
	return 0
}

// tableSorter sorts the values of a table for table.sort.
type tableSorter struct {
	L      *lua.LState
	less   *lua.LFunction // nil: Lua's <
	values []lua.LValue
	calls  int
}

func (s *tableSorter) Len() int      { return len(s.values) }
func (s *tableSorter) Swap(i, j int) { s.values[i], s.values[j] = s.values[j], s.values[i] }

func (s *tableSorter) Less(i, j int) bool {
	s.calls++
	chargeEvery(s.L, s.calls, 1024)
	if s.less == nil {
		return s.L.LessThan(s.values[i], s.values[j])
	}
	s.L.Push(s.less)
	s.L.Push(s.values[i])
	s.L.Push(s.values[j])
	s.L.Call(2, 1)
	less := lua.LVAsBool(s.L.Get(-1))
	s.L.Pop(1)
	return less
}

// chargeEvery charges L's node for n steps when i, a count of steps, is
// a multiple of n.
func chargeEvery(L *lua.LState, i, n int) {
	if i%n == n-1 {
		charge(L, n)
	}
}

// nodeUnpack is unpack(t [, i [, j]]): t[i] to t[j], at most maxResults.
func nodeUnpack(L *lua.LState) int {
	t := L.CheckTable(1)
	i := L.OptInt(2, 1)
	j := L.OptInt(3, t.Len())
	if i > j {
		return 0
	}
	if uint64(j)-uint64(i) >= maxResults {
		L.RaiseError("too many results to unpack")
	}
	for k := i; k <= j; k++ {
		L.Push(t.RawGetInt(k))
	}
	return j - i + 1
}
