package bindings

import (
	"strings"
	"testing"
)

func TestKeptFramesNeverChange(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}, program = "function go(p) node.send{payload = p} end"})
local b = mesh.node("b", {links = {l}, program = [[
  local kept, payloads = {}, {}
  function on_frame(f)
    kept[#kept + 1] = f
    payloads[#payloads + 1] = f.payload
  end
  function check()
    local bad = 0
    for i, f in ipairs(kept) do
      if f.payload ~= payloads[i] or f.len ~= 14 + #payloads[i] then bad = bad + 1 end
    end
    return #kept, bad, kept[1].payload, kept[#kept].payload
  end]]})
for i = 1, 100 do a:call("go", ("frame %d "):format(i) .. string.rep("x", i)) end
mesh.run(1)
print(b:call("check"))`)
	if got := scriptLines(out)[0]; !strings.HasPrefix(got, "100\t0\tframe 1 x\tframe 100 x") {
		t.Errorf("kept frames changed: %q", got)
	}
}

func TestSendForwardsAFrame(t *testing.T) {
	out := mustRun(t, `
local l1, l2 = mesh.link("l1"), mesh.link("l2")
local a = mesh.node("a", {links = {l1}, program = [[
  function go() node.send{dst = "02:00:00:00:00:09", type = 0x1234, payload = "hi"} end]]})
mesh.node("relay", {links = {l1, l2}, program = [[
  local send = node.send
  function on_frame(f)
    print(send(f, 2))
    print(send{frame = f, port = 2, type = 0x4321})
    print(send(f, 3))
  end]]})
mesh.node("b", {links = {l2}, program = [[
  function on_frame(f) print(f.src, f.dst, f.type, f.payload) end]]})
a:call("go")
mesh.run(1)
print(a:ports()[1].mac)`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	mac := lines[len(lines)-1]
	want := []string{
		"[0.000000] relay: true",
		"[0.000000] relay: true",
		"[0.000000] relay: nil\tnode relay has no port 3",
		"[0.000000] b: " + mac + "\t02:00:00:00:00:09\t4660\thi",
		"[0.000000] b: " + mac + "\t02:00:00:00:00:09\t17185\thi",
	}
	if got := strings.Join(lines[:len(lines)-1], "\n"); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestSendErrors(t *testing.T) {
	for _, c := range []struct{ call, want string }{
		{`node.send{data = "x"}`, `node.send: unknown option "data" (did you mean "dst"?) (options: dst, frame, payload, port, src, type)`},
		{`node.send{[1] = "x"}`, `node.send: option keys must be names, got number`},
		{`node.send{port = "1"}`, `node.send: option port: want a port number, got string`},
		{`node.send{dst = "zz"}`, `node.send: option dst: bad MAC address "zz": want six hex bytes like 02:00:00:00:00:01`},
		{`node.send{src = 1}`, `node.send: option src: want a MAC address string, got number`},
		{`node.send{type = 70000}`, `node.send: option type: want an ethertype from 0 to 0xffff, got 70000`},
		{`node.send{payload = 1}`, `node.send: option payload: want a string, got number`},
		{`node.send{frame = "x"}`, `node.send: option frame: want a frame, got string`},
		{`node.send("x")`, `bad argument #1 to send (table expected, got string)`},
		{`node.send(nil)`, `bad argument #1 to send (table expected, got nil)`},
	} {
		out := mustRun(t, `
local n = mesh.node("n", {links = {mesh.link("l")}, program = [[function go() return pcall(function() `+c.call+` end) end]]})
print(n:call("go"))`)
		if got := scriptLines(out)[0]; !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want it to contain %q", c.call, got, c.want)
		}
	}
}

func TestNodesShareNoLibraryState(t *testing.T) {
	out := mustRun(t, `
local a = mesh.node("a", {program = [[
  table.insert(string, "mine")
  pcall(function() getmetatable("").__index.upper = nil end)
  math.randomseed(1)
  function look() return rawget(string, 1), ("x"):upper(), math.random(1000) end]]})
local b = mesh.node("b", {program = [[
  math.randomseed(1)
  function look() return rawget(string, 1), ("x"):upper(), math.random(1000) end]]})
print(a:call("look"))
print(b:call("look"))`)
	ls := scriptLines(out)
	fa, fb := strings.Split(ls[0], "\t"), strings.Split(ls[1], "\t")
	if fa[0] != "mine" || fb[0] != "nil" || fb[1] != "X" || fa[2] != fb[2] {
		t.Errorf("a sees %q, b sees %q: b must not see a's changes, and equal seeds give equal draws", ls[0], ls[1])
	}
}

// TestFilterTablesReadAsSend gives node.send and a filter the same bad
// tables: they refuse them with the same messages, naming the field.
func TestFilterTablesReadAsSend(t *testing.T) {
	for _, c := range []struct{ table, want string }{
		{`{payload = 123}`, `option payload: want a string, got number`},
		{`{dst = "zz"}`, `option dst: bad MAC address "zz": want six hex bytes like 02:00:00:00:00:01`},
		{`{src = 1}`, `option src: want a MAC address string, got number`},
		{`{type = 70000}`, `option type: want an ethertype from 0 to 0xffff, got 70000`},
		{`{frame = "x"}`, `option frame: want a frame, got string`},
		{`{data = "x"}`, `unknown option "data" (did you mean "dst"?)`},
		{`{[1] = "x"}`, `option keys must be names, got number`},
	} {
		out := mustRun(t, `
local n = mesh.node("n", {links = {mesh.link("l")}, program = [[
function go() return pcall(node.send, `+c.table+`) end
function filtered()
  node.filter("out", function() return `+c.table+` end)
  node.send{payload = "x"}
end]]})
print(n:call("go"))
pcall(n.call, n, "filtered")`)
		send, filter := scriptLines(out)[0], out
		if !strings.Contains(send, "node.send: "+c.want) {
			t.Errorf("node.send%s: got %q, want it to contain %q", c.table, send, c.want)
		}
		if !strings.Contains(filter, "stopped: a filter's frame: "+c.want) {
			t.Errorf("a filter returning %s: got %q, want it to contain %q", c.table, filter, c.want)
		}
	}
}
