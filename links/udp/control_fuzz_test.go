package udp

import (
	"encoding/binary"
	"fmt"
	"net"
	"reflect"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/meshlua/meshlua/runtime"
)

// entries lists a peer list's entries as text, or says it is malformed.
func entries(b []byte) ([]string, error) {
	var list []string
	err := parsePeerList(b, func(id uint64, ip net.IP, port int) {
		list = append(list, fmt.Sprintf("%x %s %d", id, ip, port))
	})
	return list, err
}

// FuzzPeerList reads any bytes as a peer list: it never panics, takes
// at most maxListEntries, and a list it takes, written again, reads back
// to the same entries.
func FuzzPeerList(f *testing.F) {
	f.Add(appendEntry(appendEntry(nil, 1, &net.UDPAddr{IP: net.IPv4(198, 18, 1, 2), Port: 7777}),
		0xfeedface, &net.UDPAddr{IP: net.ParseIP("2001:db8::1"), Port: 1}))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 1, 0x1e, 0x61, 4, 10, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := entries(b)
		if err != nil {
			if list != nil {
				t.Fatalf("a malformed list gave entries %v", list)
			}
			return
		}
		if len(list) > maxListEntries {
			t.Fatalf("%d entries", len(list))
		}
		var again []byte
		parsePeerList(b, func(id uint64, ip net.IP, port int) {
			again = appendEntry(again, id, &net.UDPAddr{IP: ip, Port: port})
		})
		if back, err := entries(again); err != nil || !reflect.DeepEqual(back, list) {
			t.Fatalf("entries %v written as %x read back as %v, %v", list, again, back, err)
		}
	})
}

// FuzzControl gives a link with peers, keyed and not, any datagram, and
// any body sealed as each kind of control message (so that it passes the
// key): it never panics, never returns a control message as a frame, and
// its peer table stays within max_peers.
func FuzzControl(f *testing.F) {
	const limit = 8
	keyed := closedDevice(f, Config{Network: "n", Key: "k", Encrypt: true, Peers: []string{}, MaxPeers: limit})
	plain := closedDevice(f, Config{Network: "n", Peers: []string{}, MaxPeers: limit})
	sender := closedDevice(f, Config{Network: "n", Key: "k", Encrypt: true})
	list := appendEntry(appendEntry(nil, 7, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}),
		keyed.sender.Load(), &net.UDPAddr{IP: net.IPv4(203, 0, 113, 5), Port: 7777})
	relay := binary.BigEndian.AppendUint64(nil, 7)
	relay = append(relay, datagram(sender, testFrame("relayed"), func(b []byte) []byte { return b })...)
	f.Add(list, byte(typePeers), uint16(1))
	f.Add(relay, byte(typeRelay), uint16(2))
	f.Add([]byte{}, byte(typeKeepalive), uint16(3))
	f.Add([]byte("MLUA\x01\x00\x02\x00"), byte(9), uint16(4))
	dst := make([]byte, runtime.MaxFrame+tagLen)
	buf := make([]byte, headerLen+runtime.MaxFrame+tagLen)
	var now time.Duration
	f.Fuzz(func(t *testing.T, body []byte, typ byte, port uint16) {
		if len(body) > runtime.MaxFrame {
			return
		}
		from := &net.UDPAddr{IP: net.IPv4(198, 51, 100, byte(port>>8)), Port: int(port)}
		now += time.Second // no rate limit: every message is read to its end
		for _, d := range []*Device{keyed, plain} {
			raw := append([]byte(nil), body...)
			sealed := append([]byte(nil), sender.sealAs(buf, typ, body, true, &sender.wnonce)...)
			for _, dg := range [][]byte{raw, sealed} {
				h, n, err := d.open(dg, dst)
				if err == nil {
					d.peers.mu.Lock()
					err = d.heardLocked(&h, &ipv4.Message{Addr: from}, dst[:n], now)
					d.peers.mu.Unlock()
				}
				if err == nil && h.typ == typeFrame && n < runtime.HeaderLen {
					t.Fatalf("took a frame of %d bytes", n)
				}
				if got := len(d.peers.list); got > limit {
					t.Fatalf("%d peers, more than %d", got, limit)
				}
			}
		}
	})
}
