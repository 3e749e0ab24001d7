package udp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

// loopback is HOST:PORT of port on the loopback interface.
func loopback(port int) string { return fmt.Sprintf("127.0.0.1:%d", port) }

// openPeer opens a device with peers on port of the loopback interface;
// the test closes it.
func openPeer(t testing.TB, port int, c Config) *Device {
	t.Helper()
	c.Port = port
	c.Network = "peers"
	if c.Key == "" {
		c.Key, c.Encrypt = "k", true
	}
	d, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// peerPair opens two devices that know each other's address.
func peerPair(t testing.TB) (*Device, *Device) {
	pa, pb := freePort(t), freePort(t)
	return openPeer(t, pa, Config{Peers: []string{loopback(pb)}}), openPeer(t, pb, Config{Peers: []string{loopback(pa)}})
}

func TestConformanceWithPeers(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) { return peerPair(t) })
}

// collector reads a device in the background, as the runtime does, and
// keeps the frames.
type collector struct{ frames chan []byte }

func collect(t *testing.T, d *Device) *collector {
	c := &collector{frames: make(chan []byte, 1024)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		bufs, sizes := [][]byte{make([]byte, runtime.MaxFrame)}, []int{0}
		for {
			n, err := d.Read(bufs, sizes, 0)
			if n == 1 {
				select {
				case c.frames <- append([]byte(nil), bufs[0][:sizes[0]]...):
				default: // a test that floods does not look
				}
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { d.Close(); <-done })
	return c
}

// next waits for a frame.
func (c *collector) next(t *testing.T) []byte {
	t.Helper()
	select {
	case f := <-c.frames:
		return f
	case <-time.After(10 * time.Second):
		t.Fatal("no frame came in ten seconds")
	}
	return nil
}

// none checks that no frame comes while the others are sent and read.
func (c *collector) none(t *testing.T, what string) {
	t.Helper()
	select {
	case f := <-c.frames:
		t.Errorf("%s: got %q", what, f)
	default:
	}
}

// peerNamed finds the peer at addr in d's report.
func peerNamed(d *Device, addr string) (links.PeerStats, bool) {
	for _, p := range d.Peers().Peers {
		if p.Addr == addr {
			return p, true
		}
	}
	return links.PeerStats{}, false
}

func frameTo(dst, src runtime.MAC, payload string) []byte {
	return runtime.NewFrame(dst, src, runtime.EtherType, []byte(payload)).Bytes()
}

// TestFramesGoToThePeerBehindTheirAddress: a broadcast frame goes to every
// peer; once a node's MAC is heard from behind a peer, frames to it go to
// that peer alone.
func TestFramesGoToThePeerBehindTheirAddress(t *testing.T) {
	pa, pb, pc := freePort(t), freePort(t), freePort(t)
	a := openPeer(t, pa, Config{Peers: []string{loopback(pb), loopback(pc)}})
	b := openPeer(t, pb, Config{Peers: []string{}})
	c := openPeer(t, pc, Config{Peers: []string{}})
	ra, rb, rc := collect(t, a), collect(t, b), collect(t, c)
	nodeA, nodeB := runtime.MAC{2, 0, 0, 0, 0, 0xa}, runtime.MAC{2, 0, 0, 0, 0, 0xb}

	if _, err := a.Write([][]byte{frameTo(runtime.Broadcast, nodeA, "to all")}, 0); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*collector{rb, rc} {
		if f := r.next(t); !bytes.HasSuffix(f, []byte("to all")) {
			t.Fatalf("read %q", f)
		}
	}
	// b answers from nodeB: a learns that nodeB is behind b.
	b.Write([][]byte{frameTo(nodeA, nodeB, "from b")}, 0)
	if f := ra.next(t); !bytes.HasSuffix(f, []byte("from b")) {
		t.Fatalf("a read %q", f)
	}
	a.Write([][]byte{frameTo(nodeB, nodeA, "for b only")}, 0)
	if f := rb.next(t); !bytes.HasSuffix(f, []byte("for b only")) {
		t.Fatalf("b read %q", f)
	}
	a.Write([][]byte{frameTo(runtime.Broadcast, nodeA, "marker")}, 0)
	if f := rc.next(t); !bytes.HasSuffix(f, []byte("marker")) {
		t.Fatalf("c read %q, the frame for b only or another", f)
	}
	pbStats, ok := peerNamed(a, loopback(pb))
	if !ok || pbStats.TxFrames != 3 || pbStats.RxFrames != 1 || !pbStats.Heard || pbStats.Relayed {
		t.Errorf("a's peer b: %+v (known %v), want 3 frames sent, 1 heard, direct", pbStats, ok)
	}
	if pcStats, _ := peerNamed(a, loopback(pc)); pcStats.TxFrames != 2 {
		t.Errorf("a's peer c: %+v, want 2 frames sent", pcStats)
	}
}

// TestALinkWithoutPeersDropsAndCounts: a frame with no peer to go to is
// dropped as no_peer.
func TestALinkWithoutPeersDropsAndCounts(t *testing.T) {
	d := openPeer(t, freePort(t), Config{Serve: true})
	if n, err := d.Write([][]byte{testFrame("nobody")}, 0); n != 0 || err != nil {
		t.Errorf("wrote %d frames, %v", n, err)
	}
	if s := d.Stats(); s.TxDropped[runtime.DevNoPeer] != 1 || s.TxFrames != 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestAPeerThatMovesIsFollowedAndAReplayMovesNothing: a peer's address is
// what its last authenticated datagram came from, so a peer that roams
// (or whose NAT maps it anew) is followed; a datagram recorded and sent
// again from elsewhere is refused and moves nothing.
func TestAPeerThatMovesIsFollowedAndAReplayMovesNothing(t *testing.T) {
	a, b := peerPair(t)
	ra, rb := collect(t, a), collect(t, b)
	b.Write([][]byte{testFrame("hello")}, 0)
	ra.next(t)
	// b "moves": its old address falls silent (a live b there would go
	// on sending keepalives and peer lists from it, which a rightly
	// follows back), and its next datagram comes from another socket.
	b.Close()
	moved, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer moved.Close()
	dg := datagram(b, testFrame("from my new address"), func(b []byte) []byte { return b })
	if _, err := moved.WriteToUDP(dg, a.conn.LocalAddr().(*net.UDPAddr)); err != nil {
		t.Fatal(err)
	}
	ra.next(t)
	if _, ok := peerNamed(a, moved.LocalAddr().String()); !ok {
		t.Fatalf("a did not follow b to %s: %+v", moved.LocalAddr(), a.Peers())
	}
	a.Write([][]byte{testFrame("where are you")}, 0)
	buf := make([]byte, 2048)
	moved.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		n, _, err := moved.ReadFromUDP(buf)
		if err != nil {
			t.Fatalf("a's frame did not come to b's new address: %v", err)
		}
		if h, _ := parseHeader(buf[:n]); h.typ == typeFrame {
			break
		}
	}
	rb.none(t, "b's old socket")
	// A stranger replays b's datagram from its own address: refused, and b stays.
	stranger, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer stranger.Close()
	before := a.Stats().Rejected[runtime.DevReplayed]
	stranger.WriteToUDP(dg, a.conn.LocalAddr().(*net.UDPAddr))
	waitFor(t, "the replay to be refused", func() bool { return a.Stats().Rejected[runtime.DevReplayed] > before })
	if _, ok := peerNamed(a, stranger.LocalAddr().String()); ok {
		t.Errorf("a replayed datagram moved b to the stranger's address: %+v", a.Peers())
	}
}

// TestPeersLearnEachOtherByExchange: a and c know only b; b tells each of
// the other, and a's frames reach c directly.
func TestPeersLearnEachOtherByExchange(t *testing.T) {
	pa, pb, pc := freePort(t), freePort(t), freePort(t)
	a := openPeer(t, pa, Config{Peers: []string{loopback(pb)}, Keepalive: time.Second})
	b := openPeer(t, pb, Config{Peers: []string{}, Keepalive: time.Second})
	c := openPeer(t, pc, Config{Peers: []string{loopback(pb)}, Keepalive: time.Second})
	collect(t, a)
	collect(t, b)
	rc := collect(t, c)
	waitFor(t, "a to hear c", func() bool { p, ok := peerNamed(a, loopback(pc)); return ok && p.Heard })
	waitFor(t, "c to hear a", func() bool { p, ok := peerNamed(c, loopback(pa)); return ok && p.Heard })
	a.Write([][]byte{testFrame("straight to c")}, 0)
	if f := rc.next(t); !bytes.HasSuffix(f, []byte("straight to c")) {
		t.Fatalf("c read %q", f)
	}
	if p, _ := peerNamed(c, loopback(pa)); p.RxFrames != 1 || p.Relayed {
		t.Errorf("c's peer a: %+v, want one frame heard directly", p)
	}
	if pub := a.Peers().Public; pub != loopback(pa) {
		t.Errorf("a's public address is %q, want %s (as b sees it)", pub, loopback(pa))
	}
}

// TestAFloodOfNewSendersIsBounded: senders with the key but new ids, one
// after the other (registrations to a rendezvous, say), are learnt at a
// bounded rate, the rest counted as rate_limited; the table never holds
// more than max_peers.
func TestAFloodOfNewSendersIsBounded(t *testing.T) {
	port := freePort(t)
	d := openPeer(t, port, Config{Serve: true, MaxPeers: 50})
	drain(t, d)
	to := d.conn.LocalAddr().(*net.UDPAddr)
	var conns []*net.UDPConn
	var dgs [][]byte
	for range 300 { // each from an address of its own
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
		dgs = append(dgs, datagram(closedDevice(t, Config{Network: "peers", Key: "k", Encrypt: true}), testFrame("hi"),
			func(b []byte) []byte { return b }))
	}
	start := time.Now()
	for i, c := range conns {
		c.WriteToUDP(dgs[i], to)
	}
	waitFor(t, "the device to read them", func() bool { return seen(d) >= 300 })
	// At most a second's worth of new peers at once, and as many more a
	// second as the burst took.
	most := newPeersPerSecond * (1 + time.Since(start).Seconds())
	if n := len(d.Peers().Peers); n > 50 {
		t.Errorf("%d peers, more than max_peers", n)
	}
	limited := d.Stats().Rejected[runtime.DevRateLimited]
	if learnt := 300 - float64(limited); learnt > most+1 || limited == 0 {
		t.Errorf("%d of 300 new senders in a burst were learnt, %d rate_limited; want at most %.0f learnt", 300-limited, limited, most)
	}
}

// TestWritingToAPeerAllocatesNothing: a frame to a learnt peer, and a
// broadcast to every peer, cost no allocation.
func TestWritingToAPeerAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes x/net's pooled message headers allocate")
	}
	a, b := peerPair(t)
	ra := collect(t, a)
	nodeA, nodeB := runtime.MAC{2, 0, 0, 0, 0, 0xa}, runtime.MAC{2, 0, 0, 0, 0, 0xb}
	b.Write([][]byte{frameTo(nodeA, nodeB, "from b")}, 0)
	ra.next(t)
	b.Close() // nobody reads (reading allocates the senders' addresses): only a's writing counts
	frames := [][]byte{frameTo(nodeB, nodeA, "unicast"), frameTo(runtime.Broadcast, nodeA, "broadcast")}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := a.Write(frames, 0); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per write of two frames", allocs)
	}
}

