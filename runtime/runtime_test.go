package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// arrival is one frame seen by a recorder.
type arrival struct {
	at   time.Duration
	port int
	src  MAC
	body string
}

// recorder is a test program that remembers every frame it receives.
type recorder struct {
	got  []arrival
	fail error // returned from Receive when set
}

func (r *recorder) Start(*Node) error { return nil }
func (r *recorder) Stop(*Node) error  { return nil }
func (r *recorder) Receive(n *Node, p *Port, f *Frame) error {
	r.got = append(r.got, arrival{n.Now(), p.Index(), f.Src(), string(f.Payload())})
	return r.fail
}

func newNet(t testing.TB, seed uint64) *Network {
	t.Helper()
	return NewNetwork(NewVirtual(), seed, nil)
}

func mustLink(t testing.TB, nw *Network, name string, im Impairments) *Link {
	t.Helper()
	l, err := nw.AddLink(name, im)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustNode(t testing.TB, nw *Network, name string, prog Program, links ...*Link) *Node {
	t.Helper()
	n, err := nw.AddNode(name, prog)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if _, err := nw.Connect(n, l); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func send(t testing.TB, n *Node, port int, dst MAC, body string) {
	t.Helper()
	f := NewFrame(dst, n.Port(port).MAC(), EtherType, []byte(body))
	if err := n.Send(port, f); err != nil {
		t.Fatal(err)
	}
}

func checkBalance(t *testing.T, nw *Network) {
	t.Helper()
	for _, l := range nw.Links() {
		s := l.Stats()
		if s.Offered != s.Delivered+s.Dropped()+s.InFlight {
			t.Errorf("link %s: offered %d != delivered %d + dropped %d + in flight %d",
				l.Name(), s.Offered, s.Delivered, s.Dropped(), s.InFlight)
		}
	}
}

func TestUnicastAfterLearningFloodsBefore(t *testing.T) {
	nw := newNet(t, 1)
	lan := mustLink(t, nw, "lan", Impairments{Delay: time.Millisecond})
	ra, rb, rc := &recorder{}, &recorder{}, &recorder{}
	a := mustNode(t, nw, "a", ra, lan)
	b := mustNode(t, nw, "b", rb, lan)
	mustNode(t, nw, "c", rc, lan)

	send(t, a, 1, b.Port(1).MAC(), "who is b?") // b unknown yet: flooded
	nw.Run(10 * time.Millisecond)
	if len(rb.got) != 1 || len(rc.got) != 1 {
		t.Fatalf("unknown unicast should reach b and c: b got %d, c got %d", len(rb.got), len(rc.got))
	}
	send(t, b, 1, a.Port(1).MAC(), "b here") // a was learnt from its first frame
	nw.Run(10 * time.Millisecond)
	send(t, a, 1, b.Port(1).MAC(), "hello b") // b now learnt too
	nw.Run(10 * time.Millisecond)
	if len(ra.got) != 1 || len(rb.got) != 2 || len(rc.got) != 1 {
		t.Fatalf("after learning, unicast must reach only its destination: a=%d b=%d c=%d", len(ra.got), len(rb.got), len(rc.got))
	}
	if rb.got[1].body != "hello b" || rb.got[1].at != 21*time.Millisecond {
		t.Errorf("b got %+v, want \"hello b\" at 21ms", rb.got[1])
	}
	s := lan.Stats()
	if s.Flooded != 1 || s.Unicast != 2 || s.Copies != 4 {
		t.Errorf("flooded %d unicast %d copies %d, want 1, 2, 4", s.Flooded, s.Unicast, s.Copies)
	}
	send(t, c(nw), 1, Broadcast, "all")
	nw.Run(10 * time.Millisecond)
	if len(ra.got) != 2 || len(rb.got) != 3 || len(rc.got) != 1 {
		t.Errorf("broadcast must reach everyone but its sender: a=%d b=%d c=%d", len(ra.got), len(rb.got), len(rc.got))
	}
	checkBalance(t, nw)
}

func c(nw *Network) *Node { return nw.Node("c") }

func TestLossDropsItsShare(t *testing.T) {
	nw := newNet(t, 7)
	l := mustLink(t, nw, "lossy", Impairments{Loss: 0.2})
	a := mustNode(t, nw, "a", &Sink{}, l)
	sink := &Sink{}
	mustNode(t, nw, "b", sink, l)
	for i := 0; i < 10000; i++ {
		send(t, a, 1, Broadcast, "x")
	}
	nw.Run(time.Second)
	lost := l.Stats().Drops[DropLoss]
	// Binomial(10000, 0.2): sd = 40; 4 sd either side.
	if math.Abs(float64(lost)-2000) > 160 {
		t.Errorf("lost %d of 10000 at loss 0.2, want about 2000", lost)
	}
	if sink.Frames+lost != 10000 {
		t.Errorf("received %d + lost %d != 10000", sink.Frames, lost)
	}
	checkBalance(t, nw)
}

func TestRateAndQueueFollowTheArithmetic(t *testing.T) {
	nw := newNet(t, 1)
	// 1 Mbit/s: a 125-byte frame takes exactly 1 ms to serialise.
	l := mustLink(t, nw, "slow", Impairments{Rate: 1_000_000, Queue: 50, Delay: 5 * time.Millisecond})
	a := mustNode(t, nw, "a", &Sink{}, l)
	rb := &recorder{}
	mustNode(t, nw, "b", rb, l)
	body := string(bytes.Repeat([]byte{'x'}, 125-HeaderLen))
	for i := 0; i < 100; i++ {
		send(t, a, 1, Broadcast, body)
	}
	nw.Run(time.Second)
	// One frame on the wire, 50 waiting; the other 49 are tail-dropped.
	if len(rb.got) != 51 {
		t.Fatalf("delivered %d, want 51 (1 transmitting + 50 queued)", len(rb.got))
	}
	if d := l.Stats().Drops[DropQueueFull]; d != 49 {
		t.Errorf("queue_full drops %d, want 49", d)
	}
	for k, g := range rb.got {
		want := time.Duration(k+1)*time.Millisecond + 5*time.Millisecond
		if g.at != want {
			t.Fatalf("frame %d arrived at %v, want %v", k, g.at, want)
		}
	}
	// Once the queue drains, the port takes frames again.
	send(t, a, 1, Broadcast, body)
	nw.Run(time.Second)
	if len(rb.got) != 52 {
		t.Errorf("after draining, delivered %d, want 52", len(rb.got))
	}
	checkBalance(t, nw)
}

func TestFullDuplexCableHasATransmitterPerSide(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "cable", Impairments{Rate: 8_000_000}) // 1 byte per µs
	ra, rb := &recorder{}, &recorder{}
	a := mustNode(t, nw, "a", ra, l)
	b := mustNode(t, nw, "b", rb, l)
	body := string(bytes.Repeat([]byte{'x'}, 1000-HeaderLen))
	send(t, a, 1, Broadcast, body)
	send(t, b, 1, Broadcast, body)
	nw.Run(time.Second)
	if ra.got[0].at != time.Millisecond || rb.got[0].at != time.Millisecond {
		t.Errorf("both directions should take 1ms: a got it at %v, b at %v", ra.got[0].at, rb.got[0].at)
	}
}

func runJittery(seed uint64) string {
	nw := NewNetwork(NewVirtual(), seed, nil)
	l, _ := nw.AddLink("j", Impairments{Delay: 10 * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.3})
	a, _ := nw.AddNode("a", &Sink{})
	nw.Connect(a, l)
	r := &recorder{}
	b, _ := nw.AddNode("b", r)
	nw.Connect(b, l)
	for i := 0; i < 200; i++ {
		a.Send(1, NewFrame(Broadcast, a.Port(1).MAC(), EtherType, []byte(fmt.Sprint(i))))
	}
	nw.Run(time.Second)
	var out bytes.Buffer
	for _, g := range r.got {
		fmt.Fprintf(&out, "%v %s %s\n", g.at, g.src, g.body)
	}
	return out.String()
}

func TestSameSeedSameRunOtherSeedOtherRun(t *testing.T) {
	one, again, other := runJittery(42), runJittery(42), runJittery(43)
	if one != again {
		t.Error("two runs with seed 42 differ")
	}
	if one == other {
		t.Error("seeds 42 and 43 gave the same run")
	}
}

func TestLinkDownAndRemovedFramesAreCounted(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{Delay: 10 * time.Millisecond})
	a := mustNode(t, nw, "a", &Sink{}, l)
	sink := &Sink{}
	mustNode(t, nw, "b", sink, l)
	send(t, a, 1, Broadcast, "in flight when the link goes down")
	nw.Run(time.Millisecond)
	l.SetUp(false)
	send(t, a, 1, Broadcast, "sent while down")
	nw.Run(20 * time.Millisecond)
	if s := l.Stats(); s.Drops[DropLinkDown] != 2 || sink.Frames != 0 {
		t.Errorf("link_down drops %d, delivered %d; want 2, 0", s.Drops[DropLinkDown], sink.Frames)
	}
	l.SetUp(true)
	send(t, a, 1, Broadcast, "up again")
	nw.Run(20 * time.Millisecond)
	if sink.Frames != 1 {
		t.Errorf("after up, delivered %d, want 1", sink.Frames)
	}
	send(t, a, 1, Broadcast, "in flight when the link is removed")
	nw.Run(time.Millisecond)
	nw.RemoveLink(l)
	nw.Run(20 * time.Millisecond)
	if s := l.Stats(); s.Drops[DropLinkRemoved] != 1 {
		t.Errorf("link_removed drops %d, want 1", s.Drops[DropLinkRemoved])
	}
	if err := a.Send(1, NewFrame(Broadcast, MAC{2}, EtherType, nil)); err == nil {
		t.Error("sending on a port whose link was removed should fail")
	}
	if got := nw.Stats().Drops[DropNoPort]; got != 1 {
		t.Errorf("no_port drops %d, want 1", got)
	}
	checkBalance(t, nw)
}

