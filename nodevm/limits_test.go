package nodevm

import (
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

func TestBudgetStopsLoopsInsideCoroutines(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
function spin()
  local co = coroutine.wrap(function()
    local inner = coroutine.create(function() while true do end end)
    coroutine.resume(inner)
    while true do end
  end)
  co()
end`, nodeOptions{budget: 100 * time.Millisecond})
	if _, err := tn.call(n, "spin"); err == nil || !strings.Contains(err.Error(), "exceeded its CPU budget of 100ms") {
		t.Errorf("a loop in a coroutine must be stopped by the node's budget: %v", err)
	}
}

func TestCoroutinesNestOnlySoDeep(t *testing.T) {
	const program = `local function f() return coroutine.wrap(f)() end
local function g() local co = coroutine.create(g) local ok, err = coroutine.resume(co) error(err, 0) end
function wrapped() return f() end
function resumed() return g() end`
	tn := newTestNet(t)
	a, b := tn.node("a", program, nodeOptions{}), tn.node("b", program, nodeOptions{})
	if _, err := tn.call(a, "wrapped"); err == nil || !strings.HasPrefix(err.Error(), "[a]:1: coroutines nested more than 200 deep") {
		t.Errorf("coroutines within coroutines without end must raise an error, not end the process: %v", err)
	}
	if _, err := tn.call(b, "resumed"); err == nil || !strings.HasPrefix(err.Error(), "[b]:2: coroutines nested more than 200 deep") {
		t.Errorf("coroutines within coroutines without end must raise an error, not end the process: %v", err)
	}
}

// memoryBomb runs a network whose node "leak" keeps 1 MiB more every
// millisecond of network time, beside an honest pair, for a second, and
// returns what b counted, whether leak stopped, and the log.
func memoryBomb(t *testing.T) (string, bool, string) {
	tn := newTestNet(t)
	lan := tn.link("lan", runtime.Impairments{Delay: time.Millisecond})
	leak := tn.node("leak", `
local kept = {}
node.every("1ms", function() kept[#kept + 1] = string.rep(string.char(#kept % 256), 1048576) end)
`, nodeOptions{memory: 16 << 20})
	tn.node("a", "node.every(0.01, function() node.broadcast('x') end)", nodeOptions{links: []*runtime.Link{lan}})
	b := tn.node("b", "counter", nodeOptions{links: []*runtime.Link{lan}})
	tn.run(time.Second)
	return tn.mustCall(b, "count"), leak.Stopped(), tn.out.String()
}

func TestMemoryBudgetHoldsAcrossCalls(t *testing.T) {
	count, stopped, out := memoryBomb(t)
	if count != "99" || !stopped {
		t.Errorf("the honest pair must go on (99 frames) and leak stop: %s, %v\n%s", count, stopped, out)
	}
	if !strings.Contains(out, "leak: stopped: exceeded its memory budget of 16 MiB: it holds ") {
		t.Errorf("the stop must name the budget and the size held:\n%s", out)
	}
	if count2, stopped2, again := memoryBomb(t); count2 != count || stopped2 != stopped || again != out {
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
		tn := newTestNet(t)
		n := tn.node("n", `function try() return pcall(function() `+c.code+` end) end`, nodeOptions{})
		got := tn.mustCall(n, "try")
		if c.want == "" && got != "true" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
	}
}

func TestTimeCannotCollapse(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", "local function again() node.after(0, again) end again()", nodeOptions{})
	e := tn.node("e", "node.every('1us', function() end)", nodeOptions{})
	tn.run(2 * time.Second)
	if !n.Stopped() || e.Stopped() || tn.net.Now() != 2*time.Second || !strings.Contains(tn.out.String(), "more than 1000000 timer events in one second") {
		t.Errorf("a node whose timers never let time move must be stopped, one at the floor not: %v %v %v\n%s",
			n.Stopped(), e.Stopped(), tn.net.Now(), tn.out.String())
	}
}

func TestSleepThroughPcallIsRefused(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `function main()
  print(pcall(node.sleep, 0.5))
  node.sleep(1)
  print("woke at", node.now())
end`, nodeOptions{})
	tn.run(3 * time.Second)
	out := tn.out.String()
	if !strings.Contains(out, "false\t[n]:2: node.sleep cannot wait when called through pcall") ||
		!strings.Contains(out, "woke at\t1") || n.Stopped() {
		t.Errorf("pcall(node.sleep) must fail clearly and main go on:\n%s", out)
	}
}
