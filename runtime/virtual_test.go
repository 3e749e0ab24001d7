package runtime

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPokeCallsTheWatchBetweenEvents(t *testing.T) {
	v := NewVirtual()
	var fired []time.Duration
	for i := 1; i <= 3; i++ {
		v.Schedule(Event{At: time.Duration(i) * time.Second, H: handlerFunc(func(ev Event) {
			fired = append(fired, ev.At)
			if ev.At == 2*time.Second {
				v.Poke() // from inside an event: the watch runs before the next
			}
		})})
	}
	var watched, second []string
	stop := v.Watch(func(now time.Duration) { watched = append(watched, fmt.Sprintf("%v after %d events", now, len(fired))) })
	stopSecond := v.Watch(func(now time.Duration) { second = append(second, now.String()) })
	v.Poke()
	if err := v.Run(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(watched, ", "); got != "0s after 0 events, 2s after 2 events" {
		t.Errorf("the watch ran at %s, want before the first event and between the second and third", got)
	}
	if got := strings.Join(second, ", "); got != "0s, 2s" {
		t.Errorf("a second watch ran at %s, want 0s, 2s like the first", got)
	}
	stop()
	stopSecond()
	watched = nil
	v.Poke()
	v.Interrupt()
	if err := v.Run(time.Second); err != ErrInterrupted {
		t.Errorf("a poked and interrupted run returned %v, want ErrInterrupted", err)
	}
	if watched != nil {
		t.Errorf("a stopped watch ran: %v", watched)
	}
}

// handlerFunc is a function as an event's handler.
type handlerFunc func(Event)

func (f handlerFunc) Handle(ev Event) { f(ev) }
