package nodevm

import (
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A call's budget is the CPU time of its thread: while the machine runs
// other work the call takes longer in wall time, and is not stopped for it.
func TestCPUBudgetCountsCPUTimeNotWallTime(t *testing.T) {
	var stop atomic.Bool
	defer stop.Store(true)
	for range goruntime.GOMAXPROCS(0) { // a hog for every core
		go func() {
			for !stop.Load() {
			}
		}()
	}
	const budget = 100 * time.Millisecond
	c := newVMContext(budget)
	began := time.Now()
	c.begin()
	start := threadCPU()
	for threadCPU()-start < budget/2 {
		c.charge(sampleSteps) // a reading every time round
	}
	c.end()
	wall := time.Since(began)
	if why := c.stopped(); why != "" {
		t.Fatalf("a call that used %v of CPU in %v of wall time was stopped: %s", budget/2, wall, why)
	}
	if wall < budget {
		t.Logf("the machine was not busy enough to show it: %v of wall time", wall)
	}

	c = newVMContext(budget)
	c.begin()
	start = threadCPU()
	for c.stopped() == "" && threadCPU()-start < 10*budget {
		c.charge(sampleSteps)
	}
	c.end()
	if used := threadCPU() - start; !strings.Contains(c.stopped(), "CPU budget of 100ms") || used > budget+50*time.Millisecond {
		t.Errorf("a call that spins: stopped %q after %v of CPU; want stopped within 50ms of its budget", c.stopped(), used)
	}
}
