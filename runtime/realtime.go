package runtime

import (
	goruntime "runtime"
	"sync"
	"time"
)

// Realtime is the scheduler of a network that touches the world: events
// fire against the wall clock on a goroutine of their own, so traffic flows
// while the user thinks. Whoever changes the network from outside an event
// (a script, the REPL) holds it first with Hold and lets go with Release;
// the network then changes between two events, never during one.
type Realtime struct {
	mu          sync.Mutex // held while an event fires and between Hold and Release
	base        time.Duration
	start       time.Time
	seq         uint64
	queue       eventQueue
	wake        chan struct{}
	interrupted chan struct{}
	stop        chan struct{}
	done        chan struct{}
	postMu      sync.Mutex
	posted      []Event
	taken       []Event // the loop's half of posted: the two swap
	// Idle, if set, runs after each round of events, holding the
	// scheduler: the host flushes output there.
	Idle   func()
	rounds rounds // runs what a round hands to nodes
	firing bool   // a round is firing: set by the loop before the nodes run
	// roundAt is the time a round fires at: events, nodes and links see
	// one time for a whole round, as in virtual time, so the frames a node
	// sends in a round share one flight.
	roundAt time.Duration
	alarm   alarm         // wakes the loop slack before the next event
	slack   time.Duration // how long before an event the alarm rings; the loop's own
	// The loop's spinning in the current spinWindow: when it began, and
	// how long the loop has spun since.
	windowAt time.Duration
	spun     time.Duration
}

// The loop's slack follows how late its alarm rings: it rises at once to
// a late ring (and a quarter more, and spinMargin), and falls by a 16th
// each ring, between minSlack and maxSlack. An alarm later than maxSlack
// makes its event late rather than the loop spin longer.
const (
	minSlack   = 20 * time.Microsecond
	startSlack = 250 * time.Microsecond
	maxSlack   = time.Millisecond
	spinMargin = 10 * time.Microsecond
)

// The loop spins at most a spinShare-th of every spinWindow: while it
// spins it holds a core, and the Go scheduler looks for the devices' input
// only when a core is free, so spinning more starves the devices' readers
// (a tap link's throughput halves). A network whose events come every few
// microseconds waits for them on the alarm alone once it has spun its
// share, late by how late the alarm rings.
const (
	spinWindow = 10 * time.Millisecond
	spinShare  = 10
)

// rounds is the network's side of a round: what is gathered between
// beginRound and endRound runs, with nodes in parallel, at endRound.
type rounds interface {
	beginRound()
	endRound()
}

var _ Scheduler = (*Realtime)(nil)

// NewRealtime returns a real-time scheduler whose clock starts at base and
// whose loop is running. The caller holds it (as after Hold).
func NewRealtime(base time.Duration) *Realtime {
	r := &Realtime{base: base, start: time.Now(),
		wake: make(chan struct{}, 1), interrupted: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{}),
		alarm: newAlarm(), slack: startSlack}
	r.mu.Lock()
	go r.routineLoop()
	return r
}

// Now is the time of the round firing, or outside rounds base plus the
// wall time since the scheduler started. Call it holding the scheduler
// or from an event.
func (r *Realtime) Now() time.Duration {
	if r.firing {
		return r.roundAt
	}
	return r.wallNow()
}

// wallNow is base plus the wall time since the scheduler started.
func (r *Realtime) wallNow() time.Duration { return r.base + time.Since(r.start) }

// Pending is the number of events waiting.
func (r *Realtime) Pending() int { return r.queue.Len() }

// Schedule adds ev; the caller holds the scheduler (or is an event).
func (r *Realtime) Schedule(ev Event) { r.schedule(ev, 0) }

// ScheduleLast adds ev, after every event at its time.
func (r *Realtime) ScheduleLast(ev Event) { r.schedule(ev, lastSeq) }

