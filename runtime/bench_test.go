package runtime

import (
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSwitch moves 64-byte frames between two native endpoints over a
// virtual link with a delay, in batches of 256 per scheduler run.
func BenchmarkSwitch(b *testing.B) {
	l, sink := stream(b, Impairments{Delay: time.Microsecond}, time.Microsecond)
	if sink.Frames != uint64(b.N) {
		b.Fatalf("delivered %d of %d", sink.Frames, b.N)
	}
	b.ReportMetric(float64(l.Stats().Delivered)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkImpairedLink moves 64-byte frames over a link with every
// impairment: a 100 Gbit/s rate with a queue, 10µs delay with 2µs jitter
// and 1% loss, so each frame is serialised, queued, drawn for loss and
// scheduled at a time of its own. Frames lost or dropped at the queue
// count as switched: the switch handled them.
func BenchmarkImpairedLink(b *testing.B) {
	l, sink := stream(b, Impairments{Rate: 100e9, Queue: 512, Delay: 10 * time.Microsecond,
		Jitter: 2 * time.Microsecond, Loss: 0.01}, 20*time.Microsecond)
	s := l.Stats()
	if s.Offered != uint64(b.N) || s.Delivered+s.Dropped() != s.Offered || sink.Frames != s.Delivered {
		b.Fatalf("offered %d, delivered %d, dropped %d, sink got %d", s.Offered, s.Delivered, s.Dropped(), sink.Frames)
	}
	if b.N >= 100_000 && (s.Drops[DropLoss] == 0 || s.Drops[DropLoss] > uint64(b.N)/50) {
		b.Fatalf("%d of %d frames lost, want about 1%%", s.Drops[DropLoss], b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// stream sends b.N 64-byte frames from one native node to another over a
// link with impairments im (sendAll).
func stream(b *testing.B, im Impairments, step time.Duration) (*Link, *Sink) {
	nw := NewNetwork(NewVirtual(), 1, nil)
	l, _ := nw.AddLink("l", im)
	a, _ := nw.AddNode("a", &Sink{})
	nw.Connect(a, l)
	sink := &Sink{}
	c, _ := nw.AddNode("b", sink)
	nw.Connect(c, l)
	sendAll(b, nw, a, c.Port(1).MAC(), step)
	return l, sink
}

// sendAll starts the benchmark's timer, sends b.N 64-byte frames from src
// to dst in batches of 256, each followed by a run of step, runs until the
// network is quiet, and stops the timer.
func sendAll(b *testing.B, nw *Network, src *Node, dst MAC, step time.Duration) {
	mac := src.Port(1).MAC()
	payload := make([]byte, 64-HeaderLen)
	nw.Run(0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 256 {
		for j := 0; j < 256 && i+j < b.N; j++ {
			src.Send(1, NewFrame(dst, mac, EtherType, payload))
		}
		nw.Run(step)
	}
	nw.Run(time.Millisecond)
	b.StopTimer()
}

// BenchmarkFlood broadcasts on an 8-port shared link: one frame, seven copies.
func BenchmarkFlood(b *testing.B) {
	nw := NewNetwork(NewVirtual(), 1, nil)
	l, _ := nw.AddLink("l", Impairments{})
	var first *Node
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		n, _ := nw.AddNode(name, &Sink{})
		nw.Connect(n, l)
		if first == nil {
			first = n
		}
	}
	src := first.Port(1).MAC()
	nw.Run(0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first.Send(1, NewFrame(Broadcast, src, EtherType, nil))
		nw.Run(0)
	}
}

// BenchmarkScheduler schedules and fires timer-free events at spread times.
func BenchmarkScheduler(b *testing.B) {
	v := NewVirtual()
	h := nopHandler{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v.Schedule(Event{At: v.Now() + time.Duration(i%97), H: h})
		if v.Pending() >= 1024 {
			v.Run(50)
		}
	}
}

type nopHandler struct{}

func (nopHandler) Handle(Event) {}

// BenchmarkRelayChain sends 64-byte frames through four native relays
// (6 nodes, 5 links): the reference for the Lua relay chain in bindings.
func BenchmarkRelayChain(b *testing.B) {
	nw := NewNetwork(NewVirtual(), 1, nil)
	var links []*Link
	for i := 0; i < 5; i++ {
		l, _ := nw.AddLink(string(rune('a'+i)), Impairments{})
		links = append(links, l)
	}
	src, _ := nw.AddNode("src", &Sink{})
	nw.Connect(src, links[0])
	for i := 0; i < 4; i++ {
		r, _ := nw.AddNode("relay"+string(rune('1'+i)), Relay{})
		nw.Connect(r, links[i])
		nw.Connect(r, links[i+1])
	}
	sink := &Sink{}
	dst, _ := nw.AddNode("dst", sink)
	nw.Connect(dst, links[4])
	sendAll(b, nw, src, Broadcast, 0)
	if sink.Frames != uint64(b.N) {
		b.Fatalf("the sink got %d of %d", sink.Frames, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// burst is a native program that sends up to n frames to dst every period,
// keeping at most n in flight (it reads what the sink has counted).
type burst struct {
	dst    MAC
	n      int
	period time.Duration
	sink   *atomicSink
	sent   int64
}

func (b *burst) Start(n *Node) error {
	payload := make([]byte, 64-HeaderLen)
	src := n.Port(1).MAC()
	n.Every(b.period, func() error {
		room := int64(b.n) - (b.sent - b.sink.frames.Load()) // read once: the sink's counter is on another core
		for ; room > 0; room-- {
			n.Send(1, NewFrame(b.dst, src, EtherType, payload))
			b.sent++
		}
		return nil
	})
	return nil
}
func (b *burst) Receive(*Node, *Port, *Frame) error { return nil }
func (b *burst) Stop(*Node) error                   { return nil }

// BenchmarkSwitchRealtime moves 64-byte frames between two native endpoints
// over a virtual link with the real-time clock: every 100µs a sender sends
// as many frames as keep 4096 in flight, the sink counts them.
func BenchmarkSwitchRealtime(b *testing.B) {
	nw := NewNetwork(NewVirtual(), 1, nil)
	nw.SetRealtime(true)
	defer nw.Close()
	l, _ := nw.AddLink("l", Impairments{})
	sink := &atomicSink{}
	dst, _ := nw.AddNode("dst", sink)
	nw.Connect(dst, l)
	src, _ := nw.AddNode("src", &burst{dst: dst.Port(1).MAC(), n: 4096, period: 100 * time.Microsecond, sink: sink})
	nw.Connect(src, l)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	nw.Scheduler().Release()
	for sink.frames.Load() < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	nw.Scheduler().Hold()
	b.StopTimer()
	b.ReportMetric(float64(sink.frames.Load())/elapsed.Seconds(), "frames/s")
}

// atomicSink counts frames; the benchmark reads the count from another
// goroutine.
type atomicSink struct{ frames atomic.Int64 }

func (s *atomicSink) Start(*Node) error                  { return nil }
func (s *atomicSink) Stop(*Node) error                   { return nil }
func (s *atomicSink) Receive(*Node, *Port, *Frame) error { s.frames.Add(1); return nil }
