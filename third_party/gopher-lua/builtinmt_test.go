package lua

import (
	"strings"
	"testing"
)

// foreign is a value of a type gopher-lua does not know.
type foreign struct{}

func (foreign) String() string   { return "foreign" }
func (foreign) Type() LValueType { return LValueType(99) }

// The metatables of types other than tables and userdata are kept by
// type: strings' is found, a type without one has none, and a foreign
// type cannot have one.
func TestMetatablesOfTypes(t *testing.T) {
	L := NewState()
	defer L.Close()
	if err := L.DoString(`assert(("x"):upper() == "X") assert(getmetatable(1) == nil)`); err != nil {
		t.Fatal(err)
	}
	if mt := L.GetMetatable(LNumber(1)); mt != LNil {
		t.Errorf("numbers have the metatable %v", mt)
	}
	mt := L.NewTable()
	L.SetMetatable(LNumber(0), mt)
	if got := L.GetMetatable(LNumber(2)); got != mt {
		t.Errorf("numbers' metatable is %v, want the one set", got)
	}
	if got := L.GetMetatable(foreign{}); got != LNil {
		t.Errorf("a foreign value has the metatable %v", got)
	}
	L.Push(L.NewFunction(func(L *LState) int { L.SetMetatable(foreign{}, mt); return 0 }))
	err := L.PCall(0, 0, nil)
	if err == nil || !strings.Contains(err.Error(), "cannot set the metatable of a value of type") {
		t.Errorf("setting a foreign value's metatable: %v", err)
	}
}
