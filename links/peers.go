package links

import "time"

// PeerDevice is a device that reaches other processes at addresses it
// learns (a udp link with peers, or a rendezvous): Peers reports them.
type PeerDevice interface {
	Peers() PeerReport
}

// PeerReport is what a PeerDevice knows of its peers.
type PeerReport struct {
	Public string // this device's address as its peers see it; "" until one tells
	Peers  []PeerStats
}

// PeerStats are one peer's address, how it is reached and its counters.
type PeerStats struct {
	Addr       string        // HOST:PORT; "" while unknown
	ID         uint64        // its sender id; 0 until heard
	Rendezvous bool          // the device's rendezvous
	Direct     bool          // it was heard directly lately: frames to it go straight there
	Relayed    bool          // frames to it go through the rendezvous
	Heard      bool          // it was heard at all
	LastHeard  time.Duration // how long ago it was last heard
	RxFrames   uint64        // frames from it
	RxBytes    uint64
	TxFrames   uint64 // frames to it
	TxBytes    uint64
	Relays     uint64 // frames of its that this rendezvous passed on
}
