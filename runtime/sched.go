package runtime

import (
	"errors"
	"time"
)

// Handler is whatever an event fires: a link delivering a frame, a node
// starting, a timer.
type Handler interface {
	Handle(ev Event)
}

// Event is one scheduled action. Frame and Port carry the frame in flight and
// the port it came from, so frame events need no allocation.
type Event struct {
	At    time.Duration // when it fires, on the scheduler's clock
	H     Handler
	Frame *Frame
	Port  *Port
	seq   uint64 // tie-breaker: equal times fire in the order scheduled, lastSeq ones after the others
}

// lastSeq is the bit of an event's sequence number that ScheduleLast
// sets: the event orders after those without it at the same time.
const lastSeq = 1 << 63

// last reports whether ev was scheduled with ScheduleLast.
func (ev *Event) last() bool { return ev.seq&lastSeq != 0 }

// ErrInterrupted is returned by Run when Interrupt stopped it early.
var ErrInterrupted = errors.New("interrupted")

// Scheduler orders events in time. The virtual scheduler runs as fast as the
// CPU allows and is deterministic; a real-time one fires events against the
// wall clock.
type Scheduler interface {
	// Now is the current time on the scheduler's clock, from the start.
	Now() time.Duration
	// Schedule adds ev; an event in the past fires at the next opportunity.
	Schedule(ev Event)
	// ScheduleLast adds ev to fire after every other event due at ev.At,
	// even those scheduled after it (but for other ScheduleLast events,
	// which keep their order): a script's function at a time sees that
	// time complete, as if the run had stopped there.
	ScheduleLast(ev Event)
	// Run fires events until d has passed, then returns. Events scheduled
	// while running fire in the same run if their time comes.
	Run(d time.Duration) error
	// Pending is the number of events waiting.
	Pending() int
	// Interrupt makes the Run in progress, or else the next one, return
	// ErrInterrupted at an event boundary. It may be called from any
	// goroutine.
	Interrupt()
	// ClearInterrupt forgets an Interrupt that no Run has taken.
	ClearInterrupt()
	// Hold keeps events from firing until Release, so code outside an
	// event (a script, the REPL) can change the network between two
	// events. Run must be called holding the scheduler.
	Hold()
	// Release lets events fire again.
	Release()
	// issued is how many events have been scheduled: a link's open flight
	// takes more frames only while it is unchanged.
	issued() uint64
}
