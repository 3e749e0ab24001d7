package runtime

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// firingLog is a handler that notes its name and the time it fired, and
// may schedule more.
type firingLog struct {
	name  string
	log   *[]string
	sched Scheduler
	then  func()
}

func (r *firingLog) Handle(ev Event) {
	*r.log = append(*r.log, fmt.Sprintf("%s@%v", r.name, ev.At))
	if r.then != nil {
		r.then()
	}
}

func TestScheduleLastFiresAfterEveryEventAtItsTime(t *testing.T) {
	// The real-time clock starts an hour in: every event is due at once.
	for _, sched := range []Scheduler{NewVirtual(), NewRealtime(time.Hour)} {
		var log []string
		ev := func(name string, then func()) Event {
			return Event{At: time.Second, H: &firingLog{name: name, log: &log, sched: sched, then: then}}
		}
		// last1 comes first but fires after a, and after b, which a
		// schedules at the same time; last2 keeps its place after last1,
		// and c, which last1 schedules, fires before last2.
		sched.ScheduleLast(ev("last1", func() { sched.Schedule(ev("c", nil)) }))
		sched.Schedule(ev("a", func() { sched.Schedule(ev("b", nil)) }))
		sched.ScheduleLast(ev("last2", nil))
		sched.Schedule(Event{At: 2 * time.Second, H: &firingLog{name: "later", log: &log}})
		sched.Schedule(Event{At: time.Second / 2, H: &firingLog{name: "earlier", log: &log}})
		if r, ok := sched.(*Realtime); ok {
			for len(log) < 7 { // the log is read holding the scheduler, between runs
				r.Run(time.Millisecond)
			}
			r.Close()
		} else {
			sched.Run(3 * time.Second)
		}
		want := "earlier@500ms a@1s b@1s last1@1s c@1s last2@1s later@2s"
		if got := strings.Join(log, " "); got != want {
			t.Errorf("%T: fired %s, want %s", sched, got, want)
		}
	}
}
