package nodevm

import (
	"math"
	"runtime/debug"
)

// ProcessMemoryLimit is the memory the whole process may use before the
// node holding the most is stopped: the Go runtime's memory limit if one is
// set (GOMEMLIMIT), otherwise three quarters of what the machine (or the
// process's cgroup) has.
func ProcessMemoryLimit() uint64 {
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		return uint64(l)
	}
	return machineMemory() / 4 * 3
}
