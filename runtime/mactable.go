package runtime

import "encoding/binary"

// macTableLimit is the most addresses a link learns; past it, frames to
// addresses it has not learnt are flooded, as a full switch does.
const macTableLimit = 1 << 16

// macTable maps learnt addresses to ports: open addressing with linear
// probing over a power-of-two array, keyed by the address as an integer,
// so a lookup hashes eight bytes and allocates nothing.
// The last address learnt and the last one found are remembered, since a
// burst of frames mostly goes from one address to one other.
type macTable struct {
	keys  []uint64 // the address with bit 63 set; 0 is an empty slot
	ports []*Port
	n     int
	// learnt and found are the last keys put and got, with their ports;
	// a zero key remembers nothing.
	learnt, found         uint64
	learntPort, foundPort *Port
}

func macKey(m MAC) uint64 {
	return 1<<63 | uint64(binary.BigEndian.Uint16(m[0:2]))<<32 | uint64(binary.BigEndian.Uint32(m[2:6]))
}

func (t *macTable) slot(k uint64) int {
	return int((k * 0x9e3779b97f4a7c15) >> 32 & uint64(len(t.keys)-1))
}

// get returns the port learnt for m.
func (t *macTable) get(m MAC) (*Port, bool) {
	if t.n == 0 {
		return nil, false
	}
	k := macKey(m)
	if k == t.found {
		return t.foundPort, true
	}
	for i := t.slot(k); ; i = (i + 1) & (len(t.keys) - 1) {
		switch t.keys[i] {
		case k:
			t.found, t.foundPort = k, t.ports[i]
			return t.ports[i], true
		case 0:
			return nil, false
		}
	}
}

// put learns that m is behind p.
func (t *macTable) put(m MAC, p *Port) {
	if len(t.keys) == 0 {
		t.keys, t.ports = make([]uint64, 16), make([]*Port, 16)
	}
	k := macKey(m)
	if k == t.learnt && p == t.learntPort {
		return
	}
	t.learnt, t.learntPort = k, p
	if k == t.found {
		t.found, t.foundPort = 0, nil
	}
	i := t.slot(k)
	for ; t.keys[i] != 0; i = (i + 1) & (len(t.keys) - 1) {
		if t.keys[i] == k {
			t.ports[i] = p
			return
		}
	}
	if t.n >= macTableLimit {
		return
	}
	t.keys[i], t.ports[i] = k, p
	t.n++
	if 2*t.n > len(t.keys) {
		t.rebuild(2*len(t.keys), nil)
	}
}

// forget drops every address learnt behind p.
func (t *macTable) forget(p *Port) {
	if t.n > 0 {
		t.rebuild(len(t.keys), p)
	}
}

// rebuild rehashes into size slots, leaving out the addresses behind drop.
func (t *macTable) rebuild(size int, drop *Port) {
	t.learnt, t.found, t.learntPort, t.foundPort = 0, 0, nil, nil
	keys, ports := t.keys, t.ports
	t.keys, t.ports, t.n = make([]uint64, size), make([]*Port, size), 0
	for i, k := range keys {
		if k != 0 && ports[i] != drop {
			j := t.slot(k)
			for t.keys[j] != 0 {
				j = (j + 1) & (size - 1)
			}
			t.keys[j], t.ports[j] = k, ports[i]
			t.n++
		}
	}
}
