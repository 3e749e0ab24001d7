package links

import (
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

// TestCountingAllocatesNothing: a driver counts on its hot path, per
// frame, including the frames it refuses.
func TestCountingAllocatesNothing(t *testing.T) {
	var c Counters
	allocs := testing.AllocsPerRun(1000, func() {
		c.Rx(1, 100)
		c.Tx(1, 100, 0)
		c.Reject(runtime.DevMalformed)
		c.TxDrop(runtime.DevNotIP)
		c.Stats()
	})
	if allocs != 0 {
		t.Errorf("counting allocates %v times", allocs)
	}
	s := c.Stats()
	if s.Rejected[runtime.DevMalformed] != 1001 || s.TxDropped[runtime.DevNotIP] != 1001 || s.RxFrames != 1001 {
		t.Errorf("counted %+v", s)
	}
}
