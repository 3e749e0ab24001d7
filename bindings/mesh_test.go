package bindings

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIssueExampleForwardsThroughGateway(t *testing.T) {
	// The issue's example, with alice announcing herself every second so
	// that the gateway has something to forward to bob.
	out := mustRun(t, `
mesh.seed(7)
local lan = mesh.link("lan", {delay = "2ms", loss = 0.05})
local wan = mesh.link("wan", {delay = "20ms", rate = "1Mbit", queue = 50})
mesh.node("alice", {program = "node.every(1, function() node.broadcast('hi from alice') end)", links = {lan}})
mesh.node("gw",    {program = [[
  function on_frame(f)
    node.send{port = (f.port == 1) and 2 or 1, dst = f.dst, type = f.type, payload = f.payload}
  end]], links = {lan, wan}})
local bob = mesh.node("bob", {program = "counter", links = {wan}})
mesh.run("10s")
local s = mesh.stats()
print(bob:call("count"), s.dropped, s.drops.loss or 0)
`)
	var count, dropped, loss int
	if _, err := sscan(scriptLines(out)[0], &count, &dropped, &loss); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	// 10 broadcasts (at 1s..10s; the one at 10s arrives after the run) minus
	// those lost on the lan.
	if count+loss != 9 && count+loss != 10 || dropped != loss {
		t.Errorf("bob counted %d, dropped %d (loss %d): want count+loss = 9 and every drop a loss", count, dropped, loss)
	}
}

func TestUnknownOptionIsNamed(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`mesh.link("x", {dealy = 1})`, `test.lua:1: mesh.link: unknown option "dealy" (did you mean "delay"?)`},
		{`mesh.node("x", {prgram = "echo"})`, `test.lua:1: mesh.node: unknown option "prgram" (did you mean "program"?)`},
		{`mesh.link("x", {loss = 2})`, `test.lua:1: mesh.link: option loss: want a probability from 0 to 1, got 2`},
		{`mesh.link("x", {delay = "2 parsecs"})`, `option delay: bad duration "2 parsecs"`},
		{`mesh.link("x", {rate = "fast"})`, `option rate: bad rate "fast"`},
		{`mesh.node("x", {program = "ecoh"})`, `unknown program "ecoh": not in the stdlib (bridge, chat, counter, discovery, dv, echo, flood, gossip, lsr, ping, printer, router)`},
		{`mesh.link("x"); mesh.node("x")`, `the name "x" is taken by a link`},
		{`mesh.node("x", {links = {"nope"}})`, `links[1]: there is no link called "nope"`},
		{`mesh.link("x"):set{rate = "1Mbit", qeueu = 3}`, `link:set: unknown option "qeueu" (did you mean "queue"?)`},
		{`local n = mesh.node("n"); n:filter("sideways", "dedup")`, `direction must be "in" or "out"`},
		{`mesh.topo.ring(4, {progam = "echo"})`, `mesh.topo.ring: unknown option "progam"`},
		{`mesh.node("x", {program = "function on_frame(f) end end"})`, `mesh.node x: [x]:1: syntax error`},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want it to contain %q", c.src, err, c.want)
		}
	}
}

func TestProgramPathIsRelativeToTheScript(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hello.lua"), []byte(`function hello() return "hello from " .. node.name .. " " .. require("helper").x end`), 0o644)
	os.WriteFile(filepath.Join(dir, "helper.lua"), []byte(`return {x = 42}`), 0o644)
	out, err := runLua(t, dir, `print(mesh.node("n", {program = "hello.lua"}):call("hello"))`)
	if err != nil || strings.TrimSpace(out) != "hello from n 42" {
		t.Errorf("got %q, %v", out, err)
	}
	_, err = runLua(t, dir, `mesh.node("n", {program = "missing.lua"})`)
	if err == nil || !strings.Contains(err.Error(), `program "missing.lua"`) {
		t.Errorf("a missing program file: got %v", err)
	}
}

func TestLinkAccountingBalances(t *testing.T) {
	out := mustRun(t, `
mesh.seed(3)
local nodes, links = mesh.topo.ring(6, {program = [[
  node.every(0.01, function() node.send{port = math.random(2), payload = string.rep("x", math.random(1000))} end)
]], link = {delay = "3ms", jitter = "2ms", loss = 0.1, rate = "2Mbit", queue = 4}})
mesh.run(1)
links[2]:down()
mesh.run(0.5)
links[2]:up()
links[3]:set{rate = "100kbit"}
mesh.run(0.5)
mesh.remove(links[4])
mesh.disconnect(nodes[1], links[1])
mesh.run(1.0123)
for _, l in ipairs(mesh.links()) do
  local s = l:stats()
  assert(s.offered == s.delivered + s.dropped + s.in_flight, l.name .. " does not balance")
end
local s = mesh.stats()
local by_reason = 0
for _, n in pairs(s.drops) do by_reason = by_reason + n end
assert(by_reason == s.dropped)
print(s.drops.loss > 0, s.drops.queue_full > 0, s.drops.link_down > 0, s.drops.no_port > 0, s.in_flight > 0)
`)
	if got := scriptLines(out)[0]; got != "true\ttrue\ttrue\ttrue\ttrue" {
		t.Errorf("want loss, queue_full, link_down and no_port drops and frames in flight, got %q", got)
	}
}

