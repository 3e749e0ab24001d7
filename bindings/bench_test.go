package bindings

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// benchHost runs src in a fresh host and returns it.
func benchHost(b *testing.B, src string) *Host {
	b.Helper()
	h := NewHost(io.Discard, b.TempDir())
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { L.Close(); h.Close() })
	if err := h.RunChunk(L, "bench.lua", src); err != nil {
		b.Fatal(err)
	}
	return h
}

// addNative adds a native node joined to the named link.
func addNative(b *testing.B, h *Host, name string, prog runtime.Program, link string) *runtime.Node {
	n, err := h.Net.AddNode(name, prog)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := h.Net.Connect(n, h.Net.Link(link)); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkLuaRelayChain sends 64-byte frames from a native source through
// four Lua relays (6 nodes, 5 links) to a native sink.
func BenchmarkLuaRelayChain(b *testing.B) {
	h := benchHost(b, `
for i = 1, 5 do mesh.link("l" .. i) end
for i = 1, 4 do
  mesh.node("relay" .. i, {links = {"l" .. i, "l" .. (i + 1)}, program = [[
    function on_frame(f)
      node.send{port = 3 - f.port, dst = f.dst, type = f.type, payload = f.payload}
    end]]})
end`)
	src := addNative(b, h, "src", &runtime.Sink{}, "l1")
	sink := &runtime.Sink{}
	addNative(b, h, "dst", sink, "l5")
	h.Net.Run(0)
	payload := make([]byte, 64-runtime.HeaderLen)
	mac := src.Port(1).MAC()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 64 {
		for j := 0; j < 64 && i+j < b.N; j++ {
			src.Send(1, runtime.NewFrame(runtime.Broadcast, mac, runtime.EtherType, payload))
		}
		h.Net.Run(time.Millisecond)
	}
	b.StopTimer()
	if sink.Frames != uint64(b.N) {
		b.Fatalf("the sink got %d of %d frames", sink.Frames, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkOnFrame measures calls of a minimal Lua on_frame handler.
func BenchmarkOnFrame(b *testing.B) {
	h := benchHost(b, `
mesh.link("l")
mesh.node("lua", {links = {"l"}, program = "local n = 0 function on_frame(f) n = n + 1 end"})`)
	src := addNative(b, h, "src", &runtime.Sink{}, "l")
	h.Net.Run(0)
	mac := src.Port(1).MAC()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 256 {
		for j := 0; j < 256 && i+j < b.N; j++ {
			src.Send(1, runtime.NewFrame(runtime.Broadcast, mac, runtime.EtherType, nil))
		}
		h.Net.Run(0)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}
