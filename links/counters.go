package links

import (
	"sync"

	"github.com/meshlua/meshlua/runtime"
)

// Counters are a device's runtime.DeviceStats behind a lock, for drivers
// whose reader and writer count from different goroutines. Counting
// allocates nothing.
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

// Tx counts frames written, and frames the system refused to write.
func (c *Counters) Tx(frames, bytes, failed int) {
	c.mu.Lock()
	c.s.TxFrames += uint64(frames)
	c.s.TxBytes += uint64(bytes)
	c.s.TxErrors += uint64(failed)
	c.mu.Unlock()
}

// Reject counts input refused for reason, one of the runtime.DeviceReason
// for input (Rx).
func (c *Counters) Reject(reason runtime.DeviceReason) {
	c.mu.Lock()
	c.s.Rejected[reason]++
	c.mu.Unlock()
}

// TxDrop counts a frame not sent for reason, one of the
// runtime.DeviceReason for frames not sent (Tx).
func (c *Counters) TxDrop(reason runtime.DeviceReason) {
	c.mu.Lock()
	c.s.TxDropped[reason]++
	c.mu.Unlock()
}

// Stats returns a copy of the counters.
func (c *Counters) Stats() runtime.DeviceStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.s
}