func TestLiveRewiringBetweenRuns(t *testing.T) {
	out := mustRun(t, `
local l1, l2 = mesh.link("l1"), mesh.link("l2")
local a = mesh.node("a", {program = "node.every(1, function() node.broadcast('ping') end)", links = {l1}})
local b = mesh.node("b", {program = "counter", links = {l1}})
local c = mesh.node("c", {program = "counter", links = {l2}})
mesh.run(2.5)
mesh.disconnect(b, l1)
mesh.connect(c, l1)
mesh.run(2)
mesh.remove(b)
print(c:call("count"), mesh.get("b"), #mesh.nodes(), mesh.get("l1") == l1, a:stats().ports[1].tx)
`)
	if got := scriptLines(out)[0]; got != "2\tnil\t2\ttrue\t4" {
		t.Errorf("got %q, want c to count 2 after the rewire", got)
	}
}

func TestBadInputRaisesInTheScript(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`local n = mesh.node("n", {program = "function f() end"}); n:call("f", print)`,
			`test.lua:1: n:call("f") argument 1: a function cannot be passed`},
		{`local n = mesh.node("n", {program = "function f() end"}); n:filter("in", "dedup", {window = print})`,
			`test.lua:1: n:filter options: a function cannot be passed`},
		{`local n = mesh.node("n", {program = "function f() return coroutine.create(f) end"}); n:call("f")`,
			`test.lua:1: n:call("f") result 1: a thread cannot be passed`},
		{`mesh.node("n", {args = {f = print}})`, `option args: a function cannot be passed`},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.src, err, c.want)
		}
	}
}

func TestOutFilterCannotExceedTheMTU(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l", {mtu = 10})
local a = mesh.node("a", {links = {l}, program = [[
node.filter("out", function(f) return {payload = string.rep("x", 100)} end)
function go() return node.send{payload = "small"} end
]]})
local b = mesh.node("b", {links = {l}, program = "counter"})
print(a:call("go"))
mesh.run(1)
print(b:call("count"), a:stats().drops.too_big)`)
	if got := scriptLines(out); got[0] != "nil\tpayload of 100 bytes exceeds the MTU of link l (10)" || got[1] != "0\t1" {
		t.Errorf("got %q", got)
	}
}

func TestBadCaptureLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.pcap")
	_, err := runLua(t, dir, `mesh.capture(mesh.topo, "`+path+`")`)
	if err == nil {
		t.Fatal("capturing a table should fail")
	}
	if _, serr := os.Stat(path); serr == nil {
		t.Error("a failed mesh.capture left its file behind")
	}
}

func TestReloadKeepsPortsAndCounters(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
mesh.node("src", {links = {l}, program = "node.every(1, function() node.broadcast('x') end)"})
local n = mesh.node("n", {links = {l}, program = [[
local got = 0
node.every(0.5, function() print("old timer") end)
function on_frame() got = got + 1 end
function count() return "old", got end
function on_stop() print("old stops") end
]]})
mesh.run(2.2)
print(n:call("count"))
print(pcall(n.reload, n, "function count( return 1 end"))
print(n:call("count"))
n:reload("local got = 100 function on_frame() got = got + 1 end function count() return 'new', got end")
mesh.run(2)
print(n:call("count"))
print(n:stats().received, n:ports()[1].link)
n:call("count", 1)
`)
	want := []string{"old\t2", "false", "old\t2", "new\t102", "4\tl"}
	got := scriptLines(out)
	if len(got) != 5 || got[0] != want[0] || !strings.HasPrefix(got[1], "false\ttest.lua:13: n:reload: [n]:1:") || got[2] != want[2] || got[3] != want[3] || got[4] != want[4] {
		t.Errorf("got %q", got)
	}
	if strings.Count(out, "old timer") != 4 || !strings.Contains(out, "[2.200000] n: old stops") {
		t.Errorf("the old program's timers must end at the reload and its on_stop run:\n%s", out)
	}
}

func TestLuaNodesInRealTime(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
mesh.realtime(true)
local nodes = {}
for i = 1, 8 do
  nodes[i] = mesh.node("n" .. i, {links = {l}, program = [[
    local got = 0
    node.every(0.005, function() node.broadcast("x") end)
    function on_frame(f) got = got + 1 end
    function count() return got end]]})
end
mesh.run(0.3)
local least = math.huge
for _, n in ipairs(nodes) do least = math.min(least, n:call("count")) end
local s = l:stats()
print(least > 100, s.offered == s.delivered + s.dropped + s.in_flight)`)
	if got := scriptLines(out)[0]; got != "true\ttrue" {
		t.Errorf("in real time every Lua node should hear the others, and the link balance: %q", got)
	}
}

func TestReadline(t *testing.T) {
	var out bytes.Buffer
	h := NewHost(&out, t.TempDir())
	defer h.Close()
	h.SetInput(strings.NewReader("first line\nsecond\r\nlast without newline"))
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer L.Close()
	err = h.RunChunk(L, "test.lua", `
mesh.realtime(true)
local l = mesh.link("l")
local b = mesh.node("b", {links = {l}, program = "counter"})
mesh.node("a", {links = {l}, program = "node.every(0.01, function() node.broadcast('x') end)"})
local lines = {}
for line in mesh.readline do lines[#lines + 1] = line end
print(table.concat(lines, "|"), #lines)`)
	if err != nil || out.String() != "first line|second|last without newline\t3\n" {
		t.Errorf("got %q, %v", out.String(), err)
	}
}

func TestObjectMethodsAreStable(t *testing.T) {
	out := mustRun(t, `
local n, l = mesh.node("n"), mesh.link("l")
print(n.stats == n.stats, l.set == l.set, n.name, l.name, n.nosuch, l.nosuch)`)
	if got := scriptLines(out)[0]; got != "true\ttrue\tn\tl\tnil\tnil" {
		t.Errorf("got %q", got)
	}
}
