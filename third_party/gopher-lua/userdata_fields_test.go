package lua

import "testing"

// point answers x and y itself; other keys go on to its metatable.
type point struct{ x, y LNumber }

func (p *point) IndexField(key LValue) (LValue, bool) {
	switch key {
	case LString("x"):
		return p.x, true
	case LString("y"):
		return p.y, true
	}
	return nil, false
}

// three is the value benchmarks read: boxed once.
var three LValue = LNumber(3)

// A userdata whose value is a FieldIndexer answers its fields without
// __index, and falls back to __index for the keys it does not answer.
func TestUserDataFieldIndexer(t *testing.T) {
	L := NewState()
	defer L.Close()
	mt := L.NewTable()
	calls := 0
	L.SetField(mt, "__index", L.NewFunction(func(L *LState) int {
		calls++
		L.Push(LString("from __index: " + L.CheckString(2)))
		return 1
	}))
	ud := L.NewUserData()
	ud.Value = &point{3, 4}
	ud.Metatable = mt
	L.SetGlobal("p", ud)
	if err := L.DoString(`
assert(p.x == 3 and p["y"] == 4)
local k = "x"
assert(p[k] == 3)
local z = p.z
assert(z == "from __index: z", z)
`); err != nil {
		t.Fatal(err)
	}
	if got := L.GetField(ud, "y"); got != LNumber(4) {
		t.Errorf("GetField(ud, y) = %v", got)
	}
	if calls != 1 {
		t.Errorf("__index called %d times, want once (for z)", calls)
	}
}

// BenchmarkUserDataField reads a field of a FieldIndexer userdata from Lua.
func BenchmarkUserDataField(b *testing.B) {
	L := NewState()
	defer L.Close()
	ud := L.NewUserData()
	ud.Value = constField{}
	L.SetGlobal("p", ud)
	if err := L.DoString(`function read(n) local s = 0 for i = 1, n do s = s + p.x end return s end`); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	L.Push(L.GetGlobal("read"))
	L.Push(LNumber(b.N))
	L.Call(1, 1)
}

// BenchmarkUserDataIndexFunction is BenchmarkUserDataField with the
// field answered by an __index function, for comparison.
func BenchmarkUserDataIndexFunction(b *testing.B) {
	L := NewState()
	defer L.Close()
	mt := L.NewTable()
	L.SetField(mt, "__index", L.NewFunction(func(L *LState) int {
		v, _ := constField{}.IndexField(L.Get(2))
		L.Push(v)
		return 1
	}))
	ud := L.NewUserData()
	ud.Metatable = mt
	L.SetGlobal("p", ud)
	if err := L.DoString(`function read(n) local s = 0 for i = 1, n do s = s + p.x end return s end`); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	L.Push(L.GetGlobal("read"))
	L.Push(LNumber(b.N))
	L.Call(1, 1)
}

// constField answers every key with three.
type constField struct{}

func (constField) IndexField(LValue) (LValue, bool) { return three, true }
