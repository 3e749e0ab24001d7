package udp

import (
	"encoding/binary"
	"net"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/meshlua/meshlua/runtime"
)

// listGap is how often at most a link sends a peer a peer list; a peer
// list that comes sooner than half of it after the last from the same
// peer is counted as rate_limited and dropped.
const listGap = 250 * time.Millisecond

// heardLocked takes note of m, an authenticated datagram with header h
// and body body, on a link with peers: its sender becomes or stays a peer,
// at the address it came from, and a control message does what it says.
// It returns why the datagram is refused after all, or nil.
func (d *Device) heardLocked(h *header, m *ipv4.Message, body []byte, now time.Duration) error {
	from, _ := m.Addr.(*net.UDPAddr)
	if from == nil {
		return errMalformed
	}
	t := d.peers
	p := t.heardLocked(h.sender, from, now)
	if p == nil {
		return errRateLimited
	}
	switch h.typ {
	case typeFrame:
		p.rx.Add(1)
		p.rxBytes.Add(uint64(len(body)))
		t.behindLocked(runtime.MAC(body[6:12]), p)
	case typePeers:
		return d.peerListLocked(p, body, now)
	case typeRelay:
		return d.relayLocked(p, body)
	}
	return nil
}

// peerListLocked learns the peers in the peer list body that p sent: new
// ones to punch a hole to, and this link's own public address.
func (d *Device) peerListLocked(p *peer, body []byte, now time.Duration) error {
	if p.listHeard != 0 && now-p.listHeard < listGap/2 {
		return errRateLimited
	}
	p.listHeard = now
	t, self, learnt := d.peers, d.sender.Load(), false
	err := parsePeerList(body, func(id uint64, ip net.IP, port int) {
		addr := &net.UDPAddr{IP: ip, Port: port}
		q := t.byID[id]
		switch {
		case id == self:
			if !sameAddr(t.public, addr) {
				t.public = cloneAddr(addr)
			}
		case id == 0 || id == p.id || port == 0:
		case q == nil:
			learnt = t.addLocked(&peer{id: id, addr: cloneAddr(addr), nextPunch: now}) || learnt
		case (q.direct == 0 || now-q.direct > t.stale) && !sameAddr(q.addr, addr):
			// not heard directly (lately): try where it is said to be now
			q.addr, q.punches, q.nextPunch = cloneAddr(addr), 0, now
			learnt = true
		}
	})
	if learnt {
		d.ctl.poke()
	}
	return err
}

// relayLocked passes on the datagram in body, which p sent for another
// peer of this rendezvous: body is the other's sender id, then the
// datagram, which must be p's own.
func (d *Device) relayLocked(p *peer, body []byte) error {
	t := d.peers
	if !t.serve || len(body) < 8 {
		return errMalformed
	}
	inner := body[8:]
	if h, err := parseHeader(inner); err != nil || h.sender != p.id || h.network != d.network {
		return errMalformed
	}
	q := t.byID[binary.BigEndian.Uint64(body)]
	if q == nil || q.addr == nil {
		return errNoPeer
	}
	if _, err := d.conn.WriteToUDP(inner, q.addr); err != nil {
		d.counts.Tx(0, 0, 1)
		return nil
	}
	p.relays.Add(1)
	return nil
}
