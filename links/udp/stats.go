package udp

import (
	"time"

	"github.com/meshlua/meshlua/links"
)

var _ links.PeerDevice = (*Device)(nil)

// Peers reports the link's peers; a link that broadcasts has none.
func (d *Device) Peers() links.PeerReport {
	var r links.PeerReport
	t := d.peers
	if t == nil {
		return r
	}
	now := time.Since(d.born)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.public != nil {
		r.Public = t.public.String()
	}
	for _, p := range t.list {
		s := links.PeerStats{ID: p.id, Rendezvous: p.rendezvous, Relayed: p.relayed, Heard: p.heard != 0,
			Direct:   !p.relayed && p.direct != 0 && now-p.direct <= t.stale,
			RxFrames: p.rx.Load(), RxBytes: p.rxBytes.Load(), TxFrames: p.tx.Load(), TxBytes: p.txBytes.Load(),
			Relays: p.relays.Load()}
		if p.addr != nil {
			s.Addr = p.addr.String()
		}
		if p.heard != 0 {
			s.LastHeard = now - p.heard
		}
		r.Peers = append(r.Peers, s)
	}
	return r
}
