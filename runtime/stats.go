package runtime

// Reason says why a frame was dropped. Every frame ends delivered or dropped
// with exactly one reason.
type Reason uint8

// The drop reasons. Link-level reasons apply to frames on a link; node-level
// reasons apply to one node's copy of a delivered frame.
const (
	DropLoss         Reason = iota // the link's random loss
	DropQueueFull                  // the sending port's queue was full (tail drop)
	DropLinkDown                   // the link was down when sent or on arrival
	DropLinkRemoved                // the link was removed while the frame was in flight
	DropNoReceiver                 // no port on the link could take the frame
	DropNoPort                     // the node sent on a port it does not have
	DropTooBig                     // the frame exceeds the link's MTU
	DropFilter                     // a filter rejected the frame
	DropNodeStopped                // the receiving node has stopped
	DropNoHandler                  // the program has neither on_frame nor a main waiting for frames
	DropInboxFull                  // the program's receive queue was full
	DropProgramError               // the program failed while handling the frame
	DropMalformed                  // the frame was shorter than an Ethernet header or otherwise broken
	DropDeviceBusy                 // the link's device could not take the frame fast enough
	DropFlightLimit                // the network's frames in flight already held its in-flight budget
	NumReasons                     // the number of reasons
)

var reasonNames = [NumReasons]string{
	"loss", "queue_full", "link_down", "link_removed", "no_receiver", "no_port",
	"too_big", "filter", "node_stopped", "no_handler", "inbox_full",
	"program_error", "malformed", "device_busy", "flight_limit",
}

// String is the reason's name as scripts see it.
func (r Reason) String() string {
	if r < NumReasons {
		return reasonNames[r]
	}
	return "unknown"
}

// Drops counts dropped frames by reason.
type Drops [NumReasons]uint64

// Total is the sum over all reasons.
func (d *Drops) Total() (n uint64) {
	for _, v := range d {
		n += v
	}
	return n
}

// Map returns the non-zero counts keyed by reason name.
func (d *Drops) Map() map[string]uint64 {
	m := map[string]uint64{}
	for r, v := range d {
		if v != 0 {
			m[Reason(r).String()] = v
		}
	}
	return m
}

// LinkStats are a link's counters. For every link,
// Offered = Delivered + Dropped + InFlight.
type LinkStats struct {
	Offered   uint64   // frames sent onto the link
	Bytes     uint64   // bytes sent onto the link
	Delivered uint64   // frames that reached at least one port
	InFlight  uint64   // frames on the wire now
	Unicast   uint64   // delivered frames sent only to a learnt port
	Flooded   uint64   // delivered frames sent to every other port
	Copies    uint64   // frame copies handed to ports (a flood makes several)
	Drops     Drops    // dropped frames by reason
	Lateness  Lateness // how late frames left the link, in real time
}

// Dropped is the number of frames the link dropped.
func (s *LinkStats) Dropped() uint64 { return s.Drops.Total() }

// PortStats are one port's counters.
type PortStats struct {
	Tx, Rx           uint64 // frames sent and received
	TxBytes, RxBytes uint64 // bytes sent and received
}

// NodeStats are a node's counters. Received counts frames handed to the
// program; Drops counts the node's own drops (on send, in filters, and copies
// it could not take).
type NodeStats struct {
	Sent     uint64
	Received uint64
	Drops    Drops
}

// Dropped is the number of frames the node dropped.
func (s *NodeStats) Dropped() uint64 { return s.Drops.Total() }

// NetStats are the network's totals. Sent counts frames put onto links,
// Delivered frames that reached a port, Received copies handed to programs.
// Drops covers link and node drops, so Sent = Delivered + link drops +
// InFlight, while a flood makes Received exceed Delivered.
type NetStats struct {
	Sent      uint64
	Delivered uint64
	Received  uint64
	InFlight  uint64
	Drops     Drops
}

// Dropped is the number of frames dropped anywhere in the network.
func (s *NetStats) Dropped() uint64 { return s.Drops.Total() }
