package lua

import (
	"strings"
	"testing"

	"github.com/yuin/gopher-lua/parse"
)

// Two states run one compiled chunk; each names its source as aliased, in
// error positions, tracebacks and debug.getinfo, from a coroutine too.
func TestAliasSource(t *testing.T) {
	src := "f = function() error('boom') end\n" +
		"g = function() return debug.getinfo(1, 'S').source end\n" +
		"h = function() local co = coroutine.create(function() error('deep') end); return coroutine.resume(co) end"
	chunk, err := parse.Parse(strings.NewReader(src), "shared")
	if err != nil {
		t.Fatal(err)
	}
	proto, err := Compile(chunk, "shared")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"[alice]", "[bob]"} {
		L := NewState()
		L.AliasSource("shared", name)
		L.AliasSource("shared", "ignored: the first alias holds")
		L.Push(L.NewFunctionFromProto(proto))
		L.Call(0, 0)
		err := L.CallByParam(P{Fn: L.GetGlobal("f"), Protect: true})
		if err == nil || !strings.Contains(err.Error(), name+":1: boom") || strings.Contains(err.Error(), "shared") {
			t.Errorf("%s: error %v", name, err)
		}
		if err := L.CallByParam(P{Fn: L.GetGlobal("g"), NRet: 1, Protect: true}); err != nil || L.Get(-1).String() != name {
			t.Errorf("%s: debug.getinfo source %v (%v)", name, L.Get(-1), err)
		}
		L.Pop(1)
		if err := L.CallByParam(P{Fn: L.GetGlobal("h"), NRet: 2, Protect: true}); err != nil || !strings.Contains(L.Get(-1).String(), name+":3: deep") {
			t.Errorf("%s: coroutine error %v (%v)", name, L.Get(-1), err)
		}
		L.Close()
	}
}
