package bindings_test

import (
	"testing"

	"github.com/meshlua/meshlua/bench"
)

// The scenarios are package bench's, which `meshlua bench` also runs.

// stream sends b.N frames into s and reports the rate.
func stream(b *testing.B, s *bench.Stream, err error, unit string) {
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	if err := s.Send(b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// BenchmarkLuaRelayChain sends 64-byte frames from a native source through
// four Lua relays (6 nodes, 5 links) to a native sink. The relays build each
// frame anew from a table (as the README's gateway does) or forward it with
// node.send(frame, port).
func BenchmarkLuaRelayChain(b *testing.B) {
	b.Run("table", func(b *testing.B) {
		s, err := bench.LuaRelayChain(bench.RelayTable)
		stream(b, s, err, "frames/s")
	})
	b.Run("frame", func(b *testing.B) {
		s, err := bench.LuaRelayChain(bench.RelayFrame)
		stream(b, s, err, "frames/s")
	})
}

// BenchmarkOnFrame measures calls of a minimal Lua on_frame handler.
func BenchmarkOnFrame(b *testing.B) {
	s, err := bench.OnFrame()
	stream(b, s, err, "calls/s")
}

// BenchmarkIdleNode reports the heap an idle Lua node takes: its VM, its
// port and counters, running the stdlib's counter.
func BenchmarkIdleNode(b *testing.B) {
	var per float64
	for i := 0; i < b.N; i++ {
		var err error
		if per, err = bench.IdleNodeBytes(2000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(per, "bytes/node")
}
