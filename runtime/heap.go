package runtime

// eventQueue orders events by (time, sequence) for both schedulers. Most
// events arrive in order (a link with a fixed delay schedules its frames
// at ever later times), so those go to a FIFO ring in O(1); the others go
// to a binary heap. Pushing and popping allocate nothing once both have
// grown.
type eventQueue struct {
	heap []Event
	fifo []Event // a ring of events in (time, sequence) order
	head int
	n    int // events in the ring
}

func (a *Event) before(b *Event) bool {
	return a.At < b.At || (a.At == b.At && a.seq < b.seq)
}

// Len is the number of events queued.
func (q *eventQueue) Len() int { return len(q.heap) + q.n }

// push adds ev, whose sequence is higher than any queued (but for those
// scheduled last).
func (q *eventQueue) push(ev Event) {
	if q.n == 0 || !ev.before(&q.fifo[(q.head+q.n-1)&(len(q.fifo)-1)]) {
		if q.n == len(q.fifo) {
			q.grow()
		}
		q.fifo[(q.head+q.n)&(len(q.fifo)-1)] = ev
		q.n++
		return
	}
	q.heap = heapPush(q.heap, ev)
}

func (q *eventQueue) grow() {
	size := max(2*len(q.fifo), 1024)
	fifo := make([]Event, size)
	for i := 0; i < q.n; i++ {
		fifo[i] = q.fifo[(q.head+i)&(len(q.fifo)-1)]
	}
	q.fifo, q.head = fifo, 0
}

// next returns the earliest event; the queue must not be empty.
func (q *eventQueue) next() *Event {
	if q.n == 0 {
		return &q.heap[0]
	}
	f := &q.fifo[q.head]
	if len(q.heap) > 0 && q.heap[0].before(f) {
		return &q.heap[0]
	}
	return f
}

// pop removes and returns the earliest event.
func (q *eventQueue) pop() Event {
	if q.n > 0 && (len(q.heap) == 0 || !q.heap[0].before(&q.fifo[q.head])) {
		ev := q.fifo[q.head]
		q.fifo[q.head] = Event{}
		q.head = (q.head + 1) & (len(q.fifo) - 1)
		q.n--
		return ev
	}
	var ev Event
	q.heap, ev = heapPop(q.heap)
	return ev
}

// drain removes and returns every event, in no particular order.
func (q *eventQueue) drain() []Event {
	events := append([]Event(nil), q.heap...)
	for ; q.n > 0; q.n-- {
		events = append(events, q.fifo[q.head])
		q.fifo[q.head] = Event{}
		q.head = (q.head + 1) & (len(q.fifo) - 1)
	}
	clear(q.heap)
	q.heap = q.heap[:0]
	return events
}

func heapPush(h []Event, ev Event) []Event {
	h = append(h, ev)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop(h []Event) ([]Event, Event) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = Event{}
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(&h[l]) {
			m = r
		}
		if !h[m].before(&h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	return h, top
}
