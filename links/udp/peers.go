package udp

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// DefaultMaxPeers is how many peers a link with peers keeps at most.
const DefaultMaxPeers = 256

// newPeersPerSecond is how many peers a link learns at most in a second
// (with as many at once): a flood of new senders, which only the key
// holders can make on a keyed link, is counted as rate_limited and
// dropped, and evicts no more peers than that.
const newPeersPerSecond = 64

// peer is another process of the link, or its rendezvous, that the link
// sends to. The table's lock guards its fields but the counters.
type peer struct {
	id         uint64        // its sender id; 0 until it is heard
	addr       *net.UDPAddr  // where it is; nil while unknown. Replaced, never changed in place
	host       string        // "HOST:PORT" as configured, resolved again while it is not heard; "" if learnt
	rendezvous bool          // the link's rendezvous: it gets no frames
	heard      time.Duration // when it was last heard, directly or relayed; 0: never
	direct     time.Duration // when it was last heard directly; 0: never
	relayed    bool          // frames to it go through the rendezvous
	punches    int           // datagrams sent to it since it was last heard directly
	nextPunch  time.Duration // when the next of them is due
	sent       time.Duration // when a datagram last went to it
	listSent   time.Duration // when it was last sent a peer list
	listSeen   uint64        // the table's version it was last sent
	listHeard  time.Duration // when its last peer list came

	rx, rxBytes, tx, txBytes, relays atomic.Uint64
}

// peerTable is the peers of a link with peers or a rendezvous: at most
// limit, the least recently heard learnt peer giving way to a new one.
type peerTable struct {
	mu      sync.Mutex
	list    []*peer
	byID    map[uint64]*peer
	byMAC   map[runtime.MAC]*peer // where the nodes behind each MAC are
	limit   int
	version uint64        // counts the changes peers should hear of: a peer learnt or moved
	rv      *peer         // the rendezvous this link registers with; nil if none
	serve   bool          // this link is a rendezvous: it relays for its peers
	public  *net.UDPAddr  // this link's address as its peers see it; nil until one tells
	tokens  float64       // new peers that may come now
	filled  time.Duration // when tokens were counted
	stale   time.Duration // a peer not heard directly for this long is not reached directly
}

func newPeerTable(limit int, serve bool) *peerTable {
	return &peerTable{byID: map[uint64]*peer{}, byMAC: map[runtime.MAC]*peer{}, limit: limit, serve: serve,
		tokens: newPeersPerSecond}
}

// sameAddr says whether a and b are one address and port.
func sameAddr(a, b *net.UDPAddr) bool {
	return a != nil && b != nil && a.Port == b.Port && a.IP.Equal(b.IP)
}

func cloneAddr(a *net.UDPAddr) *net.UDPAddr {
	return &net.UDPAddr{IP: append(net.IP(nil), a.IP...), Port: a.Port, Zone: a.Zone}
}

// addLocked puts a new peer in the table, if it has room.
func (t *peerTable) addLocked(p *peer) bool {
	if len(t.list) >= t.limit {
		return false
	}
	t.list = append(t.list, p)
	if p.id != 0 {
		t.byID[p.id] = p
	}
	return true
}

// viaRendezvousLocked says whether a datagram of sender id from from was
// relayed by the rendezvous: it comes from the rendezvous's address, but
// from another sender.
func (t *peerTable) viaRendezvousLocked(id uint64, from *net.UDPAddr) bool {
	return t.rv != nil && t.rv.id != 0 && id != t.rv.id && sameAddr(from, t.rv.addr)
}

// heardLocked records an authenticated datagram of sender id that came
// from from at now, and returns its peer: a peer moves to the address it
// is heard from (it roamed, or its NAT gave it another), a sender heard
// for the first time becomes a peer, in the place of the least recently
// heard learnt peer if the table is full. It returns nil if the sender is
// new and more new ones came in the last second than the link learns.
func (t *peerTable) heardLocked(id uint64, from *net.UDPAddr, now time.Duration) *peer {
	relayed := t.viaRendezvousLocked(id, from)
	p := t.byID[id]
	if p == nil && !relayed {
		for _, q := range t.list {
			if sameAddr(q.addr, from) { // a configured peer's first word, or a peer's new sender id
				delete(t.byID, q.id)
				q.id, p = id, q
				t.byID[id] = p
				break
			}
		}
	}
	if p == nil {
		if !t.takeToken(now) {
			return nil
		}
		if len(t.list) >= t.limit {
			t.evictLocked()
		}
		p = &peer{id: id}
		t.addLocked(p)
		t.version++
	}
	p.heard = now
	if relayed {
		p.relayed = p.direct == 0 || now-p.direct > t.stale
		return p
	}
	if !sameAddr(p.addr, from) {
		p.addr = cloneAddr(from)
		t.version++
	}
	p.direct, p.relayed, p.punches = now, false, 0
	return p
}

// takeToken says whether a new peer may come now.
func (t *peerTable) takeToken(now time.Duration) bool {
	t.tokens = min(newPeersPerSecond, t.tokens+(now-t.filled).Seconds()*newPeersPerSecond)
	t.filled = now
	if t.tokens < 1 {
		return false
	}
	t.tokens--
	return true
}

// evictLocked removes the least recently heard learnt peer.
func (t *peerTable) evictLocked() {
	victim := -1
	for i, p := range t.list {
		if p.host == "" && !p.rendezvous && (victim < 0 || p.heard < t.list[victim].heard) {
			victim = i
		}
	}
	if victim >= 0 {
		t.removeLocked(victim)
	}
}

// removeLocked takes the peer at i out of the table.
func (t *peerTable) removeLocked(i int) {
	p := t.list[i]
	t.list[i] = t.list[len(t.list)-1]
	t.list[len(t.list)-1] = nil
	t.list = t.list[:len(t.list)-1]
	if t.byID[p.id] == p {
		delete(t.byID, p.id)
	}
	for mac, q := range t.byMAC {
		if q == p {
			delete(t.byMAC, mac)
		}
	}
}

// behindLocked notes that the nodes with address mac are behind p.
func (t *peerTable) behindLocked(mac runtime.MAC, p *peer) {
	if mac.IsGroup() || t.byMAC[mac] == p {
		return
	}
	if _, known := t.byMAC[mac]; !known && len(t.byMAC) >= 16*t.limit {
		clear(t.byMAC) // bounded: the MACs behind peers are learnt again from their next frames
	}
	t.byMAC[mac] = p
}

// member says whether p gets the link's frames: a peer, not the
// rendezvous, whose address is known or that the rendezvous relays for.
func (t *peerTable) member(p *peer) bool {
	return !p.rendezvous && (p.relayed && t.rv != nil || !p.relayed && p.addr != nil)
}
