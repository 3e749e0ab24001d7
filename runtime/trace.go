package runtime

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TraceKind is a kind of event a Trace writes.
type TraceKind uint8

// The kinds of events of a trace.
const (
	TraceSend       TraceKind = iota // a frame goes onto a link
	TraceDeliver                     // a frame reaches a node's port (or the link's device)
	TraceDrop                        // a frame is dropped, with its reason
	TraceStart                       // a node's program starts
	TraceStop                        // a node's program stops (removed, replaced, or the network closes)
	TraceError                       // a node fails: an error or a budget stopped it
	TraceUp                          // a link is set up
	TraceDown                        // a link is set down
	TraceConnect                     // a node gets a port on a link
	TraceDisconnect                  // a node's port leaves a link
	TraceRemove                      // a node or a link is removed
	numTraceKinds
)

var traceKindNames = [numTraceKinds]string{
	"send", "deliver", "drop", "start", "stop", "error", "up", "down", "connect", "disconnect", "remove",
}

// String is the kind's name in the trace.
func (k TraceKind) String() string { return traceKindNames[k] }

// TraceKinds are the names of the kinds of events, in order.
func TraceKinds() []string { return traceKindNames[:] }

// TraceLimits say which events a trace keeps: each limit given (not
// empty) must hold. Events keeps the kinds named; Nodes the events at a
// node named (a frame's sender for send and a link's drops, its receiver
// for deliver and a node's drops); Links the events on a link named.
type TraceLimits struct {
	Events, Nodes, Links []string
}

// Trace writes one JSON line per event of a network to a file, in the
// order they happen, each with the network time in seconds. It hands the
// file whole lines only, so the file ends on a line at every moment, even
// when the process is killed. The first write error stops it; Flush and
// Close return it. It is safe for the nodes' parallel rounds in real time.
type Trace struct {
	mu    sync.Mutex
	file  *os.File
	buf   []byte // whole lines not yet written
	err   error
	kinds [numTraceKinds]bool
	// nodes and links are the limits' names, each true once an event
	// matched it; nil: every node, every link.
	nodes, links map[string]bool
}

// traceBuffer is how many bytes of lines a Trace gathers before it writes.
const traceBuffer = 64 << 10

// CreateTrace creates (or truncates) path for a trace of the events
// within limits. An unknown kind of event is an error naming it.
func CreateTrace(path string, limits TraceLimits) (*Trace, error) {
	t := &Trace{buf: make([]byte, 0, traceBuffer)}
	for k := range t.kinds {
		t.kinds[k] = len(limits.Events) == 0
	}
	for _, name := range limits.Events {
		k := slices.Index(traceKindNames[:], name)
		if k < 0 {
			return nil, fmt.Errorf("no kind of event called %q; the kinds are %s", name, strings.Join(TraceKinds(), ", "))
		}
		t.kinds[k] = true
	}
	t.nodes, t.links = nameSet(limits.Nodes), nameSet(limits.Links)
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	t.file = file
	return t, nil
}

func nameSet(names []string) map[string]bool {
	if len(names) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, n := range names {
		m[n] = false
	}
	return m
}

// Unmatched are the names of the limits' nodes and links that no event
// matched, in name order: names the user may have misspelt.
func (t *Trace) Unmatched() (nodes, links []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return unmatched(t.nodes), unmatched(t.links)
}

