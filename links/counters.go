package links

import (
	"sync"

	"github.com/meshlua/meshlua/runtime"
)

// Counters are a device's runtime.DeviceStats behind a lock, for drivers
// whose reader and writer count from different goroutines.
type Counters struct {
	mu sync.Mutex
	s  runtime.DeviceStats
}

// Rx counts frames read.
func (c *Counters) Rx(frames, bytes int) {
	c.mu.Lock()
	c.s.RxFrames += uint64(frames)
	c.s.RxBytes += uint64(bytes)
	c.mu.Unlock()
}

// Tx counts frames written, and frames that could not be.
func (c *Counters) Tx(frames, bytes, failed int) {
	c.mu.Lock()
	c.s.TxFrames += uint64(frames)
	c.s.TxBytes += uint64(bytes)
	c.s.TxErrors += uint64(failed)
	c.mu.Unlock()
}

// Reject counts input refused for reason.
func (c *Counters) Reject(reason string) {
	c.mu.Lock()
	if c.s.Rejected == nil {
		c.s.Rejected = map[string]uint64{}
	}
	c.s.Rejected[reason]++
	c.mu.Unlock()
}

// Stats returns a copy of the counters.
func (c *Counters) Stats() runtime.DeviceStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	if s.Rejected != nil {
		s.Rejected = make(map[string]uint64, len(c.s.Rejected))
		for k, v := range c.s.Rejected {
			s.Rejected[k] = v
		}
	}
	return s
}
