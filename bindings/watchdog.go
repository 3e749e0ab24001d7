package bindings

import (
	"runtime/metrics"
	"sync"
	"time"
)

// DefaultBudget is the wall-clock time one call into a node VM may take
// before the node is stopped.
const DefaultBudget = time.Second

// memoryBudget is how much the Go heap may grow during one call into a node
// VM before the node is stopped, so a runaway node cannot take the memory
// of the whole process.
const memoryBudget = 512 << 20

// watchdog enforces the budgets of calls into node VMs: every call is
// bracketed by begin and end, and a goroutine cancels the VM's context when
// a call outlives its program's CPU budget or grows the heap past the
// memory budget, which makes the VM raise an error at its next instruction.
type watchdog struct {
	mu     sync.Mutex
	cur    *luaProgram
	depth  int // calls into cur's VM in progress: an out filter runs inside node.send
	start  time.Time
	call   uint64 // counts calls, so a tick knows whether it saw this one before
	seen   uint64 // the call the heap baseline belongs to
	base   uint64 // heap bytes when the watchdog first saw the call
	sample []metrics.Sample
	stop   chan struct{}
}

func newWatchdog() *watchdog {
	w := &watchdog{stop: make(chan struct{}),
		sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
	go w.routine()
	return w
}

func (w *watchdog) routine() {
	t := time.NewTicker(5 * time.Millisecond)
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
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.cur
	if p == nil || p.stopReason != "" {
		return
	}
	metrics.Read(w.sample)
	heap := w.sample[0].Value.Uint64()
	switch {
	case w.seen != w.call:
		w.seen, w.base = w.call, heap
	case heap > w.base+memoryBudget:
		p.stopReason = "exceeded its memory budget: the heap grew by more than 512 MiB in one call"
		p.cancel()
		return
	}
	if now.Sub(w.start) > p.budget {
		p.stopReason = "exceeded its CPU budget of " + p.budget.String() + " in one call (stuck in a loop?)"
		p.cancel()
	}
}

// begin marks the start of a call into p's VM. A call made while another
// runs (a filter inside node.send) counts against the outer call's budget.
func (w *watchdog) begin(p *luaProgram) {
	w.mu.Lock()
	w.depth++
	if w.depth == 1 {
		w.cur, w.start = p, time.Now()
		w.call++
	}
	w.mu.Unlock()
}

// end marks the end of the call and returns why the watchdog stopped it,
// or "".
func (w *watchdog) end(p *luaProgram) string {
	w.mu.Lock()
	w.depth--
	if w.depth == 0 {
		w.cur = nil
	}
	reason := p.stopReason
	w.mu.Unlock()
	return reason
}

func (w *watchdog) close() { close(w.stop) }
