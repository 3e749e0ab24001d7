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
	queue       eventQueue
	interrupted atomic.Bool
}

var _ Scheduler = (*Virtual)(nil)

// NewVirtual returns a virtual scheduler at time zero.
func NewVirtual() *Virtual { return &Virtual{} }

// Now is the virtual time.
func (v *Virtual) Now() time.Duration { return v.now }

// Pending is the number of events waiting.
func (v *Virtual) Pending() int { return v.queue.Len() }

// Interrupt stops the Run in progress, or the next one, at an event
// boundary.
func (v *Virtual) Interrupt() { v.interrupted.Store(true) }

// ClearInterrupt forgets an Interrupt that no Run has taken.
func (v *Virtual) ClearInterrupt() { v.interrupted.Store(false) }

// Schedule adds ev to the queue.
func (v *Virtual) Schedule(ev Event) { v.schedule(ev, 0) }

// ScheduleLast adds ev to the queue, after every event at its time.
func (v *Virtual) ScheduleLast(ev Event) { v.schedule(ev, lastSeq) }

func (v *Virtual) schedule(ev Event, class uint64) {
	if ev.At < v.now {
		ev.At = v.now
	}
	v.seq++
	ev.seq = v.seq | class
	v.queue.push(ev)
}

func (v *Virtual) issued() uint64 { return v.seq }

// Hold does nothing: a virtual network only moves inside Run.
func (v *Virtual) Hold() {}

// Release does nothing.
func (v *Virtual) Release() {}

// Run fires every event up to now+d in order and leaves the clock at now+d.
func (v *Virtual) Run(d time.Duration) error {
	end := v.now + d
	for {
		if v.interrupted.Load() {
			v.interrupted.Store(false)
			return ErrInterrupted
		}
		if v.queue.Len() == 0 || v.queue.next().At > end {
			break
		}
		ev := v.queue.pop()
		v.now = ev.At
		ev.H.Handle(ev)
	}
	v.now = end
	return nil
}
