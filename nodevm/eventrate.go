package nodevm

import (
	"fmt"
	"time"
)

// Time must not collapse: a node that sets timers faster than the network
// can run them would keep a run from ever ending (node.every("1ns") cost
// 520 s of wall time per second of network time).
const (
	// TimerFloor is the shortest period of node.every and the shortest
	// delay above zero of node.after, node.sleep and node.recv.
	TimerFloor = time.Microsecond
	// MaxEventsPerSecond is how many timer events (node.after, each
	// firing of node.every, node.sleep and node.recv waking) a node may
	// have in one second of network time before it is stopped.
	MaxEventsPerSecond = 1_000_000
)

// eventRate counts a node's timer events per second of network time.
type eventRate struct {
	start time.Duration // the start of the second being counted
	n     int
}

// count counts an event at now and returns an error if the node has had
// more than MaxEventsPerSecond in the second that started with the first of
// them.
func (r *eventRate) count(now time.Duration) error {
	if now < r.start || now >= r.start+time.Second {
		r.start, r.n = now, 0
	}
	r.n++
	if r.n > MaxEventsPerSecond {
		return fmt.Errorf("set off more than %d timer events in one second of network time (the limit)", MaxEventsPerSecond)
	}
	return nil
}

// checkDelay checks a delay of what (node.after, ...) against the floor;
// zero is allowed where allowZero says so.
func checkDelay(what string, d time.Duration, allowZero bool) error {
	switch {
	case d < 0:
		return fmt.Errorf("%s: a negative time (%v)", what, d)
	case d == 0 && allowZero:
		return nil
	case d < TimerFloor:
		return fmt.Errorf("%s: %v is below the floor of %v (the shortest time a timer may take)", what, d, TimerFloor)
	}
	return nil
}
