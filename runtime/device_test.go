package runtime_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/links/pipe"
	"github.com/meshlua/meshlua/runtime"
)

// counter is a native program that counts frames by source address.
type counter struct {
	mu   sync.Mutex
	from map[runtime.MAC]int
}

func (c *counter) Start(*runtime.Node) error { return nil }
func (c *counter) Stop(*runtime.Node) error  { return nil }
func (c *counter) Receive(_ *runtime.Node, _ *runtime.Port, f *runtime.Frame) error {
	c.mu.Lock()
	c.from[f.Src()]++
	c.mu.Unlock()
	return nil
}

func (c *counter) count(m runtime.MAC) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.from[m]
}

// TestTwoNetworksJoinedByADevice joins two networks (as two processes
// would be) through a pipe device on each one's link.
func TestTwoNetworksJoinedByADevice(t *testing.T) {
	ea, eb := pipe.New(1500)
	mk := func(name string, end runtime.Device) (*runtime.Network, *runtime.Link) {
		nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
		nw.SetRealtime(true)
		l, _ := nw.AddLink("lan", runtime.Impairments{})
		if err := nw.AttachDevice(l, end); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { nw.Close(); nw.Scheduler().Release() })
		return nw, l
	}
	nwA, la := mk("A", ea)
	nwB, lb := mk("B", eb)
	src := &runtime.Source{Dst: runtime.Broadcast, Size: 100, Interval: 10 * time.Millisecond, Count: 10}
	a, _ := nwA.AddNode("a", src)
	nwA.Connect(a, la)
	got := &counter{from: map[runtime.MAC]int{}}
	b, _ := nwB.AddNode("b", got)
	nwB.Connect(b, lb)
	c, _ := nwB.AddNode("c", &runtime.Sink{})
	nwB.Connect(c, lb)

	runBoth := func(d time.Duration) {
		var wg sync.WaitGroup
		for _, nw := range []*runtime.Network{nwA, nwB} {
			wg.Add(1)
			go func() { defer wg.Done(); nw.Run(d) }()
		}
		wg.Wait()
	}
	// Run both in steps until what is awaited came, or ten seconds passed:
	// a loaded machine may take longer than the frames' own timing.
	runUntil := func(what string, done func() bool) {
		for deadline := time.Now().Add(10 * time.Second); !done(); runBoth(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within ten seconds", what)
			}
		}
	}
	amac := a.Port(1).MAC()
	runUntil("a's 10 broadcasts", func() bool { return got.count(amac) >= 10 })
	runBoth(20 * time.Millisecond) // time for a frame too many to come
	if n := got.count(amac); n != 10 {
		t.Errorf("b got %d of a's 10 broadcasts across the device", n)
	}
	// b answers a by unicast: B's link has learnt that a is behind its device,
	// so c does not get the answer.
	f := runtime.NewFrame(amac, b.Port(1).MAC(), runtime.EtherType, []byte("hi a"))
	b.Send(1, f)
	runUntil("b's answer", func() bool { return la.Stats().Delivered >= 11 })
	if s := lb.Stats(); s.Unicast != 1 {
		t.Errorf("B's link sent %d unicast frames, want 1 (to its device)", s.Unicast)
	}
	if ls := la.Stats(); ls.Offered != 11 || ls.Delivered != 11 {
		t.Errorf("A's link offered %d, delivered %d: want a's 10 and the answer", ls.Offered, ls.Delivered)
	}
	if s := ea.Stats(); s.TxFrames != 10 || s.RxFrames != 1 {
		t.Errorf("A's device sent %d and received %d frames, want 10 and 1", s.TxFrames, s.RxFrames)
	}
}

// slowDevice writes only when its gate opens; it reads nothing.
type slowDevice struct {
	gate    chan struct{}
	closed  chan struct{}
	mu      sync.Mutex
	written int
}

func (d *slowDevice) Read([][]byte, []int, int) (int, error) {
	<-d.closed
	return 0, net.ErrClosed
}

func (d *slowDevice) Write(bufs [][]byte, _ int) (int, error) {
	<-d.gate
	d.mu.Lock()
	d.written += len(bufs)
	d.mu.Unlock()
	return len(bufs), nil
}

func (d *slowDevice) BatchSize() int             { return 64 }
func (d *slowDevice) MTU() int                   { return 1500 }
func (d *slowDevice) Stats() runtime.DeviceStats { return runtime.DeviceStats{} }
func (d *slowDevice) Close() error               { close(d.closed); return nil }
func (d *slowDevice) count() int                 { d.mu.Lock(); defer d.mu.Unlock(); return d.written }

