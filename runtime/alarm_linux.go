package runtime

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// timerfdAlarm is an alarm on a Linux timerfd, which the kernel's
// high-resolution timers fire to the microsecond; a goroutine waits for it
// on Go's poller and passes each ring on.
type timerfdAlarm struct {
	fd   int
	file *os.File
	c    chan struct{}
	done chan struct{} // closed when the goroutine has stopped
}

// newAlarm returns a timerfd alarm, or a timer alarm where the system
// refuses timerfds.
func newAlarm() alarm {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return newTimerAlarm()
	}
	a := &timerfdAlarm{fd: fd, file: os.NewFile(uintptr(fd), "timerfd"),
		c: make(chan struct{}, 1), done: make(chan struct{})}
	go a.routineRing()
	return a
}

// routineRing passes on each expiry of the timerfd until it is closed.
func (a *timerfdAlarm) routineRing() {
	defer close(a.done)
	var expiries [8]byte
	for {
		if _, err := a.file.Read(expiries[:]); err != nil {
			return
		}
		select {
		case a.c <- struct{}{}:
		default:
		}
	}
}

func (a *timerfdAlarm) set(d time.Duration) {
	drain(a.c)
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(int64(max(d, 1)))}
	unix.TimerfdSettime(a.fd, 0, &spec, nil) // cannot fail: the fd and the time are valid
}

func (a *timerfdAlarm) rings() <-chan struct{} { return a.c }

func (a *timerfdAlarm) close() {
	a.file.Close()
	<-a.done
}
