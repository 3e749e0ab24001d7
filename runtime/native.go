package runtime

import "time"

// Sink is a native program that counts what it receives and keeps nothing.
type Sink struct {
	Frames, Bytes uint64
}

var _ Program = (*Sink)(nil)

// Start does nothing.
func (s *Sink) Start(*Node) error { return nil }

// Receive counts f.
func (s *Sink) Receive(_ *Node, _ *Port, f *Frame) error {
	s.Frames++
	s.Bytes += uint64(f.Len())
	return nil
}

// Stop does nothing.
func (s *Sink) Stop(*Node) error { return nil }

// Relay is a native program that forwards every frame arriving on one port
// out of the next one (port 1 to 2, 2 to 3, the last back to 1), unchanged.
type Relay struct{}

var _ Program = Relay{}

// Start does nothing.
func (Relay) Start(*Node) error { return nil }

// Receive forwards a copy of f.
func (Relay) Receive(n *Node, p *Port, f *Frame) error {
	next := p.Index()%len(n.ports) + 1
	n.Send(next, f.Clone())
	return nil
}

// Stop does nothing.
func (Relay) Stop(*Node) error { return nil }

// Source is a native program that sends Count frames of Size bytes to Dst
// out of port 1, one every Interval (all at once if Interval is zero),
// starting when the node starts.
type Source struct {
	Dst      MAC
	Size     int // whole frame, header included; at least HeaderLen
	Interval time.Duration
	Count    int
	sent     int
}

var _ Program = (*Source)(nil)

// Start begins sending.
func (s *Source) Start(n *Node) error {
	if s.Interval <= 0 {
		for s.sent < s.Count {
			s.send(n)
		}
		return nil
	}
	if s.Count <= 0 {
		return nil
	}
	var t *Timer
	t = n.Every(s.Interval, func() error {
		s.send(n)
		if s.sent >= s.Count {
			t.Cancel()
		}
		return nil
	})
	s.send(n)
	if s.sent >= s.Count {
		t.Cancel()
	}
	return nil
}

func (s *Source) send(n *Node) {
	p := n.Port(1)
	if p == nil {
		return
	}
	f := GetFrame(max(s.Size, HeaderLen))
	b := f.Bytes()
	clear(b)
	PutHeader(b, s.Dst, p.MAC(), EtherType)
	n.Send(1, f)
	s.sent++
}

// Receive ignores frames.
func (s *Source) Receive(*Node, *Port, *Frame) error { return nil }

// Stop does nothing.
func (s *Source) Stop(*Node) error { return nil }
