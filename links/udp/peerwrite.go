package udp

import (
	"encoding/binary"
	"errors"
	"net"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/meshlua/meshlua/runtime"
)

// outbox is the writer's datagrams to peers: the frames of a batch,
// sealed once each, and for each the peers it goes to, sent batch
// datagrams at a time. Everything is allocated once: writing allocates
// nothing.
type outbox struct {
	sealed  [batch][]byte    // the batch's frames, sealed
	plan    []delivery       // each frame's copies
	msgs    []ipv4.Message   // the datagrams of one system call
	bufs    [batch][1][]byte // their buffers
	wraps   [batch][]byte    // relay datagrams, one for each message
	body    []byte           // a relay datagram's body, being built
	targets []*peer          // the peers of one frame
	sizes   [batch]int       // the frames' lengths
	ok, bad [batch]bool      // which frames went to some peer, and which the system refused
}

// delivery is a frame's copy to one peer.
type delivery struct {
	frame int
	p     *peer
	addr  *net.UDPAddr
	relay uint64 // the peer's id, if the copy goes through the rendezvous
}

func (o *outbox) init() {
	for i := range o.sealed {
		o.sealed[i] = make([]byte, headerLen+runtime.MaxFrame+tagLen)
		o.wraps[i] = make([]byte, 2*headerLen+8+runtime.MaxFrame+2*tagLen)
	}
	o.msgs = make([]ipv4.Message, batch)
	o.plan = make([]delivery, 0, 4*batch)
	o.body = make([]byte, 8+headerLen+runtime.MaxFrame+tagLen)
}

// writePeers sends each frame to the peers it is for: a frame to a MAC
// learnt behind a peer to that peer, any other to every peer; a peer the
// rendezvous relays for through the rendezvous. A frame that has no peer
// to go to is dropped (no_peer); one the system refused for some peer
// counts as a write error, but as written if it reached another.
func (d *Device) writePeers(bufs [][]byte, offset int) (int, error) {
	o := &d.out
	written := 0
	var werr error
	for len(bufs) > 0 {
		k := min(len(bufs), batch)
		for i := range k {
			o.sealed[i] = d.seal(o.sealed[i][:cap(o.sealed[i])], bufs[i][offset:])
			o.ok[i], o.bad[i], o.sizes[i] = false, false, len(bufs[i])-offset
		}
		o.plan = d.planLocked(o.plan[:0], bufs[:k], offset)
		err := d.deliver(o.plan)
		closed := errors.Is(err, net.ErrClosed)
		if err != nil {
			werr = err
		}
		for i := range k {
			size := len(bufs[i]) - offset
			switch {
			case o.ok[i]:
				d.counts.Tx(1, size, 0)
				written++
			case closed: // as a broadcasting link, a closed one counts no more
			case o.bad[i]:
				d.counts.Tx(0, 0, 1)
			default:
				d.counts.TxDrop(runtime.DevNoPeer)
			}
		}
		if closed {
			return written, net.ErrClosed
		}
		bufs = bufs[k:]
	}
	return written, werr
}

// planLocked appends to plan the copies of frames: which peer each goes
// to, and how. It takes the table's lock.
func (d *Device) planLocked(plan []delivery, frames [][]byte, offset int) []delivery {
	t, o := d.peers, &d.out
	now := time.Since(d.born)
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, f := range frames {
		o.targets = t.targetsLocked(o.targets[:0], runtime.MAC(f[offset:offset+6]))
		for _, p := range o.targets {
			dl := delivery{frame: i, p: p, addr: p.addr}
			if p.relayed {
				dl.addr, dl.relay = t.rv.addr, p.id
			}
			p.sent = now
			plan = append(plan, dl)
		}
	}
	return plan
}

// targetsLocked appends the peers a frame to dst goes to.
func (t *peerTable) targetsLocked(out []*peer, dst runtime.MAC) []*peer {
	if p := t.byMAC[dst]; p != nil && !dst.IsGroup() && t.member(p) {
		return append(out, p)
	}
	for _, p := range t.list {
		if t.member(p) {
			out = append(out, p)
		}
	}
	return out
}

// deliver sends the copies in plan, batch datagrams at a time, and notes
// which frames went out and which the system refused.
func (d *Device) deliver(plan []delivery) error {
	o := &d.out
	var werr error
	for len(plan) > 0 {
		n := min(len(plan), batch)
		for j, dl := range plan[:n] {
			dg := o.sealed[dl.frame]
			if dl.relay != 0 {
				binary.BigEndian.PutUint64(o.body, dl.relay)
				body := o.body[:8+copy(o.body[8:], dg)]
				dg = d.sealAs(o.wraps[j][:cap(o.wraps[j])], typeRelay, body, false, &d.wnonce)
			}
			o.bufs[j][0] = dg
			o.msgs[j].Buffers = o.bufs[j][:]
			o.msgs[j].Addr = dl.addr
		}
		sent, err := d.pc.WriteBatch(o.msgs[:n], 0)
		sent = max(sent, 0)
		for _, dl := range plan[:sent] {
			o.ok[dl.frame] = true
			dl.p.tx.Add(1)
			dl.p.txBytes.Add(uint64(o.sizes[dl.frame]))
		}
		plan = plan[sent:]
		switch {
		case errors.Is(err, net.ErrClosed):
			return err
		case err != nil || sent == 0: // the first datagram not sent failed
			o.bad[plan[0].frame] = true
			plan = plan[1:]
			if err != nil {
				werr = err
			}
		}
	}
	return werr
}
