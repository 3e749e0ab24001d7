package runtime

import "time"

// Timer runs a function in a node's context after a delay, once or every
// period, until cancelled or the node stops.
type Timer struct {
	node      *Node
	prog      Program // the program that set it: a reload ends its timers
	fn        func() error
	period    time.Duration
	cancelled bool
}

// After runs fn once, d from now. An error from fn stops the node.
func (n *Node) After(d time.Duration, fn func() error) *Timer {
	t := &Timer{node: n, prog: n.prog, fn: fn}
	n.net.lockSwitch()
	n.net.sched.Schedule(Event{At: n.net.sched.Now() + max(d, 0), H: t})
	n.net.unlockSwitch()
	return t
}

// Every runs fn every period (which must be positive), first at now+period.
func (n *Node) Every(period time.Duration, fn func() error) *Timer {
	t := &Timer{node: n, prog: n.prog, fn: fn, period: period}
	n.net.lockSwitch()
	n.net.sched.Schedule(Event{At: n.net.sched.Now() + period, H: t})
	n.net.unlockSwitch()
	return t
}

// Cancel stops the timer; it does nothing if it has already fired or was
// cancelled.
func (t *Timer) Cancel() { t.cancelled = true }

// Handle fires the timer.
func (t *Timer) Handle(ev Event) {
	if t.cancelled || t.node.stopped || t.node.prog != t.prog {
		return
	}
	if t.period > 0 {
		t.node.net.sched.Schedule(Event{At: t.next(ev.At), H: t})
	}
	if r := t.node.net.round; r != nil {
		r.add(t.node, work{kind: workTimer, timer: t})
		return
	}
	t.fire()
}

// next is when a periodic timer that was due at fires again: a period
// later, on the same grid, skipping the times already past. In virtual
// time none is: a timer fires when it is due. In real time a network that
// fell behind (a long round, a stalled machine) fires a timer once for all
// the periods it missed, as a ticker drops ticks, rather than once for
// each of them in a burst.
func (t *Timer) next(at time.Duration) time.Duration {
	next := at + t.period
	if now := t.node.net.sched.Now(); next <= now {
		next += (now - next) / t.period * t.period
		if next <= now {
			next += t.period
		}
	}
	return next
}

// fire runs the timer's function, once it is due.
func (t *Timer) fire() {
	if t.cancelled || t.node.stopped || t.node.prog != t.prog {
		return
	}
	if t.period == 0 {
		t.cancelled = true
	}
	if err := t.fn(); err != nil {
		t.node.Fail(err)
	}
}
