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

func TestNodesAreAskedToMeasureAsTheHeapGrows(t *testing.T) {
	const mib = 1 << 20
	w := &Watchdog{lastHeap: 100 * mib} // no goroutine: it observes the heaps the test gives
	w.limit.Store(1 << 40)
	for _, c := range []struct {
		heap uint64
		asks bool
	}{
		{200 * mib, false}, // grown by less than 128 MiB
		{229 * mib, true},  // by more
		{150 * mib, false}, // shrunk: growth counts from here
		{270 * mib, false},
		{279 * mib, true},
		{400 * mib, false}, // past 256 MiB, by half of 279
		{420 * mib, true},
	} {
		before := w.generation.Load()
		w.observe(c.heap, 1)
		if asked := w.generation.Load() != before; asked != c.asks {
			t.Errorf("heap %d MiB: asked every node to measure: %v, want %v", c.heap/mib, asked, c.asks)
		}
	}
}
