package bindings

import (
	"strings"
	"testing"
)

func TestExportErrorsNameTheProblem(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`mesh.export("net.txt")`, `test.lua:1: mesh.export: cannot write "net.txt": name a file ending in .dot, .json, .svg, .png`},
		{`mesh.export("/no/such/dir/net.json")`, `test.lua:1: mesh.export: open /no/such/dir/net.json: no such file or directory`},
		{`mesh.export()`, `bad argument #1 to export`},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want it to contain %q", c.src, err, c.want)
		}
	}
}

func TestExportedJSONHasTheLinksCounters(t *testing.T) {
	out := mustRun(t, `
local path = os.tmpname() .. ".json"
local lan = mesh.link("lan", {loss = 0.5})
mesh.node("a", {links = {lan}, program = "node.every(0.1, function() node.broadcast('x') end)"})
mesh.node("b", {links = {lan}, program = "counter"})
mesh.run(2)
mesh.export(path)
local f = assert(io.open(path))
local json = f:read("*a")
f:close()
os.remove(path)
local s = lan:stats()
print(json:find('"offered": ' .. s.offered, 1, true) ~= nil, json:find('"loss": ' .. s.drops.loss, 1, true) ~= nil, s.drops.loss > 0)`)
	if strings.TrimSpace(out) != "true\ttrue\ttrue" {
		t.Errorf("the JSON lacks the link's counters: %q", out)
	}
}
