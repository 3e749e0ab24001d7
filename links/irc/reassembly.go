package irc

import (
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Bounds of reassembly, against a channel that sends parts and never the
// rest: at most maxPending senders with a frame under way (the one idle
// longest gives way), each at most runtime.MaxFrame bytes, each dropped
// after partTimeout without a part.
const (
	maxPending  = 64
	partTimeout = 30 * time.Second
)

// partial is a frame of which some parts have come.
type partial struct {
	id     string
	n      int // parts
	next   int // the part expected next
	data   []byte
	broken bool // parts of it never came: take the rest, then count it
	last   time.Time
}

// reassembler joins the parts of frames, per sender. A sender sends a
// frame's parts in order and the server keeps that order, so a sender has
// at most one frame under way, and a part out of place means that frame
// never completes. Only the connection's reader goroutine uses it.
type reassembler struct {
	pending map[string]*partial // by sender
	reject  func(runtime.DeviceReason)
}

func newReassembler(reject func(runtime.DeviceReason)) *reassembler {
	return &reassembler{pending: map[string]*partial{}, reject: reject}
}

// add takes part p from sender at now and returns the frame it completes,
// if any.
func (r *reassembler) add(now time.Time, sender string, p part) []byte {
	q := r.pending[sender]
	if q != nil && (q.id != p.id || q.n != p.n || q.next > p.i) {
		r.forget(sender) // a part of another frame
		q = nil
	}
	if q != nil && q.next < p.i {
		q.broken, q.data = true, nil // parts of this frame went missing
		q.next = p.i
	}
	if q == nil {
		if p.n == 1 {
			return r.check(p.data)
		}
		if len(r.pending) >= maxPending {
			r.forget(r.idlest())
		}
		q = &partial{id: p.id, n: p.n, next: p.i, broken: p.i != 1}
		r.pending[sender] = q
	}
	q.last = now
	q.next++
	if !q.broken {
		if len(q.data)+len(p.data) > runtime.MaxFrame {
			delete(r.pending, sender)
			r.reject(runtime.DevMalformed)
			return nil
		}
		q.data = append(q.data, p.data...)
	}
	if p.i < p.n {
		return nil
	}
	delete(r.pending, sender)
	if q.broken {
		r.reject(runtime.DevIncomplete)
		return nil
	}
	return r.check(q.data)
}

// check returns frame, or counts it as malformed if it is shorter than an
// Ethernet header.
func (r *reassembler) check(frame []byte) []byte {
	if len(frame) < runtime.HeaderLen {
		r.reject(runtime.DevMalformed)
		return nil
	}
	return frame
}

// idlest is the sender whose frame has waited longest for a part.
func (r *reassembler) idlest() string {
	var who string
	var at time.Time
	for s, q := range r.pending {
		if who == "" || q.last.Before(at) {
			who, at = s, q.last
		}
	}
	return who
}

// forget drops sender's frame under way, if any, counting it incomplete:
// the sender moved on to another frame, left, or changed its nick.
func (r *reassembler) forget(sender string) {
	if _, ok := r.pending[sender]; ok {
		delete(r.pending, sender)
		r.reject(runtime.DevIncomplete)
	}
}

// expire drops the frames that have waited longer than partTimeout at now.
func (r *reassembler) expire(now time.Time) {
	for s, q := range r.pending {
		if now.Sub(q.last) > partTimeout {
			r.forget(s)
		}
	}
}
