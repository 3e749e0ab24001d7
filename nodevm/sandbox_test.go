package nodevm

import (
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
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
			tn := newTestNet(t)
			n := tn.node("n", `
local ok, err = pcall(function() `+c.code+` end)
function result() return ok, tostring(err), ("abc"):upper(), string.upper("abc"), node.name end`, nodeOptions{})
			fields := strings.Split(tn.mustCall(n, "result"), "\t")
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
	tn := newTestNet(t)
	a := tn.node("a", "x = 1; function get() return x, y end", nodeOptions{})
	b := tn.node("b", "y = 2; function get() return x, y end", nodeOptions{})
	if got := tn.mustCall(a, "get") + "|" + tn.mustCall(b, "get"); got != "1\tnil|nil\t2" {
		t.Errorf("globals leak between nodes: %q", got)
	}
}

func TestLibraryProxiesAreMadeOnFirstUse(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
function own()
  local names = {}
  for k in pairs(_G) do names[#names + 1] = k end
  table.sort(names)
  return table.concat(names, " ")
end
function same() return math == math, string == _G.string, rawget(_G, "coroutine") end
`, nodeOptions{})
	// own reads table after its loop, which sees no library yet.
	if got := tn.mustCall(n, "own"); got != "_G node own same" {
		t.Errorf("the node's own globals: %q", got)
	}
	if got := tn.mustCall(n, "same"); got != "true	true	nil" {
		t.Errorf("a library read twice, and one never read: %q", got)
	}
	if got := tn.mustCall(n, "own"); got != "_G math node own same string table" {
		t.Errorf("the node's own globals after reading math and string: %q", got)
	}
}

func TestMemoryHogIsStopped(t *testing.T) {
	tn := newTestNet(t)
	hog := tn.node("hog", "function grow() local t = {} for i = 1, 1e9 do t[i] = {i} end end", nodeOptions{budget: 30 * time.Second})
	_, err := tn.call(hog, "grow")
	if err == nil || !strings.Contains(err.Error(), "exceeded its memory budget") || !hog.Stopped() {
		t.Errorf("got %v, stopped %v", err, hog.Stopped())
	}
}

func TestBudgetHoldsAcrossAFilterInsideSend(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
node.filter("out", function(f) return true end)
function on_start() node.send{} while true do end end
`, nodeOptions{budget: 100 * time.Millisecond, links: []*runtime.Link{tn.link("l", runtime.Impairments{})}})
	tn.run(time.Second)
	if !n.Stopped() || !strings.Contains(tn.out.String(), "exceeded its CPU budget of 100ms") {
		t.Errorf("a loop after a filtered send must still be stopped: %q", tn.out.String())
	}
}
