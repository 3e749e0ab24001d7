package lua

import "testing"

// BenchmarkNewState measures a state made as a host of many small
// sandboxes makes them: no libraries opened, a small registry, a call
// stack that grows on demand.
func BenchmarkNewState(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		L := NewState(Options{SkipOpenLibs: true, RegistrySize: 128, CallStackSize: 200, MinimizeStackMemory: true})
		L.Close()
	}
}

// BenchmarkNewSandboxState is a state as meshlua makes one per node: a
// registry of 32 values, and the string metatable set.
func BenchmarkNewSandboxState(b *testing.B) {
	b.ReportAllocs()
	mt := newLTable(0, 0)
	for i := 0; i < b.N; i++ {
		L := NewState(Options{SkipOpenLibs: true, RegistrySize: 32, CallStackSize: 200, MinimizeStackMemory: true})
		L.SetMetatable(LString(""), mt)
		L.Close()
	}
}
