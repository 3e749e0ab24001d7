package runtime

// DeviceReason says why a device dropped a frame: input it read and
// refused (a receive reject, counted in DeviceStats.Rejected), or a frame
// its link handed it that it did not send (a transmit drop, counted in
// DeviceStats.TxDropped). A frame the device tried to send and the system
// refused is neither: it is a write error (DeviceStats.TxErrors).
type DeviceReason uint8

// The device reasons, each with the side it is counted on: rx for input
// refused, tx for frames not sent. Their names are what scripts see in
// link:stats().device.rejected and .tx_dropped.
const (
	// DevMalformed (rx): input that is not a frame of the link: shorter
	// than an Ethernet header, a udp datagram too short or without the
	// magic, an irc line whose fields are wrong, a packet from a tun
	// interface of neither IP version.
	DevMalformed DeviceReason = iota
	// DevTruncated (rx): input larger than the reader's buffer, so larger
	// than any frame (MaxFrame) and cut by the system (ether, tun, tap,
	// udp).
	DevTruncated
	// DevBadVersion (rx): a datagram or line of another version of the
	// link's format (udp, irc).
	DevBadVersion
	// DevForeignNetwork (rx): a frame of another network sharing the
	// port or channel (udp, irc).
	DevForeignNetwork
	// DevOwn (rx): the device's own datagram or line, come back (udp,
	// irc).
	DevOwn
	// DevBadKey (rx): a udp datagram whose key does not match: a wrong
	// key, keyed at an unkeyed link or the other way round, or tampered.
	DevBadKey
	// DevReplayed (rx): a keyed udp datagram the device has had already.
	DevReplayed
	// DevTooOld (rx): a keyed udp datagram older than its sender's replay
	// window.
	DevTooOld
	// DevOtherTraffic (rx): traffic on the medium that is not the mesh's:
	// other ethertypes on an ether link with traffic "mesh", other lines
	// in an irc channel.
	DevOtherTraffic
	// DevIncomplete (rx): an irc frame whose parts did not all come.
	DevIncomplete
	// DevBusy (rx and tx): rx, a frame read while rxQueueLen others waited
	// to enter the network (or, on irc, 256 waited for the device's
	// reader); tx, the link's copy came while txQueueLen waited for the
	// device's writer (also a DropDeviceBusy of the network).
	DevBusy
	// DevNotIP (tx): a frame a tun device does not give the kernel: of a
	// type other than IPv4 and IPv6.
	DevNotIP
	// DevOffline (tx): an irc frame written while the device was not in
	// the channel, or still queued when the connection dropped.
	DevOffline
	// DevQueueFull (tx): a frame that did not fit in the device's own
	// queue (irc's lines waiting for the rate limit, a pipe's other end).
	DevQueueFull
	// DevNoPeer (rx and tx): tx, a frame of a udp link with peers that
	// knows no peer to send it to; rx, a datagram a rendezvous was asked
	// to relay to a peer it does not know.
	DevNoPeer
	// DevRateLimited (rx): a udp control message (a peer list, a new
	// peer's first datagram) that came faster than the link takes them.
	DevRateLimited
	NumDeviceReasons // the number of device reasons
)

// deviceReasons are the reasons' names and the sides they are counted on.
var deviceReasons = [NumDeviceReasons]struct {
	name   string
	rx, tx bool
}{
	DevMalformed:      {"malformed", true, false},
	DevTruncated:      {"truncated", true, false},
	DevBadVersion:     {"bad_version", true, false},
	DevForeignNetwork: {"foreign_network", true, false},
	DevOwn:            {"own", true, false},
	DevBadKey:         {"bad_key", true, false},
	DevReplayed:       {"replayed", true, false},
	DevTooOld:         {"too_old", true, false},
	DevOtherTraffic:   {"other_traffic", true, false},
	DevIncomplete:     {"incomplete", true, false},
	DevBusy:           {"busy", true, true},
	DevNotIP:          {"not_ip", false, true},
	DevOffline:        {"offline", false, true},
	DevQueueFull:      {"queue_full", false, true},
	DevNoPeer:         {"no_peer", true, true},
	DevRateLimited:    {"rate_limited", true, false},
}

// String is the reason's name as scripts see it.
func (r DeviceReason) String() string {
	if r < NumDeviceReasons {
		return deviceReasons[r].name
	}
	return "unknown"
}

// Rx says whether the reason is one for input refused.
func (r DeviceReason) Rx() bool { return r < NumDeviceReasons && deviceReasons[r].rx }

// Tx says whether the reason is one for frames not sent.
func (r DeviceReason) Tx() bool { return r < NumDeviceReasons && deviceReasons[r].tx }

// DeviceDrops counts a device's dropped frames by reason.
type DeviceDrops [NumDeviceReasons]uint64

// Total is the sum over all reasons.
func (d DeviceDrops) Total() (n uint64) {
	for _, v := range d {
		n += v
	}
	return n
}

// Map returns the non-zero counts keyed by reason name.
func (d DeviceDrops) Map() map[string]uint64 {
	m := map[string]uint64{}
	for r, v := range d {
		if v != 0 {
			m[DeviceReason(r).String()] = v
		}
	}
	return m
}
