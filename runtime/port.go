package runtime

import "time"

// Port joins one node to one link. Ports are numbered from 1 in the order the
// node joined its links; a number is never reused by the node.
type Port struct {
	node      *Node
	link      *Link // nil once disconnected
	index     int
	mac       MAC
	busyUntil time.Duration // when the transmitter finishes its last frame
	txq       txQueue
	stats     PortStats
}

// Node is the port's node.
func (p *Port) Node() *Node { return p.node }

// Link is the link the port is joined to, or nil after a disconnect.
func (p *Port) Link() *Link { return p.link }

// Index is the port's number on its node, from 1.
func (p *Port) Index() int { return p.index }

// MAC is the port's hardware address.
func (p *Port) MAC() MAC { return p.mac }

// Stats returns the port's counters.
func (p *Port) Stats() PortStats { return p.stats }
