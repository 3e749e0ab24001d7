package main

import (
	"os"
	"runtime/debug"

	"github.com/meshlua/meshlua/nodevm"
)

// tuneGC sets the Go collector for big networks, where the environment
// does not (GOGC, GOMEMLIMIT):
//   - Most of a network's heap is long-lived: node VMs, ports, links.
//     Collecting when the heap has tripled rather than doubled (GOGC=200)
//     halves the collector's work while a big network is built.
//   - The soft memory limit is the process's memory limit, past which the
//     watchdog stops the node that holds the most
//     (nodevm.ProcessMemoryLimit): near it the collector works harder,
//     so garbage is not what fills it.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(nodevm.ProcessMemoryLimit()))
	}
}
