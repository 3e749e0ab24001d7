package runtime

// macTableLimit is the most addresses a link learns; past it, frames to
// addresses it has not learnt are flooded, as a full switch does.
const macTableLimit = 1 << 16

// macTable maps learnt addresses to ports: open addressing with linear
// probing over a power-of-two array, keyed by the address as an integer,
// so a lookup hashes eight bytes and allocates nothing.
type macTable struct {
	keys  []uint64 // the address with bit 63 set; 0 is an empty slot
	ports []*Port
	n     int
}

func macKey(m MAC) uint64 {
	return 1<<63 | uint64(m[0])<<40 | uint64(m[1])<<32 | uint64(m[2])<<24 |
		uint64(m[3])<<16 | uint64(m[4])<<8 | uint64(m[5])
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
	for i := t.slot(k); ; i = (i + 1) & (len(t.keys) - 1) {
		switch t.keys[i] {
		case k:
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
