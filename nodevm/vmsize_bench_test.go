package nodevm

import "testing"

// BenchmarkVMSize measures a node that holds a million small tables, the
// cost that sets how often a node measures itself (measureStepsPerObject).
func BenchmarkVMSize(b *testing.B) {
	tn := newTestNet(b)
	n := tn.node("n", "t = {} for i = 1, 1e6 do t[i] = {i} end", nodeOptions{memory: 4 << 30})
	p := n.Program().(*Program)
	b.ResetTimer()
	for range b.N {
		_, objects := vmSize(p)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*objects), "ns/object")
	}
}

// BenchmarkVMSizeFloodNode measures a node running the stdlib's flood, as
// every node of a big network is measured after the heap has grown: a
// few hundred objects, most of the cost the walk's own set and list.
func BenchmarkVMSizeFloodNode(b *testing.B) {
	tn := newTestNet(b)
	p := tn.node("n", "flood", nodeOptions{}).Program().(*Program)
	b.ReportAllocs()
	for range b.N {
		vmSize(p)
	}
}
