package devtest

import (
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

// Latency measures b.N round trips of a 64-byte frame from a to c and
// back, and reports the one-way time.
func Latency(b *testing.B, a, c runtime.Device) {
	frame := make([]byte, runtime.Headroom+64)
	runtime.PutHeader(frame[runtime.Headroom:], runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType)
	go func() {
		rb, rs := [][]byte{make([]byte, runtime.Headroom+runtime.MaxFrame)}, []int{0}
		for {
			if _, err := c.Read(rb, rs, runtime.Headroom); err != nil {
				return
			}
			c.Write([][]byte{rb[0][:runtime.Headroom+rs[0]]}, runtime.Headroom)
		}
	}()
	bufs, sizes := [][]byte{make([]byte, runtime.Headroom+runtime.MaxFrame)}, []int{0}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Write([][]byte{frame}, runtime.Headroom)
		a.Read(bufs, sizes, runtime.Headroom)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2/1000, "µs/one-way")
}
