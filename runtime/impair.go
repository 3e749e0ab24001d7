package runtime

import (
	"fmt"
	"time"
)

// DefaultMTU is the payload limit of a link that does not set one.
const DefaultMTU = 1500

// DefaultQueue is the queue limit of a rate-limited link that does not set
// one, in frames (Linux's default txqueuelen).
const DefaultQueue = 1000

// Impairments are what a link does to frames on the way: each sending port
// has a transmitter with the link's rate and queue, so a two-port link is a
// full-duplex cable.
type Impairments struct {
	Delay  time.Duration // propagation delay added to every frame
	Jitter time.Duration // each frame's delay varies uniformly by up to ±Jitter
	Loss   float64       // probability in [0, 1] that a frame is lost on the wire
	Rate   uint64        // bits per second; 0 means no serialisation delay
	Queue  int           // frames that may wait for a busy transmitter; 0 means DefaultQueue
	MTU    int           // largest payload in bytes; 0 means DefaultMTU
}

// Validate reports the first impossible value, naming the field.
func (im *Impairments) Validate() error {
	switch {
	case im.Delay < 0:
		return fmt.Errorf("delay must not be negative (got %v)", im.Delay)
	case im.Jitter < 0:
		return fmt.Errorf("jitter must not be negative (got %v)", im.Jitter)
	case im.Loss < 0 || im.Loss > 1 || im.Loss != im.Loss:
		return fmt.Errorf("loss must be a probability between 0 and 1 (got %v)", im.Loss)
	case im.Queue < 0:
		return fmt.Errorf("queue must not be negative (got %d)", im.Queue)
	case im.MTU < 0 || im.MTU > MaxFrame-HeaderLen:
		return fmt.Errorf("mtu must be between 1 and %d bytes (got %d)", MaxFrame-HeaderLen, im.MTU)
	}
	return nil
}

// PayloadLimit is the largest payload the link carries (MTU or its default).
func (im *Impairments) PayloadLimit() int {
	if im.MTU == 0 {
		return DefaultMTU
	}
	return im.MTU
}

// QueueLimit is how many frames may wait for a busy transmitter (Queue or
// its default).
func (im *Impairments) QueueLimit() int {
	if im.Queue == 0 {
		return DefaultQueue
	}
	return im.Queue
}

// queueSlots is the room a sending port needs for waiting frames: none
// unless the link has a rate (a port without one never waits).
func (im *Impairments) queueSlots() int {
	if im.Rate == 0 {
		return 0
	}
	return im.QueueLimit()
}

// serialisation is how long the transmitter is busy sending n bytes.
func (im *Impairments) serialisation(n int) time.Duration {
	if im.Rate == 0 {
		return 0
	}
	return time.Duration(uint64(n) * 8 * uint64(time.Second) / im.Rate)
}

// txQueue holds the start times of frames waiting for a port's transmitter,
// oldest first; its capacity is the queue limit.
type txQueue struct {
	starts []time.Duration
	head   int
	n      int
}

// expire forgets frames whose transmission has started by now.
func (q *txQueue) expire(now time.Duration) {
	for q.n > 0 && q.starts[q.head] <= now {
		q.head = (q.head + 1) % len(q.starts)
		q.n--
	}
}

func (q *txQueue) full() bool { return q.n >= len(q.starts) }

func (q *txQueue) push(start time.Duration) {
	q.starts[(q.head+q.n)%len(q.starts)] = start
	q.n++
}

// resize sets the capacity, keeping the newest waiting frames that fit.
func (q *txQueue) resize(limit int) {
	if limit == len(q.starts) {
		return
	}
	starts := make([]time.Duration, limit)
	keep := min(q.n, limit)
	for i := 0; i < keep; i++ {
		starts[i] = q.starts[(q.head+q.n-keep+i)%len(q.starts)]
	}
	q.starts, q.head, q.n = starts, 0, keep
}
