package udp

import (
	"net"
	"sync"
	"time"
)

// DefaultKeepalive is how long at most a link with peers lets a peer go
// without a datagram from it: enough to hold the mapping of a NAT between
// them open (they forget UDP mappings after 30 seconds or more).
const DefaultKeepalive = 25 * time.Second

// The control routine's pace.
const (
	tick          = 100 * time.Millisecond // how often it looks at the peers
	punchGap      = 200 * time.Millisecond // the first punch's wait for an answer; it doubles, up to the keepalive
	maxPunches    = 6                      // punches before a peer the rendezvous knows is relayed (about 8 seconds)
	lowTTLPunches = 3                      // the first punches, with lowTTL
	// lowTTL is the time to live of the first punches to a peer learnt
	// from others: enough to leave this host and its NAT, which then
	// expects the peer's answer, too little to reach the peer's NAT,
	// which would otherwise take the unexpected datagram for a flow of its
	// own and map this link's later punches elsewhere (Linux does).
	lowTTL = 2
)

// control keeps a link's peers in touch: it punches holes to new peers,
// sends peer lists and keepalives, relays to the peers it cannot reach,
// and looks up configured host names again while they are silent.
type control struct {
	d         *Device
	keepalive time.Duration
	stale     time.Duration // a direct peer not heard for this long is punched again
	wake      chan struct{}
	done      chan struct{}
	wg        sync.WaitGroup
	once      sync.Once
	buf       []byte
	nonce     [12]byte
	sends     []outgoing // this round's datagrams
	list      []byte     // the peer lists of this round, one after the other
	lookups   []*peer    // the configured peers to look up again after this round
}

// outgoing is a control datagram to go.
type outgoing struct {
	addr     *net.UDPAddr
	typ      byte
	from, to int // its body in list
	ttl      int // 0: the system's
}

func startControl(d *Device, keepalive time.Duration) *control {
	c := &control{d: d, keepalive: keepalive, stale: max(3*keepalive, time.Second),
		wake: make(chan struct{}, 1), done: make(chan struct{}), buf: make([]byte, headerLen+maxListLen+tagLen)}
	d.peers.stale = c.stale
	c.wg.Add(1)
	go c.routine()
	return c
}

// poke has the routine look at the peers now: new ones came.
func (c *control) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// stop ends the routine and waits for it; stopping again does nothing.
func (c *control) stop() {
	c.once.Do(func() { close(c.done) })
	c.wg.Wait()
}

// routine looks at the peers every tick, or when poked, until stopped.
func (c *control) routine() {
	defer c.wg.Done()
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for {
		c.round()
		select {
		case <-c.done:
			return
		case <-ticker.C:
		case <-c.wake:
		}
	}
}

// round sends what is due to each peer, and looks up again the hosts of
// configured peers that are silent.
func (c *control) round() {
	t := c.d.peers
	now := time.Since(c.d.born)
	t.mu.Lock()
	c.sends, c.list = c.sends[:0], c.list[:0]
	c.lookups = c.lookups[:0]
	for i := len(t.list) - 1; i >= 0; i-- {
		p := t.list[i]
		if p.host == "" && !p.rendezvous && p.heard != 0 && now-p.heard > 10*c.stale {
			t.removeLocked(i) // long gone
			continue
		}
		c.planLocked(p, now)
	}
	t.mu.Unlock()
	for _, s := range c.sends {
		dg := c.d.sealAs(c.buf, s.typ, c.list[s.from:s.to], true, &c.nonce)
		sendTTL(c.d.conn, dg, s.addr, s.ttl)
	}
	for _, p := range c.lookups {
		c.lookup(p)
	}
}

// planLocked adds to this round what is due to p: a punch while it is not
// heard directly, a peer list when the table changed or its keepalive is
// due, a keepalive when nothing went to it for that long.
func (c *control) planLocked(p *peer, now time.Duration) {
	t := c.d.peers
	if p.addr == nil {
		return
	}
	direct := p.direct != 0 && now-p.direct <= c.stale
	switch {
	case !direct && p.punches < maxPunches:
		if now < p.nextPunch {
			return
		}
		ttl := 0
		if p.host == "" && p.punches < lowTTLPunches {
			ttl = lowTTL
		}
		p.punches++
		p.nextPunch = now + min(punchGap<<(p.punches-1), c.keepalive)
		c.add(p, typeKeepalive, ttl, now)
		return
	case !direct && p.host == "" && !p.rendezvous && t.rv != nil && t.rv.direct != 0:
		p.relayed = true
	case direct && !p.rendezvous && now-p.listSent >= listGap && (p.listSeen != t.version || now-p.listSent >= c.keepalive):
		from := len(c.list)
		c.list = t.appendListLocked(c.list, p, now)
		p.listSent, p.listSeen = now, t.version
		c.sends = append(c.sends, outgoing{addr: p.addr, typ: typePeers, from: from, to: len(c.list)})
		p.sent = now
		return
	}
	if now-p.sent >= c.keepalive {
		if !direct {
			p.punches++ // one more try, every keepalive
			if p.host != "" {
				c.lookups = append(c.lookups, p)
			}
		}
		c.add(p, typeKeepalive, 0, now)
	}
}

func (c *control) add(p *peer, typ byte, ttl int, now time.Duration) {
	c.sends = append(c.sends, outgoing{addr: p.addr, typ: typ, from: len(c.list), to: len(c.list), ttl: ttl})
	p.sent = now
}

// lookup resolves a silent configured peer's host again: its name may
// lead elsewhere now.
func (c *control) lookup(p *peer) {
	addr, err := resolve(p.host)
	if err != nil {
		return
	}
	t := c.d.peers
	t.mu.Lock()
	if !sameAddr(p.addr, addr) {
		p.addr, p.punches = addr, 0
	}
	t.mu.Unlock()
}

// appendListLocked appends the peer list for p: p itself at the address
// it is heard from, then the peers heard directly lately, but p and the
// rendezvous, at most maxListEntries in all.
func (t *peerTable) appendListLocked(b []byte, p *peer, now time.Duration) []byte {
	b = appendEntry(b, p.id, p.addr)
	n := 1
	for _, q := range t.list {
		if n == maxListEntries {
			break
		}
		if q != p && !q.rendezvous && q.id != 0 && q.addr != nil && q.direct != 0 && now-q.direct <= t.stale {
			b = appendEntry(b, q.id, q.addr)
			n++
		}
	}
	return b
}
