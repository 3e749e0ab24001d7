package runtime

import (
	"sync/atomic"
	"time"
)

// Virtual is the discrete-event scheduler: events fire in (time, sequence)
// order and the clock jumps from one to the next, so a run depends only on
// its inputs.
type Virtual struct {
	now         time.Duration
	seq         uint64
	heap        []Event
	interrupted atomic.Bool
}

var _ Scheduler = (*Virtual)(nil)

// NewVirtual returns a virtual scheduler at time zero.
func NewVirtual() *Virtual { return &Virtual{heap: make([]Event, 0, 1024)} }

// Now is the virtual time.
func (v *Virtual) Now() time.Duration { return v.now }

// Pending is the number of events waiting.
func (v *Virtual) Pending() int { return len(v.heap) }

// Interrupt stops the Run in progress, or the next one, at an event
// boundary.
func (v *Virtual) Interrupt() { v.interrupted.Store(true) }

// ClearInterrupt forgets an Interrupt that no Run has taken.
func (v *Virtual) ClearInterrupt() { v.interrupted.Store(false) }

func (a *Event) before(b *Event) bool {
	return a.At < b.At || (a.At == b.At && a.seq < b.seq)
}

// Schedule adds ev to the queue.
func (v *Virtual) Schedule(ev Event) {
	if ev.At < v.now {
		ev.At = v.now
	}
	v.seq++
	ev.seq = v.seq
	v.heap = append(v.heap, ev)
	h := v.heap
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (v *Virtual) pop() Event {
	h := v.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = Event{}
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(&h[l]) {
			m = r
		}
		if !h[m].before(&h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	v.heap = h
	return top
}

// Run fires every event up to now+d in order and leaves the clock at now+d.
func (v *Virtual) Run(d time.Duration) error {
	end := v.now + d
	for {
		if v.interrupted.Load() {
			v.interrupted.Store(false)
			return ErrInterrupted
		}
		if len(v.heap) == 0 || v.heap[0].At > end {
			break
		}
		ev := v.pop()
		v.now = ev.At
		ev.H.Handle(ev)
	}
	v.now = end
	return nil
}
