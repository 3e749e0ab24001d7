package runtime

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"
)

// numbered sends, every period, a burst of frames of size bytes, each
// numbered in its payload, and notes when (on the network's clock) it
// sent each.
type numbered struct {
	period      time.Duration
	burst, size int
	bursts      int
	sent        []time.Duration // by number
}

func (s *numbered) Start(n *Node) error {
	var tm *Timer
	tm = n.Every(s.period, func() error {
		for range s.burst {
			payload := make([]byte, s.size-HeaderLen)
			binary.BigEndian.PutUint32(payload, uint32(len(s.sent)))
			s.sent = append(s.sent, n.Now())
			n.Send(1, NewFrame(Broadcast, n.Port(1).MAC(), EtherType, payload))
		}
		if len(s.sent) == s.burst*s.bursts {
			tm.Cancel()
		}
		return nil
	})
	return nil
}
func (s *numbered) Receive(*Node, *Port, *Frame) error { return nil }
func (s *numbered) Stop(*Node) error                   { return nil }

// arrivals notes when each numbered frame arrived.
type arrivals map[uint32]time.Duration

func (a arrivals) Start(*Node) error { return nil }
func (a arrivals) Stop(*Node) error  { return nil }
func (a arrivals) Receive(n *Node, _ *Port, f *Frame) error {
	a[binary.BigEndian.Uint32(f.Payload())] = n.Now()
	return nil
}

// sendOver runs src to a receiver over a link with im, in real time or
// virtual, until every frame has been sent and none is in flight, and
// returns what arrived and the link's counters.
func sendOver(t *testing.T, realtime bool, im Impairments, src *numbered) (arrivals, LinkStats) {
	t.Helper()
	nw := newNet(t, 7)
	if realtime {
		nw.SetRealtime(true)
		defer nw.Close()
	}
	l := mustLink(t, nw, "l", im)
	mustNode(t, nw, "src", src, l)
	got := arrivals{}
	mustNode(t, nw, "dst", got, l)
	total := src.burst * src.bursts
	for began := time.Now(); len(src.sent) < total || l.Stats().InFlight > 0; {
		if time.Since(began) > 30*time.Second {
			t.Fatalf("after 30s, %d of %d frames sent, %d in flight", len(src.sent), total, l.Stats().InFlight)
		}
		nw.Run(50 * time.Millisecond)
	}
	return got, l.Stats()
}

// checkLateness checks that no frame arrived before it should have and
// that they were late by little, at the median over all frames: a median
// that a loaded machine keeps (an idle one is within microseconds).
func checkLateness(t *testing.T, late []time.Duration, s LinkStats) {
	t.Helper()
	for i, d := range late {
		if d < 0 {
			t.Errorf("frame %d arrived %v early", i, -d)
		}
	}
	slices.Sort(late)
	if med := late[len(late)/2]; med > 250*time.Microsecond {
		t.Errorf("frames arrived late by %v at the median (p99 %v)", med, late[len(late)*99/100])
	}
	if s.Lateness.Frames != s.Delivered || s.Lateness.Median > 250*time.Microsecond || s.Lateness.Max < s.Lateness.P99 {
		t.Errorf("the link reports lateness %+v for %d frames delivered", s.Lateness, s.Delivered)
	}
}

// transmitted works out, as a transmitter with a rate and a queue limit
// does, when each frame sent at sent[i] arrives after a delay, or -1 if it
// finds the queue full: a frame starts when the one before it has gone,
// and waits if that is later than when it was sent.
func transmitted(sent []time.Duration, each, delay time.Duration, queue int) []time.Duration {
	var busy time.Duration
	var starts, arrive []time.Duration
	for _, at := range sent {
		waiting := 0
		for _, s := range starts {
			if s > at {
				waiting++
			}
		}
		start := max(at, busy)
		if start > at && waiting >= queue {
			arrive = append(arrive, -1)
			continue
		}
		starts = append(starts, start)
		busy = start + each
		arrive = append(arrive, busy+delay)
	}
	return arrive
}

// A rate-limited link with a short queue, in real time: bursts of ten
// 1000-byte frames at 10 Mbit/s take 800µs each to send, five may wait,
// and the rest are dropped; each frame arrives when that arithmetic and
// the 3ms delay say, from the times the bursts were sent, as in virtual
// time.
func TestRealtimeRateAndQueueKeepTheirArithmetic(t *testing.T) {
	src := &numbered{period: 20 * time.Millisecond, burst: 10, size: 1000, bursts: 15}
	im := Impairments{Delay: 3 * time.Millisecond, Rate: 10_000_000, Queue: 5}
	got, s := sendOver(t, true, im, src)
	want := transmitted(src.sent, 800*time.Microsecond, 3*time.Millisecond, 5)
	var late []time.Duration
	dropped := 0
	for n, at := range want {
		arrived, ok := got[uint32(n)]
		switch {
		case at < 0 && ok:
			t.Errorf("frame %d arrived: the queue was full when it was sent", n)
		case at < 0:
			dropped++
		case !ok:
			t.Errorf("frame %d did not arrive", n)
		default:
			late = append(late, arrived-at)
		}
	}
	if s.Drops[DropQueueFull] != uint64(dropped) || dropped < 4*15 {
		t.Errorf("%d frames dropped as queue_full, want %d (at least four a burst)", s.Drops[DropQueueFull], dropped)
	}
	checkLateness(t, late, s)
}

// Delay, jitter and loss draw from the link's generator the same way in
// real time as in virtual time: the same frames are lost, and each frame
// that arrives takes the time it takes in virtual time, plus how late the
// scheduler fired.
func TestRealtimeJitterAndLossAsInVirtualTime(t *testing.T) {
	mk := func() *numbered { return &numbered{period: 2 * time.Millisecond, burst: 1, size: 100, bursts: 200} }
	im := Impairments{Delay: 4 * time.Millisecond, Jitter: 3 * time.Millisecond, Loss: 0.2}
	vsrc := mk()
	want, _ := sendOver(t, false, im, vsrc)
	src := mk()
	got, s := sendOver(t, true, im, src)
	if len(got) != len(want) || len(want) < 120 || len(want) > 190 {
		t.Fatalf("%d frames arrived in real time, %d in virtual time (of 200, 20%% lost)", len(got), len(want))
	}
	var late []time.Duration
	for n, vat := range want {
		at, ok := got[n]
		if !ok {
			t.Errorf("frame %d arrived in virtual time, not in real time", n)
			continue
		}
		late = append(late, (at-src.sent[n])-(vat-vsrc.sent[n]))
	}
	checkLateness(t, late, s)
}