func TestFailingProgramStopsOnlyItsNode(t *testing.T) {
	nw := newNet(t, 1)
	var log bytes.Buffer
	nw.log = &log
	lan := mustLink(t, nw, "lan", Impairments{})
	a := mustNode(t, nw, "a", &Sink{}, lan)
	bad := &recorder{fail: errors.New("boom")}
	b := mustNode(t, nw, "b", bad, lan)
	good := &recorder{}
	mustNode(t, nw, "c", good, lan)
	for i := 0; i < 3; i++ {
		send(t, a, 1, Broadcast, "x")
		nw.Run(time.Millisecond)
	}
	if !b.Stopped() || b.Err() == nil || len(bad.got) != 1 {
		t.Fatalf("b should stop after its first frame: stopped=%v got=%d", b.Stopped(), len(bad.got))
	}
	if len(good.got) != 3 {
		t.Errorf("c got %d frames, want 3", len(good.got))
	}
	if s := b.Stats(); s.Drops[DropProgramError] != 1 || s.Drops[DropNodeStopped] != 2 {
		t.Errorf("b drops %v, want 1 program_error and 2 node_stopped", s.Drops.Map())
	}
	if want := "[0.000000] b: stopped: boom\n"; log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
}

func TestTooBigFrameIsRefused(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{MTU: 100})
	a := mustNode(t, nw, "a", &Sink{}, l)
	err := a.Send(1, NewFrame(Broadcast, MAC{2}, EtherType, make([]byte, 101)))
	var de *DropError
	if !errors.As(err, &de) || de.Reason != DropTooBig {
		t.Errorf("got %v, want a too_big drop", err)
	}
}

