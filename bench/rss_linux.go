package bench

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

// peakWatch follows the peak RSS of a running child process. The kernel's
// own figure for a child (getrusage's ru_maxrss, which wait4 returns) is
// the larger of the child's peak and the parent's peak when the child was
// spawned (the child starts as a copy of the parent that shares its
// memory, until exec). So it is the child's own when it is larger than
// the parent's peak just after the spawn; otherwise the child stayed
// below that, and the watch takes the child's own high-water mark (VmHWM
// in /proc/PID/status), read every peakPollInterval while it runs.
type peakWatch struct {
	parent int64 // the parent's peak just after the spawn, bytes
	stop   chan struct{}
	done   chan struct{}
	peak   int64 // bytes; the watch's goroutine's until done is closed
	err    error
}

// peakPollInterval is how often a watch reads the child's high-water
// mark, which only grows: the last reading misses at most what the child
// took in its last interval, while it exited.
const peakPollInterval = 2 * time.Millisecond

// watchPeak starts following the peak RSS of the process pid, which this
// process has just started.
func watchPeak(pid int) *peakWatch {
	w := &peakWatch{stop: make(chan struct{}), done: make(chan struct{})}
	w.parent, w.err = highWaterMark("/proc/self/status")
	path := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		defer close(w.done)
		t := time.NewTicker(peakPollInterval)
		defer t.Stop()
		for {
			if hwm, err := highWaterMark(path); err == nil {
				w.peak = max(w.peak, hwm)
			} else if w.peak == 0 && w.err == nil {
				w.err = err
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// end stops the watch of the ended process ps and returns its peak RSS in
// bytes.
func (w *peakWatch) end(ps *os.ProcessState) (int64, error) {
	close(w.stop)
	<-w.done
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok && w.err == nil && ru.Maxrss<<10 > w.parent {
		return ru.Maxrss << 10, nil // Linux counts it in KiB
	}
	if w.peak == 0 {
		return 0, fmt.Errorf("the peak RSS of process %d was not read: %v", ps.Pid(), w.err)
	}
	return w.peak, nil
}

// highWaterMark reads VmHWM, in bytes, from a /proc/PID/status file.
func highWaterMark(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	_, rest, ok := bytes.Cut(b, []byte("\nVmHWM:"))
	if !ok {
		return 0, fmt.Errorf("%s has no VmHWM", path)
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: VmHWM: %v", path, err)
	}
	return kb << 10, nil
}

// ownPeak is this process's own peak RSS, in bytes.
func ownPeak() (int64, error) { return highWaterMark("/proc/self/status") }
