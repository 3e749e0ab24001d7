package runtime

import (
	"fmt"
	"time"
)

// IperfOptions shape a throughput test.
type IperfOptions struct {
	// Window caps the data in flight, in bytes (the receiver's window);
	// 0 means DefaultIperfWindow.
	Window int
	// Rate caps the sender's pace in bits per second, so a path without a
	// bottleneck (links without a rate, no delay) has a finite speed;
	// 0 means DefaultIperfRate.
	Rate uint64
}

const (
	// DefaultIperfWindow is the data a throughput test keeps in flight at
	// most: 1 MiB, 800 Mbit/s over a 10 ms round trip.
	DefaultIperfWindow = 1 << 20
	// DefaultIperfRate is the pace a throughput test never exceeds.
	DefaultIperfRate = 1_000_000_000
	// connectRetry is how long a test waits for the answer to its
	// connection request before it asks again (TCP's initial timeout).
	connectRetry = time.Second
)

// Flow is one throughput test between two nodes, started by Iperf: a paced,
// windowed stream of data segments from From to To, which To's runtime
// acknowledges as a kernel would, without its program seeing them. The
// stream's congestion window grows in slow start, then by one segment a
// round trip, and halves when a segment is lost (TCP Reno with selective
// acknowledgements), so it fills the path without overrunning it. The
// sender's state is touched only in From's events, the receiver's only in
// To's; read Stats while holding the network.
type Flow struct {
	From, To *Node
	id       uint64
	send     sender
	recv     receiver
}

// FlowStats is what a throughput test has done so far.
type FlowStats struct {
	Connected bool          // the receiver answered the connection request
	MSS       int           // data bytes per segment
	Received  uint64        // data bytes the receiver got in order
	Segments  uint64        // data segments sent, retransmissions included
	Lost      uint64        // segments found lost (and sent again)
	Cwnd      float64       // the congestion window, in segments
	RTT       time.Duration // mean of the round trips measured
	RTTMin    time.Duration
	RTTMax    time.Duration
	InFlight  int // segments sent and neither acknowledged nor found lost
}

// Iperf starts a throughput test from one node to another: from sends a
// connection request out of every port to the address of to's first port,
// and streams data out of the port where the answer arrives until Stop.
// The caller holds the network; Run moves the test on.
func (nw *Network) Iperf(from, to *Node, o IperfOptions) (*Flow, error) {
	if from == to {
		return nil, fmt.Errorf("a throughput test needs two nodes, got %s twice", from.name)
	}
	target := to.firstPort()
	if target == nil {
		return nil, fmt.Errorf("node %s is on no link", to.name)
	}
	if from.firstPort() == nil {
		return nil, fmt.Errorf("node %s is on no link", from.name)
	}
	if o.Window <= 0 {
		o.Window = DefaultIperfWindow
	}
	if o.Rate == 0 {
		o.Rate = DefaultIperfRate
	}
	nw.probeID++
	fl := &Flow{From: from, To: to, id: nw.probeID}
	fl.send.init(fl, target.mac, o)
	fl.recv.ooo = map[uint32]int{}
	if nw.flows == nil {
		nw.flows = map[uint64]*Flow{}
	}
	nw.flows[fl.id] = fl
	fl.send.connect()
	return fl, nil
}

// Stop ends the test's sending: no new data, no retransmission. The
// caller holds the network.
func (fl *Flow) Stop() { fl.send.stopped = true }

// Close stops the test and forgets it: its segments still on the way are
// then taken in and ignored.
func (fl *Flow) Close() {
	fl.Stop()
	delete(fl.From.net.flows, fl.id)
}

// Stats reports the test so far; the caller holds the network.
func (fl *Flow) Stats() FlowStats {
	s := &fl.send
	st := FlowStats{Connected: s.connected, MSS: s.mss, Received: fl.recv.bytes,
		Segments: s.segments, Lost: s.lost, Cwnd: s.cwnd, RTTMin: s.rttMin, RTTMax: s.rttMax,
		InFlight: s.pipe}
	if s.rttN > 0 {
		st.RTT = s.rttSum / time.Duration(s.rttN)
	}
	return st
}

// answerSegment handles a throughput test's frame that arrived at n on
// port p from src. A segment of a test that has ended, or that is not
// n's to answer, is taken in and ignored, as a late ping reply is.
func (nw *Network) answerSegment(n *Node, p *Port, src MAC, s *segment) {
	fl := nw.flows[s.Flow]
	if fl == nil {
		return
	}
	switch {
	case s.Kind == segConnect && n == fl.To:
		n.sendSegment(p, src, &segment{Kind: segAccept, Flow: s.Flow, Stamp: s.Stamp,
			MTU: uint16(p.link.imp.PayloadLimit())}, 0)
	case s.Kind == segData && n == fl.To:
		ack := fl.recv.take(s.Seq, len(s.Data))
		n.sendSegment(p, src, &segment{Kind: segAck, Flow: s.Flow, Seq: s.Seq, Ack: ack, Stamp: s.Stamp}, 0)
	case s.Kind == segAccept && n == fl.From:
		fl.send.accepted(p, src, s)
	case s.Kind == segAck && n == fl.From:
		fl.send.acked(s)
	}
}

// maxEarly is how far ahead of the next segment in order a receiver holds
// one: a sender keeps at most four windows ahead, and a frame claiming
// more cannot make the receiver hold without bound.
const maxEarly = 1 << 18

// receiver is the receiving end of a Flow: it takes segments in order and
// holds those that come early.
type receiver struct {
	next  uint32         // the next segment expected in order
	ooo   map[uint32]int // segments come early: their data lengths
	bytes uint64         // data bytes taken in order
}

// take records segment seq with n data bytes and returns the next segment
// expected in order.
func (r *receiver) take(seq uint32, n int) uint32 {
	switch {
	case seq == r.next:
		r.next++
		r.bytes += uint64(n)
		for {
			m, ok := r.ooo[r.next]
			if !ok {
				break
			}
			delete(r.ooo, r.next)
			r.next++
			r.bytes += uint64(m)
		}
	case seq > r.next && seq-r.next < maxEarly:
		r.ooo[seq] = n
	}
	return r.next
}
