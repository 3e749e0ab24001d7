package runtime

import (
	"slices"
	"sync/atomic"
	"time"
)

// Virtual is the discrete-event scheduler: events fire in (time, sequence)
// order and the clock jumps from one to the next, so a run depends only on
// its inputs.
type Virtual struct {
	now   time.Duration
	seq   uint64
	queue eventQueue
	flags atomic.Uint32              // interrupted, poked: what Run looks at between events
	watch []*func(now time.Duration) // called between events after a Poke
}

// The flags of a virtual scheduler.
const (
	interrupted = 1 << iota // Interrupt was called
	poked                   // Poke was called
)

var _ Scheduler = (*Virtual)(nil)

// NewVirtual returns a virtual scheduler at time zero.
func NewVirtual() *Virtual { return &Virtual{} }

// Now is the virtual time.
func (v *Virtual) Now() time.Duration { return v.now }

// Pending is the number of events waiting.
func (v *Virtual) Pending() int { return v.queue.Len() }

// Interrupt stops the Run in progress, or the next one, at an event
// boundary.
func (v *Virtual) Interrupt() { v.flags.Or(interrupted) }

// ClearInterrupt forgets an Interrupt that no Run has taken.
func (v *Virtual) ClearInterrupt() { v.flags.And(^uint32(interrupted)) }

// Watch makes Run call fn with the time, between two events, after each
// Poke (a progress line and the web view look at the network there),
// until the function it returns is called. Call both holding the network
// (from the goroutine that runs it).
func (v *Virtual) Watch(fn func(now time.Duration)) (stop func()) {
	p := &fn
	v.watch = append(v.watch, p)
	return func() {
		if i := slices.Index(v.watch, p); i >= 0 {
			v.watch = slices.Delete(v.watch, i, i+1)
		}
	}
}

// Poke asks Run to call the watch function at its next event boundary.
// Any goroutine may call it.
func (v *Virtual) Poke() { v.flags.Or(poked) }

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
		if f := v.flags.Load(); f != 0 {
			if f&interrupted != 0 {
				v.flags.And(^uint32(interrupted))
				return ErrInterrupted
			}
			v.flags.And(^uint32(poked))
			for _, fn := range v.watch {
				(*fn)(v.now)
			}
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
