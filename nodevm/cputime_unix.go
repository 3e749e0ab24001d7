//go:build linux || darwin || freebsd

package nodevm

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the CPU time the calling OS thread has used. A call into a
// node VM is locked to its thread, so the difference between two readings
// in one call is the CPU time of that call alone: time the thread waited
// for a core (a loaded machine) does not count.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
