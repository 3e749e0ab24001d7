package bindings

import (
	"strings"
	"testing"
)

func TestHandlersAndNodeAPI(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
mesh.node("a", {program = [[
function on_start() print("start", node.now(), node.name, node.args.greeting, #node.ports()) end
function on_frame(f) print("frame", f.port, f.src == node.args.peer, f.type, f.payload, f.len) end
function on_stop() print("stop", node.now()) end
]], args = {greeting = "hi", peer = "filled in below"}, links = {l}})
local b = mesh.node("b", {program = "function go(p) return node.send{payload = p, type = 0x1234} end", links = {l}})
mesh.run(1)
print(b:call("go", "hello"))
mesh.run(1)
print(b:call("go", string.rep("x", 1501)))
mesh.remove(mesh.get("a"))
print(#b:ports(), b.program, mesh.get("l"))`)
	want := []string{
		"[0.000000] a: start\t0\ta\thi\t1",
		"true",
		"[1.000000] a: frame\t1\tfalse\t4660\thello\t19",
		"nil\tpayload of 1501 bytes exceeds the MTU of link l (1500)",
		"[2.000000] a: stop\t2",
		"1\t[b]\tlink l (nodes b; offered 1, delivered 1, dropped 0)",
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCallCopiesValuesBetweenVMs(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {program = [[
function echo(...) return ... end
function mutate(t) t.x = 99 return t end
function give() return print end
]]})
local t = {x = 1, list = {1, 2, {deep = "yes"}}}
local r = n:call("mutate", t)
print(t.x, r.x, r.list[3].deep, select("#", n:call("echo", 1, nil, "s")))
print(pcall(n.call, n, "give"))
print(pcall(n.call, n, "nope"))`)
	ls := scriptLines(out)
	if ls[0] != "1\t99\tyes\t3" {
		t.Errorf("copies: %q", ls[0])
	}
	if !strings.Contains(ls[1], "false") || !strings.Contains(ls[1], "cannot be passed") {
		t.Errorf("returning a function: %q", ls[1])
	}
	if !strings.Contains(ls[2], `n:call("nope"): the node has no function nope`) {
		t.Errorf("calling a missing function: %q", ls[2])
	}
}

func TestFilters(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local src = mesh.node("src", {program = [[
node.filter("out", function(f) return f.payload ~= "secret" end)
node.filter("out", function(f) if f.payload == "upper" then return {payload = "UPPER"} end return true end)
function go(p, t) node.send{payload = p, type = t} end
]], links = {l}})
local dst = mesh.node("dst", {program = "function on_frame(f) print(f.payload) end", links = {l}})
dst:filter("in", "drop", {type = 0x0800})
dst:filter("in", "dedup", {window = 1})
dst:filter("in", "return function(f) return f.payload ~= 'inline' end")
for _, p in ipairs{"hello", "secret", "upper", "hello", "inline"} do src:call("go", p) end
src:call("go", "ip", 0x0800)
mesh.run(2)
src:call("go", "hello")
mesh.run(1)
print(src:stats().drops.filter, dst:stats().drops.filter)`)
	want := "[0.000000] dst: hello\n[0.000000] dst: UPPER\n[2.000000] dst: hello\n1\t3\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
