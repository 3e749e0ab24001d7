package nodevm

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

// TestProgramsKeepTheLibraries checks that no stdlib program replaces a
// library with a global of its own: the modules it requires share its
// globals, and node:call names are globals.
func TestProgramsKeepTheLibraries(t *testing.T) {
	tn := newTestNet(t)
	l := tn.link("l", runtime.Impairments{})
	args := map[string]string{"ping": `return {ip = "10.0.0.1"}`, "router": `return {ports = {{ip = "10.0.0.1/24"}}}`}
	for _, name := range stdlib.Programs() {
		o := nodeOptions{links: []*runtime.Link{l}}
		if src, ok := args[name]; ok {
			if err := tn.L.DoString(src); err != nil {
				t.Fatal(err)
			}
			o.args = tn.L.Get(-1)
			tn.L.Pop(1)
		}
		n := tn.node(name, name, o)
		if n.Stopped() {
			t.Fatalf("program %s failed to load: %v", name, n.Err())
		}
		vm := n.Program().(*Program).L
		for _, lib := range []string{"string", "table", "math", "coroutine"} {
			if _, ok := vm.GetGlobal(lib).(*lua.LTable); !ok {
				t.Errorf("program %s: the global %s is a %s, not the library", name, lib, vm.GetGlobal(lib).Type())
			}
		}
	}
}
