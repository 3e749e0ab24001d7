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
// frames to dst as keep window of them on their way to sink. Across a real
// link frames can be lost where no counter sees them (a full socket
// buffer): there (lossy) when nothing has arrived for 10ms of wall time,
// topUp takes what is still on its way as lost.
type topUp struct {
	dst    runtime.MAC
	sink   *countingSink
	window int64
	lossy  bool // frames may be lost unseen: take them as lost after 10ms
	sent   int64
	seen   int64     // the sink's count at the last tick
	moved  time.Time // when the sink's count last moved
}

func (t *topUp) Start(n *runtime.Node) error {
	payload := make([]byte, 64-runtime.HeaderLen)
	src := n.Port(1).MAC()
	t.moved = time.Now()
	n.Every(100*time.Microsecond, func() error {
		got := t.sink.frames.Load() // read once: the sink's counter is on another core
		if got != t.seen {
			t.seen, t.moved = got, time.Now()
		} else if t.lossy && got != t.sent && time.Since(t.moved) >= 10*time.Millisecond {
			t.sent, t.moved = got, time.Now()
		}
		t.sent = max(t.sent, got) // frames taken as lost may arrive after all
		for room := t.window - (t.sent - got); room > 0; room-- {
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
	a, _ := nw.AddNode("a", &topUp{dst: b.Port(1).MAC(), sink: sink, window: inFlight})
	nw.Connect(a, l)
	warm := cfg.measureTime() / 10
	nw.Run(warm)
	best := bestRate(sink, cfg.measureTime(), nw.Run)
	return []Figure{atLeast("switch-realtime", best, "frames/s", realtimeTarget,
		"64-byte frames between two native endpoints over a link, real-time clock, 4096 in flight")}, nil
}

// bestRate runs for d in slices and returns the best rate at which frames
// reached sink in a slice.
func bestRate(sink *countingSink, d time.Duration, run func(time.Duration) error) float64 {
	best := 0.0
	for i := 0; i < slices; i++ {
		before, start := sink.frames.Load(), time.Now()
		run(d / slices)
		best = max(best, float64(sink.frames.Load()-before)/time.Since(start).Seconds())
	}
	return best
}

// acrossDevices returns the rate at which 64-byte frames go from a native
// node on one network, through a link whose device is a, to a native node
// on another network, whose link's device is c: the whole path a user's
// frames take over a real link, the runtime on both sides included. It
// keeps 512 frames on their way (half a device's queue) and closes both
// networks, and with them the devices.
func acrossDevices(a, c runtime.Device, d time.Duration) (float64, error) {
	mk := func(dev runtime.Device) (*runtime.Network, *runtime.Link, error) {
		nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
		nw.SetRealtime(true)
		l, _ := nw.AddLink("l", runtime.Impairments{})
		return nw, l, nw.AttachDevice(l, dev)
	}
	nwA, la, err := mk(a)
	if err != nil {
		return 0, err
	}
	defer nwA.Close()
	nwB, lb, err := mk(c)
	if err != nil {
		return 0, err
	}
	defer nwB.Close()
	sink := &countingSink{}
	b, _ := nwB.AddNode("b", sink)
	nwB.Connect(b, lb)
	src, _ := nwA.AddNode("a", &topUp{dst: b.Port(1).MAC(), sink: sink, window: 512, lossy: true})
	nwA.Connect(src, la)
	nwB.Scheduler().Release() // B runs on its own while A's Runs go on
	defer nwB.Scheduler().Hold()
	nwA.Run(d / 10)
	return bestRate(sink, d, nwA.Run), nil
}
