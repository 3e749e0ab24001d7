package runtime

import "time"

// A flight is frames on a link that arrive at the same time, sent one after
// another with no other event scheduled between them: they share one event,
// so a burst costs the scheduler one push and one pop however long it is.
// The frames of a flight arrive in the order they were sent, exactly when
// and where their own events would have fired.
type flight struct {
	link   *Link
	at     time.Duration
	seq    uint64 // the scheduler's count of events issued once this flight was
	frames []sent
}

// sent is a frame in flight and the port that sent it.
type sent struct {
	f   *Frame
	src *Port
}

// board puts f, from src, on a flight arriving at at: the link's open
// flight if nothing has been scheduled since it was, else a new one.
func (l *Link) board(src *Port, f *Frame, at time.Duration) {
	s := l.net.sched
	if fl := l.open; fl != nil && fl.at == at && fl.seq == s.issued() {
		fl.frames = append(fl.frames, sent{f, src})
		return
	}
	var fl *flight
	if n := len(l.spare); n > 0 {
		fl = l.spare[n-1]
		l.spare = l.spare[:n-1]
	} else {
		fl = &flight{link: l}
	}
	fl.at = at
	fl.frames = append(fl.frames, sent{f, src})
	s.Schedule(Event{At: at, H: fl})
	fl.seq = s.issued()
	l.open = fl
}

// Handle delivers the flight's frames in the order they were sent and, in
// real time, records how late they left.
func (fl *flight) Handle(Event) {
	l := fl.link
	if l.open == fl {
		l.open = nil // frames sent from now on take a flight of their own
	}
	if rt, ok := l.net.sched.(*Realtime); ok {
		if l.late == nil {
			l.late = &lateHistogram{}
		}
		l.late.record(rt.wallNow()-fl.at, len(fl.frames))
	}
	for i := range fl.frames {
		s := fl.frames[i]
		fl.frames[i] = sent{}
		l.arrive(s.src, s.f)
	}
	fl.frames = fl.frames[:0]
	l.spare = append(l.spare, fl)
}
