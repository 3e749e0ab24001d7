package bench

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// peakWatch gives the peak RSS of a child process as getrusage counts it.
type peakWatch struct{}

// watchPeak follows the process pid: macOS reports its peak when it ends.
func watchPeak(int) *peakWatch { return &peakWatch{} }

// end returns the peak RSS of the ended process in bytes (macOS counts
// ru_maxrss in bytes).
func (*peakWatch) end(ps *os.ProcessState) (int64, error) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, fmt.Errorf("no resource usage for process %d", ps.Pid())
	}
	return ru.Maxrss, nil
}

// ownPeak is not read here: the rusage figure serves.
func ownPeak() (int64, error) { return 0, errors.ErrUnsupported }
