package bindings

import (
	"strings"
	"testing"
)

func TestSandboxEscapesFail(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{`return getfenv(print).os`, "getfenv"},
		{`return io.open("/etc/passwd")`, "io is not available"},
		{`return os.execute("true")`, "os is not available"},
		{`return require "os"`, `module "os" not found`},
		{`return require "../../etc/passwd"`, "not found"},
		{`return loadstring("return 1")`, "loadstring"},
		{`return load(function() return nil end)`, "load"},
		{`return dofile("/etc/passwd")`, "dofile"},
		{`return loadfile("/etc/passwd")`, "loadfile"},
		{`return debug.getinfo(1)`, "debug"},
		{`return package.loaded`, "package"},
		{`return collectgarbage("count")`, "collectgarbage"},
		{`return setfenv(1, {})`, "setfenv"},
		{`getmetatable("").__index = {upper = function() return "pwned" end}`, ""},
		{`setmetatable(string, {})`, "protected metatable"},
		{`string.upper = function() return "pwned" end`, "string is read-only"},
		{`rawset(string, "upper", function() return "pwned" end)`, "read-only"},
		{`rawset(node, "name", "mallory")`, "read-only"},
		{`math.random = nil`, "math is read-only"},
		{`getmetatable(_G).__index.pairs = nil`, ""},
		{`setmetatable(_G, {})`, "protected metatable"},
		{`getmetatable(node).__index.send = nil`, ""},
		{`return string.rep("x", 1e10)`, "exceeds"},
		{`return ("x"):rep(1e10)`, "exceeds"},
	} {
		t.Run(c.code, func(t *testing.T) {
			src := `
local escape = [==[` + c.code + `]==]
local ok, err = pcall(function() ` + c.code + ` end)
function result() return ok, tostring(err), ("abc"):upper(), string.upper("abc"), node.name end`
			out := mustRun(t, `
local n = mesh.node("n", {program = [=[`+src+`]=]})
print(n:call("result"))`)
			fields := strings.Split(scriptLines(out)[0], "\t")
			if fields[0] != "false" {
				t.Fatalf("%s succeeded: %v", c.code, fields)
			}
			if !strings.Contains(fields[1], c.want) {
				t.Errorf("error %q does not mention %q", fields[1], c.want)
			}
			if fields[2] != "ABC" || fields[3] != "ABC" || fields[4] != "n" {
				t.Errorf("the library was poisoned: %v", fields[2:])
			}
		})
	}
}

func TestNodesAreIsolated(t *testing.T) {
	out := mustRun(t, `
local a = mesh.node("a", {program = "x = 1; function get() return x, y end"})
local b = mesh.node("b", {program = "y = 2; function get() return x, y end"})
print(a:call("get"))
print(b:call("get"))`)
	if got := strings.Join(scriptLines(out), "|"); got != "1\tnil|nil\t2" {
		t.Errorf("globals leak between nodes: %q", got)
	}
}

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

func TestMemoryHogIsStopped(t *testing.T) {
	out := mustRun(t, `
local hog = mesh.node("hog", {budget = "30s", program = [[
function grow() local t = {} for i = 1, 1e9 do t[i] = {i} end end
]]})
print(pcall(hog.call, hog, "grow"))
print(hog:stats().stopped)`)
	ls := scriptLines(out)
	if !strings.Contains(ls[0], "exceeded its memory budget") || ls[1] != "true" {
		t.Errorf("got %q", ls)
	}
}

func TestBudgetHoldsAcrossAFilterInsideSend(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local n = mesh.node("n", {budget = "100ms", links = {l}, program = [[
node.filter("out", function(f) return true end)
function on_start() node.send{} while true do end end
]]})
mesh.run(1)
print(n:stats().stopped)`)
	if got := scriptLines(out); got[0] != "true" || !strings.Contains(out, "exceeded its CPU budget of 100ms") {
		t.Errorf("a loop after a filtered send must still be stopped: %q", out)
	}
}
