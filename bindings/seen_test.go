package bindings

import (
	"strings"
	"testing"
)

// TestSeenModuleRemembersForTheWindowOnly checks the stdlib's seen module:
// an id is seen for window seconds of network time after it was added (the
// last time), then forgotten, however many came after it.
func TestSeenModuleRemembersForTheWindowOnly(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {program = [[
  local seen = require "seen"
  local ids = seen.new(1)
  function add(...) for _, id in ipairs{...} do ids:add(id) end end
  function has(...)
    local out = {}
    for i, id in ipairs{...} do out[i] = id .. "=" .. tostring(ids:has(id)) end
    return table.concat(out, " ")
  end]]})
local function at(t) mesh.run(t - mesh.now()) return ("%.2f: "):format(mesh.now()) end
n:call("add", "a", 7)
print(at(0.5) .. n:call("has", "a", 7, "b"))
n:call("add", "b", "a")             -- a again: counted from now
print(at(1.0) .. n:call("has", "a", 7, "b"))
print(at(1.1) .. n:call("has", "a", 7, "b"))
print(at(1.6) .. n:call("has", "a", 7, "b"))
for i = 1, 200 do mesh.run(0.1) n:call("add", "id" .. i) end
print(at(21.65) .. n:call("has", "id1", "id190", "id191", "id200"))`)
	want := `0.50: a=true 7=true b=false
1.00: a=true 7=true b=true
1.10: a=true 7=false b=true
1.60: a=false 7=false b=false
21.65: id1=false id190=false id191=true id200=true
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestSeenModuleChecksItsWindow checks that seen.new says what it takes.
func TestSeenModuleChecksItsWindow(t *testing.T) {
	out := mustRun(t, `mesh.node("n", {program = "require('seen').new('1m')"})`)
	if want := "seen.new: window is a number of seconds"; !strings.Contains(out, want) {
		t.Errorf("got %q, want %q", out, want)
	}
}
