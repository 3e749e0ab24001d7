package devtest

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Rate writes n frames with write (k at a time, k <= batch) while read
// takes them, and returns the rate at which frames arrived; frames the
// reader missed (a full buffer) do not count. stop must end read.
func Rate(n, batch int, write func(k int), read func() int, stop func()) float64 {
	var got, last atomic.Int64
	start := time.Now()
	go func() {
		for got.Load() < int64(n) {
			k := read()
			if k <= 0 {
				return
			}
			got.Add(int64(k))
			last.Store(int64(time.Since(start)))
		}
	}()
	for sent := 0; sent < n; sent += batch {
		write(min(batch, n-sent))
	}
	for before := int64(-1); got.Load() < int64(n) && got.Load() != before; {
		before = got.Load()
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	if last.Load() == 0 {
		return 0
	}
	return float64(got.Load()) / time.Duration(last.Load()).Seconds()
}

// Latency measures b.N round trips of a 64-byte frame from a to c and
// back, and reports the one-way time.
func Latency(b *testing.B, a, c runtime.Device) {
	frame := make([]byte, runtime.Headroom+64)
	copy(frame[runtime.Headroom:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x88, 0xb5})
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
