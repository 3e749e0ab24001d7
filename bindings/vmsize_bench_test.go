package bindings

import "testing"

// BenchmarkVMSize measures a node that holds a million small tables, the
// cost that sets how often a node measures itself (measureStepsPerObject).
func BenchmarkVMSize(b *testing.B) {
	h, L, _ := newTestHost(b)
	if err := h.RunChunk(L, "bench.lua", `mesh.node("n", {memory = "4GiB", program = "t = {} for i = 1, 1e6 do t[i] = {i} end"})`); err != nil {
		b.Fatal(err)
	}
	p := h.Net.Node("n").Program().(*luaProgram)
	b.ResetTimer()
	for range b.N {
		_, objects := vmSize(p)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*objects), "ns/object")
	}
}
