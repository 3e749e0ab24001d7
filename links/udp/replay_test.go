package udp

import (
	"net"
	"sync"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// drain reads d until it is closed, which the test does when it ends, and
// waits for the reader then.
func drain(t *testing.T, d *Device) {
	var wg sync.WaitGroup
	wg.Go(func() {
		bufs, sizes := make([][]byte, batch), make([]int, batch)
		for i := range bufs {
			bufs[i] = make([]byte, runtime.MaxFrame)
		}
		for {
			if _, err := d.Read(bufs, sizes, 0); err != nil {
				return
			}
		}
	})
	t.Cleanup(func() { d.Close(); wg.Wait() })
}

// waitFor waits until cond holds, failing the test after ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited ten seconds for %s", what)
		}
	}
}

// seen is how many datagrams d has taken or refused.
func seen(d *Device) uint64 {
	s := d.Stats()
	return s.RxFrames + s.Rejected.Total()
}

// send sends the datagrams to d, 64 at a time, each lot once d has taken
// or refused the one before, so none overflows the socket's buffer.
func send(t *testing.T, d *Device, port int, datagrams [][]byte) {
	t.Helper()
	for len(datagrams) > 0 {
		n := min(len(datagrams), 64)
		before := seen(d)
		stranger(t, port, datagrams[:n]...)
		waitFor(t, "the device to read what was sent", func() bool { return seen(d) >= before+uint64(n) })
		datagrams = datagrams[n:]
	}
}

// writeFrames writes n frames from a, batch at a time, each batch once b
// has read the one before.
func writeFrames(t *testing.T, a, b *Device, n int) {
	t.Helper()
	read := b.Stats().RxFrames
	for i := 0; i < n; i += batch {
		lot := make([][]byte, min(batch, n-i))
		for j := range lot {
			lot[j] = testFrame("frame")
		}
		if _, err := a.Write(lot, 0); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the frames to be read", func() bool { return b.Stats().RxFrames >= read+uint64(i+len(lot)) })
	}
}

// TestReplayedTrafficIsCountedAndDropped records a keyed link's traffic on
// the segment's port, as a stranger on the LAN can, and sends it all
// again.
func TestReplayedTrafficIsCountedAndDropped(t *testing.T) {
	const frames = 1000
	cfg := Config{Network: "n", Key: "k", Encrypt: true}
	a, b := pair(t, cfg, cfg)
	port := b.conn.LocalAddr().(*net.UDPAddr).Port
	drain(t, b)
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := listen(lo, port, true)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	rec.SetReadDeadline(time.Now().Add(10 * time.Second)) // a lost datagram fails the test, below
	var recorded [][]byte
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 65536)
		for len(recorded) < frames {
			n, _, err := rec.ReadFromUDP(buf)
			if err != nil {
				return
			}
			recorded = append(recorded, append([]byte(nil), buf[:n]...))
		}
	})
	writeFrames(t, a, b, frames)
	wg.Wait()
	if len(recorded) != frames {
		t.Fatalf("recorded %d of %d datagrams", len(recorded), frames)
	}
	a.Close()
	rec.Close() // b alone has the port now

	send(t, b, port, recorded)
	s := b.Stats()
	if s.RxFrames != frames || s.Rejected[runtime.DevReplayed] != frames {
		t.Errorf("of %d replays, %d were delivered and %d counted as replayed (rejected: %v)",
			frames, s.RxFrames-frames, s.Rejected[runtime.DevReplayed], s.Rejected.Map())
	}
}

// TestReorderedTrafficPassesWithinTheWindow sends a sender's datagrams out
// of order: those within the window of the newest pass, once each; those
// behind it are too old.
func TestReorderedTrafficPassesWithinTheWindow(t *testing.T) {
	port := freePort(t)
	b, err := Open(Config{Port: port, Iface: "lo", Network: "n", Key: "k", Encrypt: false})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, b)
	peer := closedDevice(t, Config{Network: "n", Key: "k", Encrypt: false})
	const newest = 3000
	dg := make([][]byte, newest+1) // dg[i] has sequence number i
	for i := 1; i <= newest; i++ {
		dg[i] = datagram(peer, testFrame("x"), func(b []byte) []byte { return b })
	}
	var reordered [][]byte
	reordered = append(reordered, dg[newest])
	for i := newest - 1; i >= newest-windowSize; i-- { // newest first, then back to the window's end
		reordered = append(reordered, dg[i])
	}
	send(t, b, port, reordered)
	if s := b.Stats(); s.RxFrames != windowSize+1 || s.Rejected.Total() != 0 {
		t.Errorf("of %d datagrams within the window, %d passed; rejected: %v", windowSize+1, s.RxFrames, s.Rejected.Map())
	}
	send(t, b, port, [][]byte{dg[newest-windowSize-1], dg[1], dg[newest-1], dg[newest]})
	s := b.Stats()
	if s.RxFrames != windowSize+1 || s.Rejected[runtime.DevTooOld] != 2 || s.Rejected[runtime.DevReplayed] != 2 {
		t.Errorf("two too old and two again: %d passed in all, rejected %v", s.RxFrames, s.Rejected.Map())
	}
}
