package runtime

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The real-time loop spins only in the last stretch before an event: a
// network whose only events are a timer every 50ms takes next to no CPU
// while it waits, however precisely its events fire.
func TestRealtimeWaitingTakesNoCPU(t *testing.T) {
	nw := newNet(t, 1)
	nw.SetRealtime(true)
	defer nw.Close()
	k := &ticker{period: 50 * time.Millisecond}
	mustNode(t, nw, "k", k)
	nw.Run(100 * time.Millisecond)
	before, began := cpuTime(t), time.Now()
	nw.Run(time.Second)
	used, took := cpuTime(t)-before, time.Since(began)
	t.Logf("waiting %v took %v of CPU", took, used)
	if used > 150*time.Millisecond {
		t.Errorf("waiting %v for a timer every 50ms took %v of CPU", took, used)
	}
	if n := k.n.Load(); n < 15 {
		t.Errorf("the timer fired %d times in %v", n, took)
	}
}
