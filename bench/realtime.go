package bench

import (
	"sync/atomic"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// inFlight is how many frames the real-time sender keeps on their way.
const inFlight = 4096

// countingSink counts frames where another goroutine can read the count.
type countingSink struct{ frames atomic.Int64 }

func (s *countingSink) Start(*runtime.Node) error { return nil }
func (s *countingSink) Stop(*runtime.Node) error  { return nil }
func (s *countingSink) Receive(*runtime.Node, *runtime.Port, *runtime.Frame) error {
	s.frames.Add(1)
	return nil
}

// topUp is a native program that, every 100µs, sends as many 64-byte
// frames to dst as keep inFlight of them on their way to sink.
type topUp struct {
	dst  runtime.MAC
	sink *countingSink
	sent int64
}

func (t *topUp) Start(n *runtime.Node) error {
	payload := make([]byte, 64-runtime.HeaderLen)
	src := n.Port(1).MAC()
	n.Every(100*time.Microsecond, func() error {
		room := inFlight - (t.sent - t.sink.frames.Load()) // read once: the sink's counter is on another core
		for ; room > 0; room-- {
			n.Send(1, runtime.NewFrame(t.dst, src, runtime.EtherType, payload))
			t.sent++
		}
		return nil
	})
	return nil
}
func (t *topUp) Receive(*runtime.Node, *runtime.Port, *runtime.Frame) error { return nil }
func (t *topUp) Stop(*runtime.Node) error                                   { return nil }

func runSwitchRealtime(cfg Config) ([]Figure, error) {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	nw.SetRealtime(true)
	defer nw.Close()
	l, _ := nw.AddLink("l", runtime.Impairments{})
	sink := &countingSink{}
	b, _ := nw.AddNode("b", sink)
	nw.Connect(b, l)
	a, _ := nw.AddNode("a", &topUp{dst: b.Port(1).MAC(), sink: sink})
	nw.Connect(a, l)
	warm := cfg.measureTime() / 10
	nw.Run(warm)
	best := 0.0
	for i := 0; i < slices; i++ {
		before, start := sink.frames.Load(), time.Now()
		nw.Run(cfg.measureTime() / slices)
		best = max(best, float64(sink.frames.Load()-before)/time.Since(start).Seconds())
	}
	return []Figure{atLeast("switch-realtime", best, "frames/s", realtimeTarget,
		"64-byte frames between two native endpoints over a link, real-time clock, 4096 in flight")}, nil
}
