//go:build !(linux || darwin || freebsd)

package nodevm

import "time"

// monotonic is where threadCPU's readings count from.
var monotonic = time.Now()

// threadCPU is the wall time on systems without a per-thread CPU clock: a
// call's budget then counts the time it took, including time the machine
// was busy with other work.
func threadCPU() time.Duration { return time.Since(monotonic) }