// TestDeviceBehindDropsAndCounts sends a burst at a device whose writer is
// stuck: what its queue cannot hold is dropped as device_busy, the rest is
// written once it gets going, and every frame is one or the other.
func TestDeviceBehindDropsAndCounts(t *testing.T) {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	nw.SetRealtime(true)
	defer nw.Scheduler().Release()
	l, _ := nw.AddLink("lan", runtime.Impairments{})
	dev := &slowDevice{gate: make(chan struct{}), closed: make(chan struct{})}
	if err := nw.AttachDevice(l, dev); err != nil {
		t.Fatal(err)
	}
	a, _ := nw.AddNode("a", &runtime.Sink{})
	nw.Connect(a, l)
	const burst = 3000
	for i := 0; i < burst; i++ {
		a.Send(1, runtime.NewFrame(runtime.Broadcast, a.Port(1).MAC(), runtime.EtherType, make([]byte, 50)))
	}
	nw.Run(50 * time.Millisecond)
	close(dev.gate)
	busy := l.DeviceBusy()
	if busy == 0 || busy >= burst {
		t.Fatalf("%d of %d frames dropped as device_busy: want some, not all", busy, burst)
	}
	if got := nw.Stats().Drops[runtime.DropDeviceBusy]; got != busy {
		t.Errorf("the network counts %d device_busy drops, the link %d", got, busy)
	}
	if got := l.DeviceStats().TxDropped[runtime.DevBusy]; got != busy {
		t.Errorf("the device's stats count %d dropped as busy, the link %d", got, busy)
	}
	nw.Close() // writes out what is queued
	if w := dev.count(); uint64(w)+busy != burst {
		t.Errorf("written %d + dropped %d != %d sent", w, busy, burst)
	}
	if got := nw.Stats().Drops[runtime.DropDeviceBusy]; got != busy {
		t.Errorf("after the device is gone the network counts %d device_busy drops, want %d", got, busy)
	}
}

// failingDevice refuses every frame it is given to write, one per Write,
// and reads nothing.
type failingDevice struct {
	closed chan struct{}
	counts links.Counters
}

func (d *failingDevice) Read([][]byte, []int, int) (int, error) {
	<-d.closed
	return 0, net.ErrClosed
}

func (d *failingDevice) Write(bufs [][]byte, _ int) (int, error) {
	d.counts.Tx(0, 0, len(bufs))
	return 0, errors.New("no carrier")
}

func (d *failingDevice) BatchSize() int             { return 1 }
func (d *failingDevice) MTU() int                   { return 1500 }
func (d *failingDevice) Stats() runtime.DeviceStats { return d.counts.Stats() }
func (d *failingDevice) Close() error               { close(d.closed); return nil }

// TestDeviceWriteErrorsAreReported makes every write to a device fail: the
// network's log has the first error at once, and the others as a count,
// not a line each.
func TestDeviceWriteErrorsAreReported(t *testing.T) {
	var log bytes.Buffer // read holding the network, which Logf is called holding
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, &log)
	nw.SetRealtime(true)
	defer nw.Scheduler().Release()
	l, _ := nw.AddLink("lan", runtime.Impairments{})
	dev := &failingDevice{closed: make(chan struct{})}
	if err := nw.AttachDevice(l, dev); err != nil {
		t.Fatal(err)
	}
	a, _ := nw.AddNode("a", &runtime.Sink{})
	nw.Connect(a, l)
	send := func(n int) {
		for range n {
			a.Send(1, runtime.NewFrame(runtime.Broadcast, a.Port(1).MAC(), runtime.EtherType, make([]byte, 50)))
		}
	}
	runUntil := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); nw.Run(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited ten seconds for %s; the log:\n%s", what, log.String())
			}
		}
	}
	began := time.Now()
	send(1)
	runUntil("the first error in the log", func() bool { return log.Len() > 0 })
	if got := log.String(); !strings.HasSuffix(got, "] lan: device: write: no carrier\n") {
		t.Errorf("the first write error is logged as %q", got)
	}
	const failures = 10
	send(failures - 1)
	runUntil("the other writes", func() bool { return l.DeviceStats().TxErrors == failures })
	nw.Close() // reports what the log does not have yet
	took := time.Since(began)

	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	reported := 0
	for _, line := range lines {
		_, rest, _ := strings.Cut(line, "] lan: device: write: no carrier")
		more := 0
		if rest != "" {
			if _, err := fmt.Sscanf(rest, " (and %d more)", &more); err != nil {
				t.Errorf("a report reads %q", line)
			}
		}
		reported += 1 + more
	}
	if reported != failures {
		t.Errorf("the log reports %d failed writes, want %d:\n%s", reported, failures, log.String())
	}
	if took < time.Second && len(lines) != 2 {
		t.Errorf("%d failed writes within a second make %d lines, want 2 (the first, then the count):\n%s",
			failures, len(lines), log.String())
	}
}

// TestDeviceReasonsHaveNamesAndSides: every device reason has a name of
// its own and is counted on a side, and DeviceDrops names its counts.
func TestDeviceReasonsHaveNamesAndSides(t *testing.T) {
	seen := map[string]bool{}
	for r := runtime.DeviceReason(0); r < runtime.NumDeviceReasons; r++ {
		if name := r.String(); name == "unknown" || seen[name] {
			t.Errorf("reason %d is called %q", r, name)
		}
		seen[r.String()] = true
		if !r.Rx() && !r.Tx() {
			t.Errorf("%v is counted on neither side", r)
		}
	}
	if r := runtime.NumDeviceReasons; r.String() != "unknown" || r.Rx() || r.Tx() {
		t.Errorf("NumDeviceReasons is %q, rx %v, tx %v", r, r.Rx(), r.Tx())
	}
	d := runtime.DeviceDrops{runtime.DevNotIP: 2, runtime.DevBusy: 1}
	if m := d.Map(); len(m) != 2 || m["not_ip"] != 2 || m["busy"] != 1 || d.Total() != 3 {
		t.Errorf("%v counts %v, in all %d", d, m, d.Total())
	}
}
