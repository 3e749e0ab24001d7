package bindings

import (
	"strings"
	"testing"
)

func TestBrokenNodesStopAloneAndTheRunFinishes(t *testing.T) {
	out, err := runLua(t, "", `
local lan = mesh.link("lan", {delay = "1ms"})
local a = mesh.node("a", {program = "node.every(0.1, function() node.broadcast('tick') end)", links = {lan}})
local b = mesh.node("b", {program = "counter", links = {lan}})
local spin = mesh.node("spin", {program = "function on_frame(f) while true do end end", links = {lan}, budget = "50ms"})
local bad = mesh.node("bad", {program = [[
function on_frame(f)
  local t = nil
  return t.field -- line 3
end]], links = {lan}})
local deep = mesh.node("deep", {program = "local function f(n) return 1 + f(n + 1) end function on_frame() f(1) end", links = {lan}})
local hog = mesh.node("hog", {program = "function on_frame() local s = 'x' while true do s = s .. s end end", links = {lan}, budget = "200ms"})
local blocker = mesh.node("blocker", {program = "function on_frame() node.sleep(1) end", links = {lan}})
mesh.run(1.05)
print(b:call("count"))
for _, n in ipairs{spin, bad, deep, hog, blocker} do
  local s = n:stats()
  print(n.name, s.stopped, s.drops.node_stopped)
end
print(spin:stats().error)
print((bad:stats().error:match("^[^\n]*")))
print(pcall(spin.call, spin, "on_frame"))
`)
	if err != nil {
		t.Fatalf("the script should finish: %v\n%s", err, out)
	}
	ls := scriptLines(out)
	if ls[0] != "10" {
		t.Errorf("b counted %s ticks, want 10: its neighbours' failures must not stop it", ls[0])
	}
	for _, l := range ls[1:6] {
		if f := strings.Split(l, "\t"); f[1] != "true" || f[2] != "9" {
			t.Errorf("%s: want stopped after its first frame and 9 later frames dropped as node_stopped", l)
		}
	}
	if !strings.Contains(ls[6], "exceeded its CPU budget of 50ms") {
		t.Errorf("spin's error %q should name the budget", ls[6])
	}
	if !strings.HasPrefix(ls[7], "[bad]:3: attempt to index") || !strings.Contains(out, "stack traceback") {
		t.Errorf("bad's error %q should have the line and a traceback", ls[7])
	}
	if !strings.Contains(out, "[0.101000] bad: stopped: [bad]:3:") {
		t.Errorf("the log should report the stop with node name and time:\n%s", out)
	}
	if !strings.Contains(ls[len(ls)-1], "false\ttest.lua:") || !strings.Contains(ls[len(ls)-1], "spin:call(\"on_frame\"): it stopped") {
		t.Errorf("calling a stopped node: %q", ls[len(ls)-1])
	}
}
