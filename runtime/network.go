package runtime

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Network is a registry of nodes and links sharing one scheduler and one
// seed. Names are unique across nodes and links. A Network is used from one
// goroutine: the one that runs its scheduler.
type Network struct {
	mu      sync.Mutex // guards sched for Interrupt from other goroutines
	sched   Scheduler
	seed    uint64
	nodes   []*Node
	links   []*Link
	names   map[string]any
	macs    map[MAC]*Port
	sinks   []TapSink         // where taps keep the frames they see
	linkTap []func(*Link) Tap // make the taps of every link, those added later too
	all     []*Node           // every node ever added: their counters stay in the totals
	every   []*Link           // every link ever added
	log     io.Writer
	closed  bool
	probes  map[uint64]*Probe
	probeID uint64
	flows   map[uint64]*Flow // the throughput tests running, by id (Iperf)
	idle    func()
	round   *round // the round being gathered, in real time
	pending *round // a round's buffers, kept for the next
	// parallel is set while nodes run in parallel; switchMu then guards
	// links and the scheduler.
	parallel bool
	switchMu sync.Mutex
	// itemCost is how long a piece of the nodes' work took lately, on
	// average over recent rounds: the rounds go parallel when it is high.
	itemCost time.Duration
	logMu    sync.Mutex
	logTap   func(at time.Duration, who, msg string) // also told of every log entry, if set
	// flightBytes is the memory the frames in flight hold (their buffers),
	// which may not pass flightLimit, nor the part of it that one node's
	// frames hold pass a sixteenth of it: a frame that would is dropped as
	// flight_limit, so a flood onto a long link can take neither the
	// process's memory nor the other nodes' room.
	flightBytes int64
	flightLimit int64
	trace       *Trace // nil: tracing is off
}

// DefaultFlightLimit is the memory frames in flight may hold, in the whole
// network: about 160,000 frames of up to 1,500 bytes, or a million short
// ones; the frames one node sent may hold a sixteenth of it.
const DefaultFlightLimit = 256 << 20

// SetFlightLimit sets the memory frames in flight may hold (bytes > 0).
func (nw *Network) SetFlightLimit(bytes int64) { nw.flightLimit = bytes }

// takeFlight reserves room in flight for f, sent from port src, and
// reports whether there was room.
func (nw *Network) takeFlight(src *Port, f *Frame) bool {
	size := f.footprint()
	if nw.flightBytes+size > nw.flightLimit {
		return false
	}
	if n := src.node; n != nil {
		if n.flightBytes+size > nw.flightLimit/16 {
			return false
		}
		n.flightBytes += size
	}
	nw.flightBytes += size
	return true
}

// landed gives back the room f, sent from port src, held in flight.
func (nw *Network) landed(src *Port, f *Frame) {
	size := f.footprint()
	nw.flightBytes -= size
	if n := src.node; n != nil {
		n.flightBytes -= size
	}
}

// FlightBytes is the memory the frames in flight hold now.
func (nw *Network) FlightBytes() int64 { return nw.flightBytes }

// NewNetwork returns an empty network on sched with the given seed, logging
// to log (nil discards the log).
func NewNetwork(sched Scheduler, seed uint64, log io.Writer) *Network {
	if log == nil {
		log = io.Discard
	}
	return &Network{sched: sched, seed: seed, names: map[string]any{}, macs: map[MAC]*Port{}, log: log,
		probes: map[uint64]*Probe{}, flightLimit: DefaultFlightLimit}
}

// Scheduler is the network's scheduler, which SetRealtime may replace.
func (nw *Network) Scheduler() Scheduler { return nw.sched }

// Interrupt stops the Run in progress, or the next one; any goroutine may
// call it (Ctrl-C).
func (nw *Network) Interrupt() {
	nw.mu.Lock()
	s := nw.sched
	nw.mu.Unlock()
	s.Interrupt()
}

// Realtime reports whether the network runs against the wall clock.
func (nw *Network) Realtime() bool {
	_, ok := nw.sched.(*Realtime)
	return ok
}

