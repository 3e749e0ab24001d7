package udp

// maxSenders is how many senders a keyed link keeps a replay window for:
// the least recently heard gives way to a new one. Only authenticated
// datagrams make a sender known, so forged sender ids take no room.
const maxSenders = 1024

// senders are the replay windows of the senders a keyed link has heard,
// at most limit, in a circular list from the most recently heard (head)
// to the least (the head's prev). Only the device's reader uses them.
type senders struct {
	index map[uint64]int32 // sender id -> its entry in list
	list  []sender
	head  int32 // -1 while there is none
	limit int
}

// sender is one sender's window and its place in the list.
type sender struct {
	id         uint64
	prev, next int32
	w          window
}

func newSenders(limit int) *senders {
	return &senders{index: map[uint64]int32{}, head: -1, limit: limit}
}

// window returns the window of sender id, which becomes the most
// recently heard: a new window, in the place of the least recently heard
// once there are limit, if id is not known.
func (s *senders) window(id uint64) *window {
	i, ok := s.index[id]
	switch {
	case ok:
		s.unlink(i)
	case len(s.list) < s.limit:
		s.list = append(s.list, sender{})
		i = int32(len(s.list) - 1)
	default:
		i = s.list[s.head].prev
		s.unlink(i)
		delete(s.index, s.list[i].id)
	}
	if !ok {
		s.list[i] = sender{id: id}
		s.index[id] = i
	}
	s.pushFront(i)
	return &s.list[i].w
}

// unlink takes entry i out of the list.
func (s *senders) unlink(i int32) {
	e := &s.list[i]
	if e.next == i {
		s.head = -1
		return
	}
	s.list[e.prev].next = e.next
	s.list[e.next].prev = e.prev
	if s.head == i {
		s.head = e.next
	}
}

// pushFront puts entry i, out of the list, at its head.
func (s *senders) pushFront(i int32) {
	e := &s.list[i]
	if s.head < 0 {
		e.prev, e.next, s.head = i, i, i
		return
	}
	tail := s.list[s.head].prev
	e.prev, e.next = tail, s.head
	s.list[tail].next = i
	s.list[s.head].prev = i
	s.head = i
}
