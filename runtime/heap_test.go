package runtime

import (
	"sort"
	"testing"
	"time"
)

func TestEventQueueIsOrdered(t *testing.T) {
	var q eventQueue
	r := NewRand(9)
	var want []Event
	seq := uint64(0)
	now := time.Duration(0)
	for round := 0; round < 50; round++ {
		for i := 0; i < 100; i++ {
			seq++
			at := now + time.Duration(r.Intn(5))*time.Millisecond // often equal, sometimes earlier than the last
			if r.Intn(3) == 0 {
				at = now + time.Duration(round%7)*time.Millisecond
			}
			ev := Event{At: at, seq: seq}
			if r.Intn(10) == 0 {
				ev.seq |= lastSeq // ScheduleLast's
			}
			q.push(ev)
			want = append(want, ev)
		}
		sort.Slice(want, func(i, j int) bool { return want[i].before(&want[j]) })
		for k := 0; k < 60; k++ { // pop some, push more, as a run does
			got := q.pop()
			if got.At != want[0].At || got.seq != want[0].seq {
				t.Fatalf("round %d: popped (%v, %d), want (%v, %d)", round, got.At, got.seq, want[0].At, want[0].seq)
			}
			now = got.At
			want = want[1:]
		}
	}
	if q.Len() != len(want) {
		t.Fatalf("%d left, want %d", q.Len(), len(want))
	}
	if d := q.drain(); len(d) != len(want) || q.Len() != 0 {
		t.Errorf("drain gave %d events and left %d", len(d), q.Len())
	}
}
