package bindings

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestBudgetStopsLoopsInsideCoroutines(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {budget = "100ms", program = [[
function spin()
  local co = coroutine.wrap(function()
    local inner = coroutine.create(function() while true do end end)
    coroutine.resume(inner)
    while true do end
  end)
  co()
end]]})
print(pcall(n.call, n, "spin"))`)
	if !strings.Contains(out, "false") || !strings.Contains(out, "exceeded its CPU budget of 100ms") {
		t.Errorf("a loop in a coroutine must be stopped by the node's budget:\n%s", out)
	}
}

func TestCoroutinesNestOnlySoDeep(t *testing.T) {
	out := mustRun(t, `
local program = [[
local function f() return coroutine.wrap(f)() end
local function g() local co = coroutine.create(g) local ok, err = coroutine.resume(co) error(err, 0) end
function wrapped() return f() end
function resumed() return g() end]]
local a, b = mesh.node("a", {program = program}), mesh.node("b", {program = program})
print(select(2, pcall(a.call, a, "wrapped")))
print(select(2, pcall(b.call, b, "resumed")))`)
	if n := strings.Count(out, "test.lua:8: a:call(\"wrapped\"): [a]:1: coroutines nested more than 200 deep") +
		strings.Count(out, "test.lua:9: b:call(\"resumed\"): [b]:2: coroutines nested more than 200 deep"); n != 2 {
		t.Errorf("coroutines within coroutines without end must raise an error, not end the process:\n%s", out)
	}
}

// memoryBomb is a script whose node "leak" keeps 1 MiB more every
// millisecond of network time, beside an honest pair.
const memoryBomb = `
mesh.seed(3)
local lan = mesh.link("lan", {delay = "1ms"})
mesh.node("leak", {memory = "16MiB", program = [[
local kept = {}
node.every("1ms", function() kept[#kept + 1] = string.rep(string.char(#kept % 256), 1048576) end)
]]})
local a = mesh.node("a", {program = "node.every(0.01, function() node.broadcast('x') end)", links = {lan}})
local b = mesh.node("b", {program = "counter", links = {lan}})
mesh.run(1)
print(b:call("count"), mesh.get("leak"):stats().stopped)`

func TestMemoryBudgetHoldsAcrossCalls(t *testing.T) {
	out := mustRun(t, memoryBomb)
	if ls := scriptLines(out); len(ls) != 1 || ls[0] != "99\ttrue" {
		t.Errorf("the honest pair must go on (99 frames) and leak stop:\n%s", out)
	}
	if !strings.Contains(out, "leak: stopped: exceeded its memory budget of 16 MiB: it holds ") {
		t.Errorf("the stop must name the budget and the size held:\n%s", out)
	}
	if again := mustRun(t, memoryBomb); again != out {
		t.Errorf("the same seeded run stopped the node differently:\n%s\nthen\n%s", out, again)
	}
}

func TestTimersHaveAFloor(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{`node.every("1ns", print)`, "node.every: 1ns is below the floor of 1µs"},
		{`node.every(0, print)`, "node.every: 0s is below the floor of 1µs"},
		{`node.after(1e-9, print)`, "node.after: 1ns is below the floor of 1µs"},
		{`node.after(0, print)`, ""},
		{`node.every("1us", print)`, ""},
	} {
		out := mustRun(t, fmt.Sprintf(`
local n = mesh.node("n", {program = [==[function try() return pcall(function() %s end) end]==]})
print(n:call("try"))`, c.code))
		ls := scriptLines(out)
		if c.want == "" && ls[0] != "true" || c.want != "" && !strings.Contains(ls[0], c.want) {
			t.Errorf("%s: %q, want %q", c.code, ls[0], c.want)
		}
	}
}

func TestTimeCannotCollapse(t *testing.T) {
	out := mustRun(t, `
local lan = mesh.link("lan")
local n = mesh.node("n", {program = "local function again() node.after(0, again) end again()"})
local e = mesh.node("e", {program = "node.every('1us', function() end)"})
mesh.run(2)
print(n:stats().stopped, e:stats().stopped, mesh.now())`)
	if ls := scriptLines(out); ls[0] != "true\tfalse\t2" || !strings.Contains(out, "more than 1000000 timer events in one second") {
		t.Errorf("a node whose timers never let time move must be stopped, one at the floor not:\n%s", out)
	}
}

func TestSleepThroughPcallIsRefused(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {program = [[
function main()
  print(pcall(node.sleep, 0.5))
  node.sleep(1)
  print("woke at", node.now())
end]]})
mesh.run(3)
print(n:stats().stopped)`)
	if !strings.Contains(out, "false\t[n]:2: node.sleep cannot wait when called through pcall") ||
		!strings.Contains(out, "woke at\t1") || scriptLines(out)[0] != "false" {
		t.Errorf("pcall(node.sleep) must fail clearly and main go on:\n%s", out)
	}
}

func TestInterruptStopsAHungCall(t *testing.T) {
	w := &signalWriter{marker: "spinning now", seen: make(chan struct{})}
	var out bytes.Buffer
	h := NewHost(io.MultiWriter(w, &out), t.TempDir())
	defer h.Close()
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer L.Close()
	go func() {
		<-w.seen
		h.Interrupt()
	}()
	err = h.RunChunk(L, "test.lua", `
mesh.node("hang", {budget = "1h", program = "function on_start() print('spinning now') while true do end end"})
mesh.run(1)`)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(out.String(), "hang: stopped: interrupted") {
		t.Errorf("got %v\n%s", err, out.String())
	}
}
