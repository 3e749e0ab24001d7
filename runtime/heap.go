package runtime

// The event queue of both schedulers: a binary min-heap of Event values
// ordered by (time, sequence), so pushing and popping allocate nothing once
// the slice has grown.

func (a *Event) before(b *Event) bool {
	return a.At < b.At || (a.At == b.At && a.seq < b.seq)
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