// SetRealtime moves the network to the wall clock (its events then fire on
// a goroutine of their own, also between Runs) or back to virtual time,
// keeping the time and the pending events. The caller holds the scheduler,
// and still does after the switch.
func (nw *Network) SetRealtime(on bool) error {
	if on == nw.Realtime() {
		return nil
	}
	for _, l := range nw.links {
		if l.dev != nil && !on {
			return fmt.Errorf("link %s is a real link: the network must stay in real time", l.name)
		}
	}
	var events []Event
	var next Scheduler
	switch s := nw.sched.(type) {
	case *Virtual:
		events = s.queue.drain()
		r := NewRealtime(s.now)
		r.Idle = nw.idle
		r.rounds = nw
		next = r
	case *Realtime:
		s.Close()
		events = s.queue.drain()
		v := NewVirtual()
		v.now = s.Now()
		next = v
	}
	for _, l := range nw.links {
		l.open = nil // its sequence number belongs to the old scheduler
	}
	sort.Slice(events, func(i, j int) bool { return events[i].before(&events[j]) })
	for _, ev := range events {
		if ev.last() {
			next.ScheduleLast(ev)
		} else {
			next.Schedule(ev)
		}
	}
	nw.mu.Lock()
	nw.sched = next
	nw.mu.Unlock()
	return nil
}

// SetIdle sets what runs after each round of events in real time (the host
// flushes its output there).
func (nw *Network) SetIdle(fn func()) {
	nw.idle = fn
	if r, ok := nw.sched.(*Realtime); ok {
		r.Idle = fn
	}
}

// Empty reports whether the network has never had a node or link, the only
// time the seed may change.
func (nw *Network) Empty() bool { return len(nw.all) == 0 && len(nw.every) == 0 }

// SetSeed changes the seed of an empty network.
func (nw *Network) SetSeed(seed uint64) error {
	if !nw.Empty() {
		return fmt.Errorf("the seed must be set before the first node or link is made")
	}
	nw.seed = seed
	return nil
}

// Seed is the network's seed.
func (nw *Network) Seed() uint64 { return nw.seed }

// Now is the network's time.
func (nw *Network) Now() time.Duration { return nw.sched.Now() }

// Stats returns the network's totals, over every node and link it has had.
func (nw *Network) Stats() NetStats {
	var s NetStats
	for _, l := range nw.every {
		s.Sent += l.stats.Offered
		s.Delivered += l.stats.Delivered
		s.InFlight += l.stats.InFlight
		for r, v := range l.stats.Drops {
			s.Drops[r] += v
		}
		s.Drops[DropDeviceBusy] += l.DeviceBusy()
	}
	for _, n := range nw.all {
		s.Received += n.stats.Received
		for r, v := range n.stats.Drops {
			s.Drops[r] += v
		}
	}
	return s
}

// Nodes are the nodes in the order they were added.
func (nw *Network) Nodes() []*Node { return nw.nodes }

// Links are the links in the order they were added.
func (nw *Network) Links() []*Link { return nw.links }

// Node returns the node called name, or nil.
func (nw *Network) Node(name string) *Node { n, _ := nw.names[name].(*Node); return n }

// Link returns the link called name, or nil.
func (nw *Network) Link(name string) *Link { l, _ := nw.names[name].(*Link); return l }

// Logf writes an entry to the log: the time in seconds, who, and the
// message, whose further lines are indented.
func (nw *Network) Logf(who, format string, args ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", "\n    ")
	nw.logMu.Lock()
	at := nw.sched.Now()
	fmt.Fprintf(nw.log, "[%s] %s: %s\n", FormatTime(at), who, msg)
	if nw.logTap != nil {
		nw.logTap(at, who, msg)
	}
	nw.logMu.Unlock()
}

// TapLog makes fn be told of every log entry from now on, with its time,
// who wrote it and its message, as Logf writes them (nil: none). fn runs
// while the log is locked, from whichever goroutine logs: it must be quick.
func (nw *Network) TapLog(fn func(at time.Duration, who, msg string)) {
	nw.logMu.Lock()
	nw.logTap = fn
	nw.logMu.Unlock()
}

// FormatTime formats a network time as seconds with microseconds, "1.250000".
func FormatTime(t time.Duration) string {
	return fmt.Sprintf("%d.%06d", t/time.Second, (t%time.Second)/time.Microsecond)
}

func (nw *Network) claim(name string, v any) error {
	if name == "" {
		return fmt.Errorf("a name must not be empty")
	}
	switch nw.names[name].(type) {
	case *Node:
		return fmt.Errorf("the name %q is taken by a node", name)
	case *Link:
		return fmt.Errorf("the name %q is taken by a link", name)
	}
	nw.names[name] = v
	return nil
}

// AddLink makes a link called name with impairments im, up.
func (nw *Network) AddLink(name string, im Impairments) (*Link, error) {
	if err := im.Validate(); err != nil {
		return nil, err
	}
	l := &Link{net: nw, name: name, imp: im, up: true,
		rng: NewRand(DeriveSeed(nw.seed, "link", name))}
	if err := nw.claim(name, l); err != nil {
		return nil, err
	}
	nw.links = append(nw.links, l)
	nw.every = append(nw.every, l)
	for _, mk := range nw.linkTap {
		l.taps = append(l.taps, mk(l))
	}
	return l, nil
}

