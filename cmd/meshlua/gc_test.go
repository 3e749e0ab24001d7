package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/meshlua/meshlua/nodevm"
)

func TestGCSettingsFollowTheEnvironment(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	want := int64(nodevm.ProcessMemoryLimit())
	tuneGC()
	if limit, percent := debug.SetMemoryLimit(-1), debug.SetGCPercent(100); limit != want || percent != 200 {
		t.Errorf("unset: the memory limit is %d, GOGC %d; want %d (the watchdog's) and 200", limit, percent, want)
	}

	t.Setenv("GOGC", "100")
	t.Setenv("GOMEMLIMIT", "1GiB") // read by the runtime at start: here only the variable counts
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC()
	if limit, percent := debug.SetMemoryLimit(-1), debug.SetGCPercent(100); limit != math.MaxInt64 || percent != 100 {
		t.Errorf("set: tuneGC changed the memory limit to %d or GOGC to %d", limit, percent)
	}
}