func unmatched(set map[string]bool) []string {
	var names []string
	for name, matched := range set {
		if !matched {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// traceEvent is an event to write: what happened, where and to which
// frame. Fields that do not apply are zero.
type traceEvent struct {
	kind   TraceKind
	node   *Node
	port   int // the port's number, 0 for none
	link   *Link
	device bool // at the link's device rather than a node
	frame  *Frame
	reason Reason
	msg    string // a node's error
	at     time.Duration
}

// keep reports whether ev passes the limits, noting the names it matched.
func (t *Trace) keep(ev *traceEvent) bool {
	var node, link string
	if ev.node != nil {
		node = ev.node.name
	}
	if ev.link != nil {
		link = ev.link.name
	}
	return t.kinds[ev.kind] && admit(t.nodes, node) && admit(t.links, link)
}

// admit reports whether name (of a node or link, "" for none) is in set,
// a limit (nil: every name), and notes it as matched.
func admit(set map[string]bool, name string) bool {
	if set == nil {
		return true
	}
	matched, in := set[name]
	if in && !matched {
		set[name] = true
	}
	return in
}

// write adds ev as a line, if it passes the limits.
func (t *Trace) write(ev traceEvent) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil || !t.keep(&ev) {
		return
	}
	start := len(t.buf)
	b := append(t.buf, `{"t":`...)
	b = strconv.AppendFloat(b, ev.at.Seconds(), 'f', -1, 64)
	b = append(b, `,"event":"`...)
	b = append(b, traceKindNames[ev.kind]...)
	b = append(b, '"')
	if ev.kind == TraceDrop {
		b = append(b, `,"reason":"`...)
		b = append(b, ev.reason.String()...)
		b = append(b, '"')
	}
	if ev.node != nil {
		b = appendString(append(b, `,"node":`...), ev.node.name)
	}
	if ev.port > 0 {
		b = strconv.AppendInt(append(b, `,"port":`...), int64(ev.port), 10)
	}
	if ev.link != nil {
		b = appendString(append(b, `,"link":`...), ev.link.name)
	}
	if ev.device {
		b = append(b, `,"device":true`...)
	}
	if f := ev.frame; f != nil && f.n >= HeaderLen {
		b = f.Src().Append(append(b, `,"src":"`...))
		b = f.Dst().Append(append(b, `","dst":"`...))
		b = strconv.AppendUint(append(b, `","type":`...), uint64(f.Type()), 10)
	}
	if f := ev.frame; f != nil {
		b = strconv.AppendInt(append(b, `,"len":`...), int64(f.n), 10)
	}
	if ev.msg != "" {
		b = appendString(append(b, `,"error":`...), ev.msg)
	}
	b = append(b, "}\n"...)
	if len(b) > cap(t.buf) && start > 0 {
		// The line did not fit: write the whole lines before it, then keep it.
		line := append([]byte(nil), b[start:]...)
		t.buf = b[:start]
		if t.flushLocked() != nil {
			return
		}
		b = append(t.buf, line...)
	}
	t.buf = b
}

// appendString appends s as a JSON string: as it is when it needs no
// escaping, as encoding/json writes it otherwise.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Flush writes the gathered lines to the file.
func (t *Trace) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.flushLocked()
}

func (t *Trace) flushLocked() error {
	if t.err == nil && len(t.buf) > 0 {
		if _, err := t.file.Write(t.buf); err != nil {
			t.err = fmt.Errorf("trace: %w", err)
		}
		t.buf = t.buf[:0]
	}
	return t.err
}

// Close flushes and closes the file.
func (t *Trace) Close() error {
	err := t.Flush()
	if cerr := t.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// SetTrace makes t the network's trace; nil turns tracing off. The
// network flushes it after each Run and closes it when it closes, after
// its nodes have stopped.
func (nw *Network) SetTrace(t *Trace) { nw.trace = t }

// traceFrame traces a frame's event of kind at port p (of link l).
func (nw *Network) traceFrame(kind TraceKind, l *Link, p *Port, f *Frame, r Reason) {
	ev := traceEvent{kind: kind, link: l, frame: f, reason: r, at: nw.sched.Now()}
	if p != nil {
		ev.node, ev.port, ev.device = p.node, p.index, p.node == nil
	}
	nw.trace.write(ev)
}

// traceNode traces a node's event of kind: a drop of a frame it had (r),
// or a change of its program (msg: its error).
func (nw *Network) traceNode(kind TraceKind, n *Node, r Reason, msg string) {
	nw.trace.write(traceEvent{kind: kind, node: n, reason: r, msg: msg, at: nw.sched.Now()})
}

// tracePort traces a change of the port p of node n on link l.
func (nw *Network) tracePort(kind TraceKind, n *Node, p *Port, l *Link) {
	ev := traceEvent{kind: kind, node: n, link: l, at: nw.sched.Now()}
	if p != nil {
		ev.port = p.index
	}
	nw.trace.write(ev)
}