// AddNode makes a node called name running prog. The node starts (prog.Start)
// at the current time, when the scheduler next runs.
func (nw *Network) AddNode(name string, prog Program) (*Node, error) {
	n := &Node{net: nw, name: name, prog: prog, rng: NewRand(DeriveSeed(nw.seed, "node", name))}
	if err := nw.claim(name, n); err != nil {
		return nil, err
	}
	nw.nodes = append(nw.nodes, n)
	nw.all = append(nw.all, n)
	nw.sched.Schedule(Event{At: nw.sched.Now(), H: n})
	return n, nil
}

// Connect joins n to l with a new port and returns it. Its MAC address is
// derived from the seed, the node's name and the port's number.
func (nw *Network) Connect(n *Node, l *Link) (*Port, error) {
	if n.removed || l.removed {
		return nil, fmt.Errorf("cannot connect %s to %s: it has been removed", n.name, l.name)
	}
	p := &Port{node: n, index: len(n.ports) + 1}
	p.mac = nw.deriveMAC(n.name, p.index)
	nw.macs[p.mac] = p
	n.ports = append(n.ports, p)
	l.attach(p)
	if nw.trace != nil {
		nw.tracePort(TraceConnect, n, p, l)
	}
	if l.up {
		n.linkChanged(p, true)
	}
	return p, nil
}

func (nw *Network) deriveMAC(name string, index int) MAC {
	x := DeriveSeed(nw.seed, "mac", fmt.Sprintf("%s/%d", name, index))
	for {
		m := MAC{0x02, byte(x >> 32), byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}
		if _, taken := nw.macs[m]; !taken && m != (MAC{0x02}) {
			return m
		}
		x = splitmix(&x)
	}
}

// Disconnect removes n's ports on l. It reports whether there were any.
func (nw *Network) Disconnect(n *Node, l *Link) bool {
	found := false
	for i, p := range n.ports {
		if p != nil && p.link == l {
			if nw.trace != nil {
				nw.tracePort(TraceDisconnect, n, p, l)
			}
			l.detach(p)
			n.ports[i] = nil
			found = true
			if l.up {
				n.linkChanged(p, false)
			}
		}
	}
	return found
}

// RemoveNode stops n (running its program's Stop) and takes it and its ports
// out of the network. Frames on their way reach only the ports still on
// their link (no_receiver if there are none).
func (nw *Network) RemoveNode(n *Node) {
	if n.removed {
		return
	}
	n.stop()
	if nw.trace != nil {
		nw.traceNode(TraceRemove, n, 0, "")
	}
	for i, p := range n.ports {
		if p != nil {
			p.link.detach(p)
			n.ports[i] = nil
		}
	}
	n.removed = true
	delete(nw.names, n.name)
	nw.nodes = remove(nw.nodes, n)
}

// RemoveLink disconnects every port from l and takes it out of the network.
// Frames in flight on it are dropped as link_removed when they arrive.
func (nw *Network) RemoveLink(l *Link) {
	if l.removed {
		return
	}
	for len(l.ports) > 0 {
		p := l.ports[0]
		nw.Disconnect(p.node, l)
	}
	if l.dev != nil {
		l.dev.detach(l)
	}
	if nw.trace != nil {
		nw.tracePort(TraceRemove, nil, nil, l)
	}
	l.removed = true
	delete(nw.names, l.name)
	nw.links = remove(nw.links, l)
}

func remove[T comparable](s []T, v T) []T {
	for i, x := range s {
		if x == v {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

// Run advances the network by d.
func (nw *Network) Run(d time.Duration) error {
	if nw.closed {
		return fmt.Errorf("the network has been shut down")
	}
	err := nw.sched.Run(d)
	if ferr := nw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// Close stops every node (running their programs' Stop) and closes the
// taps' sinks. The caller holds the scheduler.
func (nw *Network) Close() error {
	if nw.closed {
		return nil
	}
	nw.closed = true
	for _, n := range nw.nodes {
		n.stop()
	}
	if r, ok := nw.sched.(*Realtime); ok {
		r.fireDue() // what on_stop sent goes out before the devices close
		for _, l := range nw.links {
			if l.dev != nil {
				l.dev.detach(l)
			}
		}
		r.Close()
	}
	var first error
	for _, s := range nw.sinks {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	if nw.trace != nil {
		if err := nw.trace.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
