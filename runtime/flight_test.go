package runtime

import (
	"testing"
	"time"
)

// A flood onto a link with a long delay holds at most its node's share of
// the in-flight budget; the rest is dropped as flight_limit, every frame is
// accounted for, and another node's frames still fly.
func TestFlightLimitBoundsFramesInFlight(t *testing.T) {
	nw := newNet(t, 1)
	per := GetFrame(64)
	limit := 16 * 100 * per.footprint() // a node's share: 100 frames
	PutFrame(per)
	nw.SetFlightLimit(limit)
	l := mustLink(t, nw, "long", Impairments{Delay: time.Minute})
	mustNode(t, nw, "src", &Source{Dst: Broadcast, Size: 64, Interval: time.Millisecond, Count: 1000}, l)
	sink := &Sink{}
	mustNode(t, nw, "sink", sink, l)
	lan := mustLink(t, nw, "lan", Impairments{Delay: time.Millisecond})
	mustNode(t, nw, "a", &Source{Dst: Broadcast, Size: 64, Interval: 10 * time.Millisecond, Count: 100}, lan)
	b := &Sink{}
	mustNode(t, nw, "b", b, lan)
	nw.Run(2 * time.Second)
	s := l.Stats()
	if s.InFlight != 100 || s.Drops[DropFlightLimit] != 900 || nw.FlightBytes() != limit/16 {
		t.Errorf("in flight %d (%d bytes of %d), flight_limit drops %d: want 100 in flight and 900 dropped",
			s.InFlight, nw.FlightBytes(), limit, s.Drops[DropFlightLimit])
	}
	if b.Frames != 100 {
		t.Errorf("the flood took the other pair's room: %d of 100 frames", b.Frames)
	}
	checkBalance(t, nw)
	nw.Run(2 * time.Minute)
	if sink.Frames != 100 || nw.FlightBytes() != 0 || nw.Stats().Drops[DropFlightLimit] != 900 {
		t.Errorf("after the delay: %d delivered, %d bytes still in flight", sink.Frames, nw.FlightBytes())
	}
	checkBalance(t, nw)
}
