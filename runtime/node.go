package runtime

import (
	"errors"
	"fmt"
	"time"
)

// Program is what runs on a node: a Lua program (package bindings) or a
// native Go one. The runtime calls a node's program from one goroutine at a
// time. An error returned from any method stops the node.
type Program interface {
	// Start runs when the node starts, at the time it was added.
	Start(n *Node) error
	// Receive handles a frame that arrived on port p. f is shared with other
	// receivers and given back to the pool after Receive returns: read it,
	// do not keep or change it (Clone it to keep it).
	Receive(n *Node, p *Port, f *Frame) error
	// Stop runs when the node is removed or the network shuts down.
	Stop(n *Node) error
}

// LinkWatcher is a Program told when the link of one of its node's ports
// goes down or up while it runs: the link set down or up (Link.SetUp), or
// the port disconnected from a link that was up (down) or connected to one
// (up). Ports the node has when its program starts are not reported: the
// program finds them, and whether their links are up, on the node.
type LinkWatcher interface {
	// LinkChanged runs at the time of the change, after what was already
	// due then. port is the port's number; a disconnected port's number is
	// not reused.
	LinkChanged(n *Node, port int, up bool) error
}

// Direction says which filter chain: frames coming in or going out.
type Direction uint8

// The two filter chains of a node.
const (
	In Direction = iota
	Out
)

// Filter inspects a frame passing a node's port. It returns f to pass it,
// nil to drop it, or a new frame (from the pool) to replace it; it must not
// change f, which other receivers may share. An error stops the node.
type Filter interface {
	Filter(n *Node, p *Port, f *Frame) (*Frame, error)
}

// Node is a host on the network: ports, filter chains and a program.
type Node struct {
	net     *Network
	name    string
	ports   []*Port // ports[i] is port i+1; nil once disconnected
	prog    Program
	filters [2][]Filter
	taps    []Tap
	work    []work // what the current real-time round handed to the node
	rng     *Rand
	stats   NodeStats
	// flightBytes is the memory the frames the node sent hold in flight.
	flightBytes int64
	started     bool
	stopped     bool
	removed     bool
	err         error
}

// DropError is returned by Send when a frame could not leave the node.
type DropError struct {
	Reason Reason
	Detail string
}

// Error formats the error as users see it.
func (e *DropError) Error() string { return e.Detail }

// Name is the node's name.
func (n *Node) Name() string { return n.name }

// Program is the node's program.
func (n *Node) Program() Program { return n.prog }

// Ports are the node's connected ports, by number.
func (n *Node) Ports() []*Port {
	ps := make([]*Port, 0, len(n.ports))
	for _, p := range n.ports {
		if p != nil {
			ps = append(ps, p)
		}
	}
	return ps
}

// MaxPort is the highest number a port of the node has had: Port(i) for i
// from 1 to MaxPort visits every connected port without the slice Ports
// makes.
func (n *Node) MaxPort() int { return len(n.ports) }

// Port returns port i (from 1), or nil if there is no such connected port.
func (n *Node) Port(i int) *Port {
	if i < 1 || i > len(n.ports) {
		return nil
	}
	return n.ports[i-1]
}

// Rand is the node's own generator, derived from the seed and its name.
func (n *Node) Rand() *Rand { return n.rng }

// Now is the network's time.
func (n *Node) Now() time.Duration { return n.net.sched.Now() }

// Stats returns the node's counters.
func (n *Node) Stats() NodeStats { return n.stats }

// Stopped reports whether the node has stopped (failed or removed).
func (n *Node) Stopped() bool { return n.stopped }

// Err is the error that stopped the node, or nil.
func (n *Node) Err() error { return n.err }

// Log writes a line to the network's log, with the time and the node's name.
func (n *Node) Log(msg string) { n.net.Logf(n.name, "%s", msg) }

// AddFilter appends f to the node's chain for direction d.
func (n *Node) AddFilter(d Direction, f Filter) { n.filters[d] = append(n.filters[d], f) }

// Releaser is a Program that holds resources it can let go of once its
// node has stopped (a Lua program's VM). The runtime calls Release when the
// node fails; Stop is the program's to release in.
type Releaser interface {
	Release()
}

// Fail stops the node because of err and reports it in the log. Frames that
// reach it afterwards are dropped as node_stopped. Its filters go, and a
// program that is a Releaser is released.
func (n *Node) Fail(err error) {
	if n.stopped {
		return
	}
	n.stopped = true
	n.err = err
	n.net.Logf(n.name, "stopped: %v", err)
	if n.net.trace != nil {
		n.net.traceNode(TraceError, n, 0, err.Error())
	}
	n.filters = [2][]Filter{}
	if r, ok := n.prog.(Releaser); ok {
		r.Release()
	}
}

func (n *Node) dropCopy(r Reason) {
	n.stats.Drops[r]++
	if n.net.trace != nil {
		n.net.traceNode(TraceDrop, n, r, "")
	}
}

