package bindings

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A program given inline as source is compiled once for all the nodes that
// run it, and each node's errors and tracebacks still name that node.
func TestInlineProgramsAreCompiledOnceAndNameTheirNode(t *testing.T) {
	var buf bytes.Buffer
	h := NewHost(&buf, t.TempDir())
	defer h.Close()
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer L.Close()
	if err := h.RunChunk(L, "test.lua", `
local program = [[
function boom()
  error("boom")
end]]
local a = mesh.node("alice", {program = program})
local b = mesh.node("bob", {program = program})
print(select(2, pcall(b.call, b, "boom")))
print(select(2, pcall(a.call, a, "boom")))`); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `bob:call("boom"): [bob]:2: boom`) || !strings.Contains(out, "\t[bob]:2: in ") ||
		!strings.Contains(out, `alice:call("boom"): [alice]:2: boom`) {
		t.Errorf("each node's error must name it:\n%s", out)
	}
	inline := 0
	for key := range h.chunks {
		if key.name == "" {
			inline++
		}
	}
	if inline != 1 {
		t.Errorf("%d compiled chunks for one inline source given to two nodes", inline)
	}
}
