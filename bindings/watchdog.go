package bindings

import (
	"sync"
	"time"
)

// DefaultBudget is the wall-clock time one call into a node VM may take
// before the node is stopped.
const DefaultBudget = time.Second

// watchdog enforces the CPU budget of calls into node VMs: every call is
// bracketed by begin and end, and a goroutine cancels the VM's context when
// a call outlives its program's budget, which makes the VM raise an error at
// its next instruction.
type watchdog struct {
	mu    sync.Mutex
	cur   *luaProgram
	start time.Time
	stop  chan struct{}
}

func newWatchdog() *watchdog {
	w := &watchdog{stop: make(chan struct{})}
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
			w.mu.Lock()
			if p := w.cur; p != nil && now.Sub(w.start) > p.budget {
				p.overBudget = true
				p.cancel()
			}
			w.mu.Unlock()
		}
	}
}

// begin marks the start of a call into p's VM.
func (w *watchdog) begin(p *luaProgram) {
	w.mu.Lock()
	w.cur, w.start = p, time.Now()
	w.mu.Unlock()
}

// end marks the end of the call and reports whether it overran its budget.
func (w *watchdog) end(p *luaProgram) bool {
	w.mu.Lock()
	w.cur = nil
	over := p.overBudget
	w.mu.Unlock()
	return over
}

func (w *watchdog) close() { close(w.stop) }