// Send sends f out of port i (from 1) through the node's out filters. It
// consumes f. The error, a *DropError, says why the frame could not leave;
// drops on the link itself are counted there and not reported here.
func (n *Node) Send(i int, f *Frame) error {
	if n.stopped {
		PutFrame(f)
		n.dropCopy(DropNodeStopped)
		return &DropError{DropNodeStopped, fmt.Sprintf("node %s has stopped", n.name)}
	}
	p := n.Port(i)
	if p == nil {
		PutFrame(f)
		n.dropCopy(DropNoPort)
		return &DropError{DropNoPort, fmt.Sprintf("node %s has no port %d", n.name, i)}
	}
	if f = n.filter(Out, p, f, true); f == nil {
		return nil
	}
	if size := f.n - HeaderLen; size > p.link.imp.PayloadLimit() {
		PutFrame(f)
		n.dropCopy(DropTooBig)
		return &DropError{DropTooBig, fmt.Sprintf("payload of %d bytes exceeds the MTU of link %s (%d)", size, p.link.name, p.link.imp.PayloadLimit())}
	}
	n.stats.Sent++
	p.stats.Tx++
	p.stats.TxBytes += uint64(f.n)
	n.net.lockSwitch()
	for _, t := range n.taps {
		t.Tap(n.net.sched.Now(), f)
	}
	p.link.transmit(p, f, p.link.net.sched.Now())
	n.net.unlockSwitch()
	return nil
}

// receive hands f, arriving on p, through the in filters to the program. It
// does not consume f.
func (n *Node) receive(p *Port, f *Frame) {
	if n.stopped {
		n.dropCopy(DropNodeStopped)
		return
	}
	p.stats.Rx++
	p.stats.RxBytes += uint64(f.n)
	if n.net.trace != nil {
		n.net.traceFrame(TraceDeliver, p.link, p, f, 0)
	}
	if len(n.taps) > 0 {
		n.net.lockSwitch()
		for _, t := range n.taps {
			t.Tap(n.net.sched.Now(), f)
		}
		n.net.unlockSwitch()
	}
	g := n.filter(In, p, f, false)
	if g == nil {
		return
	}
	if n.answerProbe(p, g) {
		if g != f {
			PutFrame(g)
		}
		return
	}
	err := n.prog.Receive(n, p, g)
	if g != f {
		PutFrame(g)
	}
	if err == nil {
		n.stats.Received++
		return
	}
	var de *DropError
	if errors.As(err, &de) {
		n.dropCopy(de.Reason)
		return
	}
	n.dropCopy(DropProgramError)
	n.Fail(err)
}

// filter runs the chain for direction d over f and returns the frame to go
// on with, or nil if a filter dropped it (counted) or failed (the node
// stops). owned says whether the caller owns f; a replacement frame is
// always owned by the caller, and a frame given up is returned to the pool.
func (n *Node) filter(d Direction, p *Port, f *Frame, owned bool) *Frame {
	for _, flt := range n.filters[d] {
		g, err := flt.Filter(n, p, f)
		if err != nil {
			if g != nil && g != f {
				PutFrame(g)
			}
			g = nil
		}
		if g != f && owned {
			PutFrame(f)
		}
		if err != nil {
			n.dropCopy(DropProgramError)
			n.Fail(err)
			return nil
		}
		if g == nil {
			n.dropCopy(DropFilter)
			return nil
		}
		if g != f {
			owned = true
		}
		f = g
	}
	return f
}

// Handle starts the node: it is the event scheduled when the node is added.
func (n *Node) Handle(Event) {
	if r := n.net.round; r != nil {
		r.add(n, work{kind: workStart})
		return
	}
	n.start()
}

func (n *Node) start() {
	if n.started || n.stopped {
		return
	}
	n.started = true
	if n.net.trace != nil {
		n.net.traceNode(TraceStart, n, 0, "")
	}
	if err := n.prog.Start(n); err != nil {
		n.Fail(err)
	}
}

// linkChanged tells n's program, if it is a LinkWatcher and runs, that
// port p's link went up or down: an event at the current time, which a
// program put in the node's place since does not get.
func (n *Node) linkChanged(p *Port, up bool) {
	w, ok := n.prog.(LinkWatcher)
	if !ok || !n.started || n.stopped {
		return
	}
	index := p.index
	n.After(0, func() error { return w.LinkChanged(n, index, up) })
}

// Replace stops the node's program (running its Stop if it is running) and
// puts prog in its place, with empty filter chains (filters belong to the
// old program); ports, addresses and counters stay. prog starts at the
// current time, when the scheduler next runs; the old program's timers end.
func (n *Node) Replace(prog Program) {
	n.stop()
	n.prog = prog
	n.filters = [2][]Filter{}
	n.started, n.stopped, n.err = false, false, nil
	n.net.sched.Schedule(Event{At: n.net.sched.Now(), H: n})
}

// stop runs the program's Stop once, if the node had started and not failed.
func (n *Node) stop() {
	if n.started && !n.stopped {
		if n.net.trace != nil {
			n.net.traceNode(TraceStop, n, 0, "")
		}
		if err := n.prog.Stop(n); err != nil {
			n.err = err
			n.net.Logf(n.name, "stopped: %v", err)
		}
	}
	n.stopped = true
}
