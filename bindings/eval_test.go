package bindings

import (
	"strings"
	"testing"
)

// node:eval sees the node's globals and changes them; a mistake in the
// source is the caller's error and the node runs on; a source that spins
// past the node's budget stops the node.
func TestNodeEval(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {program = "count = 0 function bump() count = count + 1 return count end", budget = "100ms"})
n:call("bump")
print(n:eval("count"), n:eval("count = 41"), n:call("bump"))
local ok, err = pcall(n.eval, n, "count(")
print(ok, err:match("eval:1:") ~= nil, n:stats().stopped, n:call("bump"))
ok, err = pcall(n.eval, n, "while true do end")
print(ok, err:match("CPU budget") ~= nil, n:stats().stopped)
`)
	want := "1\tnil\t42\nfalse\ttrue\tfalse\t43\nfalse\ttrue\ttrue\n"
	if got := strings.Join(scriptLines(out), "\n") + "\n"; got != want {
		t.Errorf("node:eval:\n got %q\nwant %q", got, want)
	}
}
