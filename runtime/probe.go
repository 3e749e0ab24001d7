package runtime

import (
	"encoding/binary"
	"time"
)

// ProbeType is the ethertype of the runtime's reachability probes (IEEE
// local experimental 2). A node answers a probe request addressed to one of
// its ports itself, the way a kernel answers ICMP echo, without its program
// seeing it; probes for other nodes reach programs like any frame, so
// forwarding programs carry them.
const ProbeType = 0x88b6

const (
	probeRequest = 1
	probeReply   = 2
	probeLen     = 9 // kind, then the probe's id
)

// Probe is one request sent by Ping and what became of it.
type Probe struct {
	From, To *Node
	Sent     time.Duration
	RTT      time.Duration // set when the first reply arrives
	Answered bool
}

// Ping sends a probe request from every port of from to the address of
// to's first port, and returns the probe, answered when a reply comes back.
func (nw *Network) Ping(from, to *Node) *Probe {
	p := &Probe{From: from, To: to, Sent: nw.sched.Now()}
	target := to.firstPort()
	if target == nil {
		return p
	}
	nw.probeID++
	nw.probes[nw.probeID] = p
	var body [probeLen]byte
	body[0] = probeRequest
	binary.BigEndian.PutUint64(body[1:], nw.probeID)
	for _, port := range from.Ports() {
		from.Send(port.Index(), NewFrame(target.mac, port.mac, ProbeType, body[:]))
	}
	return p
}

func (n *Node) firstPort() *Port {
	for _, p := range n.ports {
		if p != nil {
			return p
		}
	}
	return nil
}

// answerProbe handles a probe addressed to one of n's ports and reports
// whether it did; other frames go on to the program.
func (n *Node) answerProbe(p *Port, f *Frame) bool {
	if f.Type() != ProbeType || !n.owns(f.Dst()) {
		return false
	}
	body := f.Payload()
	if s, ok := parseSegment(body); ok {
		n.net.answerSegment(n, p, f.Src(), &s)
		return true
	}
	if len(body) != probeLen {
		return false
	}
	switch body[0] {
	case probeRequest:
		var reply [probeLen]byte
		copy(reply[:], body)
		reply[0] = probeReply
		n.Send(p.index, NewFrame(f.Src(), p.mac, ProbeType, reply[:]))
	case probeReply:
		n.net.lockSwitch()
		pr := n.net.probes[binary.BigEndian.Uint64(body[1:])]
		if pr != nil && pr.From == n && !pr.Answered {
			pr.Answered = true
			pr.RTT = n.net.sched.Now() - pr.Sent
		}
		n.net.unlockSwitch()
	}
	return true
}

func (n *Node) owns(m MAC) bool {
	for _, p := range n.ports {
		if p != nil && p.mac == m {
			return true
		}
	}
	return false
}

// ForgetProbes drops the records of probes sent so far.
func (nw *Network) ForgetProbes() { clear(nw.probes) }