func TestBadPeerOptionsSayWhatToDo(t *testing.T) {
	for _, c := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"peers": []string{"nohost"}}, `option peers[1]: "nohost" is not HOST:PORT`},
		{map[string]any{"peers": []string{"127.0.0.1:1", "no.such.host.invalid:7777"}}, `option peers[2]: "no.such.host.invalid:7777" does not resolve`},
		{map[string]any{"rendezvous": "x"}, `option rendezvous: "x" is not HOST:PORT`},
		{map[string]any{"rendezvous": 3.0}, `option rendezvous: want "HOST:PORT"`},
		{map[string]any{"peers": 3.0}, `option peers: want a list of strings`},
		{map[string]any{"keepalive": "soon", "rendezvous": true}, `option keepalive: want a duration such as "25s"`},
		{map[string]any{"max_peers": 10.0}, `option max_peers: only a link with peers or a rendezvous takes it`},
	} {
		c.opts["port"] = float64(freePort(t))
		d, err := open("l", c.opts)
		if d != nil {
			d.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.opts, err, c.want)
		}
	}
}

// TestRelaysAreCheckedAndCounted: a rendezvous passes on a relay only to
// a peer it knows, and only the sender's own datagram; a link that is no
// rendezvous relays nothing.
func TestRelaysAreCheckedAndCounted(t *testing.T) {
	port, other := freePort(t), freePort(t)
	rv := openPeer(t, port, Config{Serve: true})
	member := openPeer(t, other, Config{Peers: []string{}})
	drain(t, rv)
	drain(t, member)
	s := closedDevice(t, Config{Network: "peers", Key: "k", Encrypt: true})
	stranger := closedDevice(t, Config{Network: "peers", Key: "k", Encrypt: true})
	relay := func(to uint64, inner []byte) []byte {
		body := append(binary.BigEndian.AppendUint64(nil, to), inner...)
		return append([]byte(nil), s.sealAs(make([]byte, 2*headerLen+runtime.MaxFrame+2*tagLen), typeRelay, body, false, &s.wnonce)...)
	}
	own := func(d *Device) []byte { return datagram(d, testFrame("inner"), func(b []byte) []byte { return b }) }
	send(t, rv, port, [][]byte{relay(12345, own(s)), relay(12345, own(stranger))})
	send(t, member, other, [][]byte{relay(12345, own(s))})
	if got := rv.Stats().Rejected.Map(); got["no_peer"] != 1 || got["malformed"] != 1 {
		t.Errorf("the rendezvous counted %v, want a relay to nobody as no_peer and one of another's datagram as malformed", got)
	}
	if got := member.Stats().Rejected.Map(); got["malformed"] != 1 {
		t.Errorf("a member counted %v, want a relay asked of it as malformed", got)
	}
}
