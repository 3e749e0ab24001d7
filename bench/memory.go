package bench

import (
	"fmt"
	goruntime "runtime"
)

// idleTarget is the most heap an idle Lua node may take, in bytes.
const idleTarget = 48 << 10

// IdleNodeBytes makes n idle Lua nodes running the stdlib's counter, each
// with one port on a shared link, and returns the heap they take, per
// node, once the network has started them.
func IdleNodeBytes(n int) (float64, error) {
	sc := newScript()
	defer sc.close()
	if err := sc.run(`mesh.link("lan")`); err != nil {
		return 0, err
	}
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	err := sc.run(fmt.Sprintf(`
for i = 1, %d do mesh.node("n" .. i, {program = "counter", links = {"lan"}}) end
mesh.run(0)`, n))
	if err != nil {
		return 0, err
	}
	goruntime.GC()
	goruntime.ReadMemStats(&after)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n), nil
}

func runIdleNode(cfg Config) ([]Figure, error) {
	n := cfg.pick(10_000, 200)
	b, err := IdleNodeBytes(n)
	if err != nil {
		return nil, err
	}
	return []Figure{atMost("idle-node", b, "bytes", idleTarget,
		fmt.Sprintf("heap per idle Lua node (VM, one port, counters), over %d nodes running counter", n))}, nil
}
