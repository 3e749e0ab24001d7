package runtime

import "time"

// An alarm wakes the real-time loop when the next event is nearly due: its
// channel receives once the time it was set to has passed. The loop spins
// the last stretch to the event's time (see Realtime.await), so how late an
// alarm rings decides how long the loop spins, not how late events fire.
type alarm interface {
	// set makes the alarm ring in d (at least a nanosecond), replacing
	// any time it was set to before.
	set(d time.Duration)
	// rings receives once the alarm has rung.
	rings() <-chan struct{}
	// close stops the alarm and whatever goroutine it has.
	close()
}

// timerAlarm is an alarm on a Go timer: portable, and late by up to a
// millisecond or more (the runtime's poller waits in whole milliseconds).
type timerAlarm struct {
	t *time.Timer
	c chan struct{}
}

func newTimerAlarm() *timerAlarm {
	a := &timerAlarm{c: make(chan struct{}, 1)}
	a.t = time.AfterFunc(time.Hour, a.ring)
	a.t.Stop()
	return a
}

func (a *timerAlarm) ring() {
	select {
	case a.c <- struct{}{}:
	default:
	}
}

func (a *timerAlarm) set(d time.Duration) {
	a.t.Stop()
	drain(a.c)
	a.t.Reset(d)
}

func (a *timerAlarm) rings() <-chan struct{} { return a.c }
func (a *timerAlarm) close()                 { a.t.Stop() }

// drain takes the token out of c, if there is one.
func drain(c chan struct{}) {
	select {
	case <-c:
	default:
	}
}