func TestSendToDeliverAllocatesNothing(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{Delay: time.Millisecond, Loss: 0.1, Jitter: 100 * time.Microsecond, Rate: 1_000_000_000})
	a := mustNode(t, nw, "a", &Sink{}, l)
	mustNode(t, nw, "b", &Sink{}, l)
	mustNode(t, nw, "c", &Sink{}, l)
	payload := make([]byte, 50)
	dst := nw.Node("b").Port(1).MAC()
	nw.Run(time.Millisecond)
	allocs := testing.AllocsPerRun(10000, func() {
		a.Send(1, NewFrame(dst, a.Port(1).MAC(), EtherType, payload))
		a.Send(1, NewFrame(Broadcast, a.Port(1).MAC(), EtherType, payload))
		nw.Run(2 * time.Millisecond)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per frame from Send to delivery, want 0", allocs)
	}
}

func TestInterruptBeforeRunIsNotLost(t *testing.T) {
	v := NewVirtual()
	v.Interrupt()
	if err := v.Run(time.Second); err != ErrInterrupted {
		t.Errorf("a Ctrl-C just before Run: got %v, want ErrInterrupted", err)
	}
	if err := v.Run(time.Second); err != nil || v.Now() != time.Second {
		t.Errorf("the interrupt must be taken once: %v at %v", err, v.Now())
	}
	v.Interrupt()
	v.ClearInterrupt()
	if err := v.Run(time.Second); err != nil {
		t.Errorf("a cleared interrupt still stopped Run: %v", err)
	}
}