func (r *Realtime) schedule(ev Event, class uint64) {
	r.seq++
	ev.seq = r.seq | class
	r.queue.push(ev)
	if r.firing {
		return // the loop looks at the queue again after the round
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *Realtime) issued() uint64 { return r.seq }

// Post adds events from any goroutine (a device's reader); each fires as
// soon as the loop gets to it, at the time it was posted if its At is zero.
func (r *Realtime) Post(evs ...Event) {
	if len(evs) == 0 {
		return
	}
	now := r.wallNow()
	r.postMu.Lock()
	for _, ev := range evs {
		if ev.At == 0 {
			ev.At = now
		}
		r.posted = append(r.posted, ev)
	}
	r.postMu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Hold stops events from firing until Release.
func (r *Realtime) Hold() { r.mu.Lock() }

// Release lets events fire again.
func (r *Realtime) Release() { r.mu.Unlock() }

// Run lets the network run for d of wall time; the caller holds the
// scheduler, which Run releases while it waits.
func (r *Realtime) Run(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	r.mu.Unlock()
	defer r.mu.Lock()
	select {
	case <-t.C:
		return nil
	case <-r.interrupted:
		return ErrInterrupted
	}
}

// Interrupt makes the Run in progress, or else the next one, return.
func (r *Realtime) Interrupt() {
	select {
	case r.interrupted <- struct{}{}:
	default:
	}
}

// ClearInterrupt forgets an Interrupt that no Run has taken.
func (r *Realtime) ClearInterrupt() {
	select {
	case <-r.interrupted:
	default:
	}
}

// Close stops the loop; events still waiting stay unfired. The caller
// holds the scheduler.
func (r *Realtime) Close() {
	close(r.stop)
	r.mu.Unlock()
	<-r.done
	r.mu.Lock()
}

// fireDue fires rounds of due events until none is due, then runs Idle;
// the caller holds the scheduler.
func (r *Realtime) fireDue() {
	fired := false
	for r.fireRound() {
		fired = true
	}
	if fired && r.Idle != nil {
		r.Idle()
	}
}

// fireRound fires the events due now as one round and reports whether
// there were any; the caller holds the scheduler.
func (r *Realtime) fireRound() bool {
	now := r.wallNow()
	if r.queue.Len() == 0 || r.queue.next().At > now {
		return false
	}
	r.roundAt = now
	r.firing = true
	if r.rounds != nil {
		r.rounds.beginRound()
	}
	for r.queue.Len() > 0 && r.queue.next().At <= now {
		ev := r.queue.pop()
		ev.H.Handle(ev)
	}
	if r.rounds != nil {
		r.rounds.endRound() // may schedule more events due now
	}
	r.firing = false
	return true
}

// routineLoop fires events when their time comes.
func (r *Realtime) routineLoop() {
	defer close(r.done)
	defer r.alarm.close()
	for {
		// One round per hold, so a script waiting to hold the network gets
		// in between two rounds even when rounds follow each other at once.
		r.mu.Lock()
		r.postMu.Lock()
		posted := r.posted
		r.posted = r.taken[:0]
		r.postMu.Unlock()
		for _, ev := range posted {
			r.Schedule(ev)
		}
		clear(posted)
		r.taken = posted
		fired := r.fireRound()
		if fired && r.Idle != nil {
			r.Idle()
		}
		queued := r.queue.Len() > 0
		var next time.Duration
		if queued {
			next = r.queue.next().At
		}
		r.mu.Unlock()
		if fired && queued && next <= r.wallNow() {
			select {
			case <-r.stop:
				return
			default:
				continue
			}
		}
		if !r.await(next, queued) {
			return
		}
	}
}

// await waits until at, the time of the next event if queued, or until
// woken, and reports false once the loop is to stop. The alarm wakes it
// slack before at, and it spins the rest of the way (yielding to other
// goroutines), so the event fires within microseconds of its time while
// an idle network, or one whose next event is far, takes no CPU.
func (r *Realtime) await(at time.Duration, queued bool) bool {
	if !queued {
		select {
		case <-r.stop:
			return false
		case <-r.wake:
			return true
		}
	}
	slack := r.slack
	if r.spunShare() {
		slack = 0
	}
	for wait := at - r.wallNow(); wait > slack; wait = at - r.wallNow() {
		ring := at - slack
		r.alarm.set(wait - slack)
		select {
		case <-r.stop:
			return false
		case <-r.wake:
			return true
		case <-r.alarm.rings():
			r.learn(r.wallNow() - ring)
		}
	}
	began := r.wallNow()
	defer func() { r.spun += r.wallNow() - began }()
	for r.wallNow() < at {
		select {
		case <-r.stop:
			return false
		case <-r.wake:
			return true
		default:
			goruntime.Gosched()
		}
	}
	return true
}

// spunShare reports whether the loop has spun its share of the current
// spinWindow, starting a new window when the current one is over.
func (r *Realtime) spunShare() bool {
	if now := r.wallNow(); now-r.windowAt >= spinWindow {
		r.windowAt, r.spun = now, 0
	}
	return r.spun >= spinWindow/spinShare
}

// learn sets the slack after the alarm rang late by late.
func (r *Realtime) learn(late time.Duration) {
	r.slack = min(maxSlack, max(minSlack, r.slack-r.slack/16, late+late/4+spinMargin))
}
