package runtime

import "time"

// Link is a broadcast segment joining ports: two make a cable, more a shared
// medium. It learns which port each source address is behind, sends unicast
// frames to the learnt port and floods the rest.
type Link struct {
	net     *Network
	name    string
	ports   []*Port
	imp     Impairments
	up      bool
	removed bool
	table   macTable
	rng     *Rand
	taps    []Tap
	dev     *devicePort // the link's device, if it has one
	devBusy uint64      // device_busy drops of devices it no longer has
	stats   LinkStats
	open    *flight        // the flight frames sent now may still board
	spare   []*flight      // flights that have landed, for reuse
	late    *lateHistogram // how late frames left, once one has in real time
}

// Name is the link's name.
func (l *Link) Name() string { return l.name }

// Ports are the ports joined to the link, in the order they joined.
func (l *Link) Ports() []*Port { return l.ports }

// Impairments returns the link's current impairments.
func (l *Link) Impairments() Impairments { return l.imp }

// Up reports whether the link carries frames.
func (l *Link) Up() bool { return l.up }

// Removed reports whether the link has been removed from its network.
func (l *Link) Removed() bool { return l.removed }

// Stats returns the link's counters.
func (l *Link) Stats() LinkStats {
	s := l.stats
	s.Lateness = l.late.summary()
	return s
}

// SetImpairments replaces the link's impairments. Frames already in flight
// keep their timing; queues and counters stay.
func (l *Link) SetImpairments(im Impairments) error {
	if err := im.Validate(); err != nil {
		return err
	}
	l.imp = im
	for _, p := range l.ports {
		p.txq.resize(im.queueSlots())
	}
	return nil
}

// SetUp takes the link up or down. A down link drops what is sent onto it
// and what arrives while it is down. The programs on its ports that watch
// their links (LinkWatcher) are told of a change.
func (l *Link) SetUp(up bool) {
	if l.up == up {
		return
	}
	l.up = up
	if l.net.trace != nil {
		kind := TraceDown
		if up {
			kind = TraceUp
		}
		l.net.tracePort(kind, nil, nil, l)
	}
	for _, p := range l.ports {
		p.node.linkChanged(p, up)
	}
}

// drop drops f, sent from port src, for the reason r.
func (l *Link) drop(r Reason, src *Port, f *Frame) {
	l.stats.Drops[r]++
	if l.net.trace != nil {
		l.net.traceFrame(TraceDrop, l, src, f, r)
	}
	PutFrame(f)
}

// transmit takes f from port src onto the link at now: counters, taps,
// queue, rate, loss and delay. It consumes f.
func (l *Link) transmit(src *Port, f *Frame, now time.Duration) {
	l.stats.Offered++
	l.stats.Bytes += uint64(f.n)
	if l.net.trace != nil {
		l.net.traceFrame(TraceSend, l, src, f, 0)
	}
	if !l.up {
		l.drop(DropLinkDown, src, f)
		return
	}
	depart := now
	if l.imp.Rate > 0 {
		q := &src.txq
		q.expire(now)
		start := max(now, src.busyUntil)
		if start > now {
			if q.full() {
				l.drop(DropQueueFull, src, f)
				return
			}
			q.push(start)
		}
		src.busyUntil = start + l.imp.serialisation(f.n)
		depart = src.busyUntil
	}
	for _, t := range l.taps {
		t.Tap(now, f)
	}
	if l.imp.Loss > 0 && l.rng.Float64() < l.imp.Loss {
		l.drop(DropLoss, src, f)
		return
	}
	at := depart + l.imp.Delay
	if l.imp.Jitter > 0 {
		at += time.Duration(l.rng.Intn(int64(2*l.imp.Jitter)+1)) - l.imp.Jitter
		at = max(at, depart)
	}
	if !l.net.takeFlight(src, f) {
		l.drop(DropFlightLimit, src, f)
		return
	}
	l.stats.InFlight++
	l.board(src, f, at)
}

// arrive delivers f, from src, at the end of its flight.
func (l *Link) arrive(src *Port, f *Frame) {
	l.stats.InFlight--
	l.net.landed(src, f)
	switch {
	case l.removed:
		l.drop(DropLinkRemoved, src, f)
		return
	case !l.up:
		l.drop(DropLinkDown, src, f)
		return
	case f.n < HeaderLen:
		l.drop(DropMalformed, src, f)
		return
	}
	if src.link == l {
		l.learn(f.Src(), src)
	}
	dst := f.Dst()
	if !dst.IsGroup() {
		if p, ok := l.table.get(dst); ok {
			if p == src {
				l.drop(DropNoReceiver, src, f)
				return
			}
			l.stats.Unicast++
			l.delivered(1)
			l.hand(p, f)
			l.net.done(f)
			return
		}
	}
	ports := l.ports // a receiver may rewire the link: flood to the ports as they were
	dev := l.dev
	n := 0
	for _, p := range ports {
		if p != src {
			n++
		}
	}
	if dev != nil && dev.port != src {
		n++
	}
	if n == 0 {
		l.drop(DropNoReceiver, src, f)
		return
	}
	l.stats.Flooded++
	l.delivered(n)
	for _, p := range ports {
		if p != src {
			l.net.hand(p, f)
		}
	}
	if dev != nil && dev.port != src {
		l.toDevice(f)
	}
	l.net.done(f)
}

// hand gives f to port p: its node, or the link's device.
func (l *Link) hand(p *Port, f *Frame) {
	if p.node == nil {
		if l.dev != nil && l.dev.port == p {
			l.toDevice(f)
		}
		return
	}
	l.net.hand(p, f)
}

// toDevice gives f to the link's device.
func (l *Link) toDevice(f *Frame) {
	if l.net.trace != nil {
		l.net.traceFrame(TraceDeliver, l, l.dev.port, f, 0)
	}
	l.dev.send(f)
}

func (l *Link) delivered(copies int) {
	l.stats.Delivered++
	l.stats.Copies += uint64(copies)
}

func (l *Link) learn(m MAC, p *Port) {
	if m.IsGroup() {
		return
	}
	l.table.put(m, p)
}

func (l *Link) attach(p *Port) {
	p.link = l
	p.txq.resize(l.imp.queueSlots())
	l.ports = append(l.ports, p)
}

func (l *Link) detach(p *Port) {
	for i, q := range l.ports {
		if q == p {
			l.ports = append(l.ports[:i:i], l.ports[i+1:]...)
			break
		}
	}
	l.table.forget(p)
	p.link = nil
}