func TestPingCrossesAForwardingNode(t *testing.T) {
	nw := newNet(t, 1)
	l1 := mustLink(t, nw, "l1", Impairments{Delay: time.Millisecond})
	l2 := mustLink(t, nw, "l2", Impairments{Delay: 2 * time.Millisecond})
	a := mustNode(t, nw, "a", &Sink{}, l1)
	mustNode(t, nw, "relay", Relay{}, l1, l2)
	bsink := &Sink{}
	b := mustNode(t, nw, "b", bsink, l2)
	c := mustNode(t, nw, "c", &Sink{}) // no ports: unreachable
	nw.Run(0)
	ab, ba, ac := nw.Ping(a, b), nw.Ping(b, a), nw.Ping(a, c)
	nw.Run(time.Second)
	if !ab.Answered || ab.RTT != 6*time.Millisecond || !ba.Answered || ac.Answered {
		t.Errorf("a->b %+v, b->a %+v, a->c %+v; want 6ms round trips through the relay and no answer from c", ab, ba, ac)
	}
	if bsink.Frames != 0 {
		t.Errorf("b's program saw %d probe frames; the runtime should answer them", bsink.Frames)
	}
}

// logger records arrivals and timer firings in one list, in order.
type logger struct{ events *[]string }

func (g logger) Start(*Node) error { return nil }
func (g logger) Stop(*Node) error  { return nil }
func (g logger) Receive(_ *Node, _ *Port, f *Frame) error {
	*g.events = append(*g.events, "got "+string(f.Payload()))
	return nil
}

// Frames sent one after the other share one flight; an event scheduled
// between two of them, for the time they arrive, still comes between
// them, as it would if each frame were an event of its own.
func TestFlightsKeepTheOrderOfEvents(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{Delay: time.Millisecond})
	var events []string
	a := mustNode(t, nw, "a", logger{&events}, l)
	b := mustNode(t, nw, "b", logger{&events}, l)
	nw.Run(0)
	dst := b.Port(1).MAC()
	send(t, a, 1, dst, "1")
	send(t, a, 1, dst, "2") // boards the flight of 1
	a.After(time.Millisecond, func() error { events = append(events, "timer"); return nil })
	send(t, a, 1, dst, "3") // a flight of its own, after the timer
	send(t, a, 1, dst, "4")
	nw.Run(10 * time.Millisecond)
	want := "got 1|got 2|timer|got 3|got 4"
	if got := strings.Join(events, "|"); got != want {
		t.Errorf("events in the order %q, want %q", got, want)
	}
	if s := l.Stats(); s.Delivered != 4 || s.InFlight != 0 {
		t.Errorf("delivered %d, in flight %d: want 4 and 0", s.Delivered, s.InFlight)
	}
}

func TestTapLogSeesEveryEntry(t *testing.T) {
	var log bytes.Buffer
	nw := NewNetwork(NewVirtual(), 1, &log)
	type entry struct {
		at       time.Duration
		who, msg string
	}
	var tapped []entry
	nw.Logf("early", "before the tap")
	nw.TapLog(func(at time.Duration, who, msg string) { tapped = append(tapped, entry{at, who, msg}) })
	nw.Run(1500 * time.Millisecond)
	nw.Logf("alice", "two\nlines")
	nw.TapLog(nil)
	nw.Logf("bob", "after the tap")
	want := []entry{{1500 * time.Millisecond, "alice", "two\n    lines"}}
	if !reflect.DeepEqual(tapped, want) {
		t.Errorf("the tap saw %+v, want %+v", tapped, want)
	}
	if !strings.Contains(log.String(), "[1.500000] alice: two\n    lines\n") || !strings.Contains(log.String(), "after the tap") {
		t.Errorf("the log holds %q: the tap must not take entries from it", log.String())
	}
}
