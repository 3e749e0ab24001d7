package irc

import (
	"fmt"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/ircdtest"
	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/links/linkbench"
	"github.com/meshlua/meshlua/runtime"
)

// BenchmarkIRCLatency measures a 64-byte frame's trip between two devices
// through the test server, with a rate limit the server's (1000 lines/s).
func BenchmarkIRCLatency(b *testing.B) {
	srv := ircdtest.Start(b, ircdtest.Options{})
	ch := newChannel()
	devtest.Latency(b, openDevice(b, fast(srv, ch)), openDevice(b, fast(srv, ch)))
}

// BenchmarkIRCThroughput measures how many frames of 64 and 1514 bytes
// cross the test server per second with that rate limit; Write is retried
// while the queue is full.
func BenchmarkIRCThroughput(b *testing.B) {
	srv := ircdtest.Start(b, ircdtest.Options{})
	for _, size := range []int{64, 1514} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			ch := newChannel()
			a, c := openDevice(b, fast(srv, ch)), openDevice(b, fast(srv, ch))
			frame := make([]byte, runtime.Headroom+size)
			copy(frame[runtime.Headroom:], testFrame(""))
			bufs, sizes := [][]byte{make([]byte, runtime.Headroom+runtime.MaxFrame)}, []int{0}
			rate := linkbench.Rate(b.N, 1,
				func(int) {
					for n, _ := a.Write([][]byte{frame}, runtime.Headroom); n == 0; n, _ = a.Write([][]byte{frame}, runtime.Headroom) {
						time.Sleep(time.Millisecond)
					}
				},
				func() int { k, _ := c.Read(bufs, sizes, runtime.Headroom); return k },
				func() { c.Close() })
			b.ReportMetric(rate, "frames/s")
			part := partOf(a)
			b.ReportMetric(rate*float64((size+part-1)/part), "lines/s")
		})
	}
}
