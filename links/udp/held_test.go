package udp

import (
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// TestAHeldNetworkDropsAndCountsWhatItCannotTake holds the network, as a
// script does between two runs, while many datagrams come to its udp
// link: what waits for the network stays bounded, the rest is dropped and
// counted as busy, and once released the network takes what waited and
// what comes next.
func TestAHeldNetworkDropsAndCountsWhatItCannotTake(t *testing.T) {
	const sent = 5000
	cfg := Config{Network: "held", Key: "k", Encrypt: true}
	a, b := pair(t, cfg, cfg)
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	nw.SetRealtime(true) // this test holds the network from now on
	defer func() { nw.Close(); nw.Scheduler().Release() }()
	l, _ := nw.AddLink("lan", runtime.Impairments{})
	if err := nw.AttachDevice(l, b); err != nil {
		t.Fatal(err)
	}
	sink := &runtime.Sink{}
	n, _ := nw.AddNode("sink", sink)
	nw.Connect(n, l)

	writeFrames(t, a, b, sent)
	busy := func() uint64 { return l.DeviceStats().Rejected[runtime.DevBusy] }
	waitFor(t, "the reader to drop what does not fit", func() bool { return busy() == sent-1024 })
	if s := l.Stats(); s.Offered != 0 || sink.Frames != 0 {
		t.Fatalf("while held the link was offered %d frames, the sink got %d", s.Offered, sink.Frames)
	}

	runUntil := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); nw.Run(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited ten seconds for %s", what)
			}
		}
	}
	runUntil("the frames that waited", func() bool { return sink.Frames == 1024 })
	writeFrames(t, a, b, 100)
	runUntil("the frames sent after", func() bool { return sink.Frames == 1024+100 })
	if got := busy(); got != sent-1024 {
		t.Errorf("%d frames dropped as busy in all, want %d", got, sent-1024)
	}
	if s := l.Stats(); s.Offered != 1124 || s.Delivered != 1124 {
		t.Errorf("the link was offered %d frames and delivered %d, want 1124", s.Offered, s.Delivered)
	}
}
