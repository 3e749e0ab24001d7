package bindings

import (
	"fmt"
	"strings"
	"testing"
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
	out := mustRun(t, `
local prog = `+luaQuote(prog.String())+`
local n = mesh.node("n", {budget = "60s", program = prog})
local function all(run)
  local i, n = 1, 1
  while i <= n do
    local out
    out, n = run(i, i + 999)
    print(out)
    i = i + 1000
  end
end
all(function(i, j) return n:call("run", i, j) end)
print("=====")
loadstring(prog)()
all(run)`)
	node, script, ok := strings.Cut(strings.Join(scriptLines(out), "\n"), "\n=====\n")
	if !ok {
		t.Fatalf("unexpected output:\n%s", out)
	}
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
