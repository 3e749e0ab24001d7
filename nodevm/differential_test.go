package nodevm

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// luaQuote is s as a Lua string literal.
func luaQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ' || c > '~':
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sameInNodeAndScript runs the calls (Lua expressions) in a node VM, with
// meshlua's libraries, and in a script, with gopher-lua's, and reports each
// call whose results differ. A call's results are shown as their number
// and each value's type and text, or "error" if it raised one.
func sameInNodeAndScript(t *testing.T, calls []string) {
	t.Helper()
	var prog strings.Builder
	prog.WriteString(`
local function show(ok, ...)
  if not ok then return "error" end
  local out = {select('#', ...)}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    out[#out + 1] = type(v) .. ":" .. tostring(v)
  end
  return table.concat(out, " ")
end
local function gather(s, p)
  local out = {}
  for a, b, c in string.gmatch(s, p) do out[#out + 1] = tostring(a) .. "," .. tostring(b) .. "," .. tostring(c) end
  return table.concat(out, ";")
end
local repl = setmetatable({hello = "HI", [3] = 33, a = false}, {__index = function(t, k) return k == "b" and "B" or nil end})
local function fn(a, b) if a == "o" then return nil end return "<" .. tostring(a) .. "|" .. tostring(b) .. ">" end
local calls = {
`)
	for _, c := range calls {
		fmt.Fprintf(&prog, "  function() return %s end,\n", c)
	}
	prog.WriteString(`}
-- run returns the results of calls from to to (gopher-lua's table.concat
-- fails on a long list).
function run(from, to)
  local out = {}
  for i = from, math.min(to, #calls) do out[#out + 1] = show(pcall(calls[i])) end
  return table.concat(out, "\n"), #calls
end
`)
	node, script := runBatches(t, nodeRun(t, prog.String()), prog.String())
	got, want := strings.Split(node, "\n"), strings.Split(script, "\n")
	if len(got) != len(calls) || len(want) != len(calls) {
		t.Fatalf("%d calls, %d results in the node, %d in the script", len(calls), len(got), len(want))
	}
	for i, c := range calls {
		if got[i] != want[i] {
			t.Errorf("%s\n  node:   %s\n  script: %s", c, got[i], want[i])
		}
	}
}

// nodeRun returns a network with one node, "n", running prog, and a function
// that calls run(from, to) in it.
func nodeRun(t *testing.T, prog string) func(from, to int) (string, int) {
	net := newTestNet(t)
	n := net.node("n", prog, nodeOptions{budget: 60 * time.Second})
	return func(from, to int) (string, int) {
		out := net.mustCall(n, "run", lua.LNumber(from), lua.LNumber(to))
		s, count, _ := strings.Cut(out, "\t")
		c, _ := strconv.Atoi(count)
		return s, c
	}
}

// runBatches runs the calls of prog's run in batches of a thousand, in the
// node (run) and in a plain gopher-lua state, and returns what each gave.
func runBatches(t *testing.T, run func(from, to int) (string, int), prog string) (node, script string) {
	L := lua.NewState()
	defer L.Close()
	if err := L.DoString(prog); err != nil {
		t.Fatal(err)
	}
	scriptRun := func(from, to int) (string, int) {
		if err := L.CallByParam(lua.P{Fn: L.GetGlobal("run"), NRet: 2, Protect: true}, lua.LNumber(from), lua.LNumber(to)); err != nil {
			t.Fatal(err)
		}
		s, n := L.Get(-2).String(), int(lua.LVAsNumber(L.Get(-1)))
		L.Pop(2)
		return s, n
	}
	all := func(run func(from, to int) (string, int)) string {
		var out []string
		for i, n := 1, 1; i <= n; i += 1000 {
			var s string
			s, n = run(i, i+999)
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	return all(run), all(scriptRun)
}
