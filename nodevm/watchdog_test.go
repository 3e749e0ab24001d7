package nodevm

import (
	"strings"
	"testing"
	"time"
)

func TestStoppedNodesLetTheirVMGo(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
big = {}
for i = 1, 1e5 do big[i] = {i} end
node.after(1, function() error("stop here") end)
`, nodeOptions{})
	tn.run(2 * time.Second)
	p := n.Program().(*Program)
	if !n.Stopped() || p.L != nil || p.held != nil || p.mem.size.Load() != 0 {
		t.Errorf("a failed node keeps its VM: stopped %v, L %v, %d held functions", n.Stopped(), p.L, len(p.held))
	}
	if !strings.Contains(tn.out.String(), "stop here") {
		t.Errorf("log: %s", tn.out.String())
	}
}

func TestProcessLimitStopsTheLargestNode(t *testing.T) {
	tn := newTestNet(t)
	tn.node("small", "node.every(0.001, function() end)", nodeOptions{})
	big := tn.node("big", `
local t = {}
for i = 1, 2e5 do t[i] = {i} end
function size() return #t end
node.every(0.001, function() end)
`, nodeOptions{})
	// big measured itself as its chunk ended (small's did too little to be
	// measured); from now on every tick finds the process over its limit,
	// and the watchdog, on its own clock, stops the largest node.
	tn.watch.limit.Store(1)
	for deadline := time.Now().Add(30 * time.Second); !big.Stopped() && time.Now().Before(deadline); {
		tn.run(10 * time.Millisecond)
	}
	out := tn.out.String()
	first := strings.Index(out, "stopped: stopped to keep the process under its memory limit")
	if first < 0 || !strings.HasSuffix(out[:first], "big: ") {
		t.Errorf("the node holding the most must be stopped first:\n%s", out)
	}
}
