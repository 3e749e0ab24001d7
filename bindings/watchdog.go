package bindings

import (
	goruntime "runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// DefaultBudget is the wall-clock time one call into a node VM may take
// before the node is stopped.
const DefaultBudget = time.Second

// memoryBudget is how much the Go heap may grow during one call into a node
// VM before the node is stopped, so a runaway node cannot take the memory
// of the whole process.
const memoryBudget = 512 << 20

// watchdogTick is how often the watchdog looks at the calls in progress.
const watchdogTick = 5 * time.Millisecond

// watchdog enforces the budgets of calls into node VMs: every call is
// bracketed by begin and end, and a goroutine cancels the VM's context when
// a call outlives its program's CPU budget or grows the heap past the
// memory budget, which makes the VM raise an error at its next instruction.
//
// begin and end run for every frame, so they only count and publish with
// atomics: a program whose outermost call runs sits in one of the slots
// (nodes may run in parallel in real time, one call per goroutine), and the
// watchdog's goroutine reads the clock. A call's time runs from the first
// tick that sees it, so a call is stopped between its budget and its budget
// plus two ticks after it began.
type watchdog struct {
	slots []atomic.Pointer[luaProgram]
	seen  []sighting // the watchdog goroutine's own, by slot

	sample []metrics.Sample
	stop   chan struct{}
}

// sighting is a call the watchdog has seen in a slot.
type sighting struct {
	p     *luaProgram
	call  uint64    // p's count of calls when seen
	since time.Time // when first seen
	heap  uint64    // heap bytes when first seen
}

func newWatchdog() *watchdog {
	n := max(64, 2*goruntime.GOMAXPROCS(0))
	w := &watchdog{slots: make([]atomic.Pointer[luaProgram], n), seen: make([]sighting, n),
		stop: make(chan struct{}), sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
	go w.routine()
	return w
}

func (w *watchdog) routine() {
	t := time.NewTicker(watchdogTick)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case now := <-t.C:
			w.check(now)
		}
	}
}

func (w *watchdog) check(now time.Time) {
	metrics.Read(w.sample)
	heap := w.sample[0].Value.Uint64()
	for i := range w.slots {
		p, s := w.slots[i].Load(), &w.seen[i]
		if p == nil {
			s.p = nil
			continue
		}
		call := p.calls.Load() // p's call, or a later one if that has ended since
		if s.p != p || s.call != call {
			*s = sighting{p: p, call: call, since: now, heap: heap}
			continue
		}
		switch {
		case p.stopReason.Load() != nil:
		case heap > s.heap+memoryBudget:
			stopCall(p, "exceeded its memory budget: the heap grew by more than 512 MiB in one call")
		case now.Sub(s.since) > p.budget:
			stopCall(p, "exceeded its CPU budget of "+p.budget.String()+" in one call (stuck in a loop?)")
		}
	}
}

// stopCall records why p's call is stopped and cancels its VM's context.
func stopCall(p *luaProgram, reason string) {
	p.stopReason.Store(&reason)
	p.cancel()
}

// begin marks the start of a call into p's VM. A call made while another
// runs (a filter inside node.send) counts against the outer call's budget.
func (w *watchdog) begin(p *luaProgram) {
	p.depth++
	if p.depth > 1 {
		return
	}
	p.calls.Add(1)
	start := max(p.slot, 0) // the slot p had last: free unless nodes run in parallel
	for i := range w.slots {
		s := (start + i) % len(w.slots)
		if w.slots[s].CompareAndSwap(nil, p) {
			p.slot = s
			return
		}
	}
	p.slot = -1 // more calls at once than slots: this one runs unwatched
}

// end marks the end of the call and returns why the watchdog stopped it,
// or "".
func (w *watchdog) end(p *luaProgram) string {
	p.depth--
	if p.depth == 0 && p.slot >= 0 {
		w.slots[p.slot].Store(nil)
	}
	if r := p.stopReason.Load(); r != nil {
		return *r
	}
	return ""
}

func (w *watchdog) close() { close(w.stop) }

// interrupt stops every call in progress, as Ctrl-C does.
func (w *watchdog) interrupt() {
	for i := range w.slots {
		if p := w.slots[i].Load(); p != nil {
			stopCall(p, "interrupted")
		}
	}
}
