package runtime

import "time"

const (
	// initialWindow is the congestion window a test starts with, in
	// segments (RFC 6928).
	initialWindow = 10
	// dupThresh is how many segments sent after one must be acknowledged
	// before it counts as lost (RFC 5681's three duplicate ACKs).
	dupThresh = 3
	// minRTO and maxRTO bound the retransmission timeout (Linux's).
	minRTO = 200 * time.Millisecond
	maxRTO = time.Minute
	// paceBurst is how far a sender that fell behind its pace (a timer
	// that fired late, in real time) may catch up at once.
	paceBurst = time.Millisecond
)

// sender is the sending end of a Flow: a scoreboard of the segments in
// flight, Reno's congestion window over selective acknowledgements, a
// retransmission timer and a pacer.
type sender struct {
	fl        *Flow
	target    MAC // where connection requests go
	port      *Port
	dst       MAC
	connected bool
	stopped   bool
	mss       int
	window    int    // the most segments in flight
	rate      uint64 // the pace's ceiling, bits per second

	base  uint32     // the number of segs[0]
	segs  []segState // the segments from base to next
	una   uint32     // the first segment not acknowledged
	next  uint32     // the next new segment
	xmit  uint64     // transmissions so far: each gets the next number
	order []transmit // transmissions not yet judged, oldest first
	lostQ []uint32   // segments to send again, oldest first
	pipe  int        // segments in flight: sent, not acknowledged, not lost

	cwnd, ssthresh float64
	recoverXmit    uint64 // losses of earlier transmissions belong to the last reduction
	ackedXmit      uint64 // the latest transmission acknowledged

	srtt, rttvar, rto time.Duration
	lastProgress      time.Duration
	rtoArmed          bool
	nextSend          time.Duration
	paceArmed         bool

	segments, lost uint64
	rttSum         time.Duration
	rttN           int
	rttMin, rttMax time.Duration
}

// segState is one segment on the scoreboard.
type segState struct {
	xmit  uint64 // its latest transmission's number
	acked bool
	lost  bool // found lost and waiting to be sent again
}

// transmit is one transmission of segment seq.
type transmit struct {
	seq  uint32
	xmit uint64
}

func (s *sender) init(fl *Flow, target MAC, o IperfOptions) {
	s.fl, s.target, s.rate = fl, target, o.Rate
	s.window = o.Window
	s.rto = connectRetry
}

func (s *sender) node() *Node { return s.fl.From }

func (s *sender) now() time.Duration { return s.fl.From.net.sched.Now() }

// connect sends a connection request out of every port, and again every
// connectRetry until one is answered.
func (s *sender) connect() {
	if s.connected || s.stopped {
		return
	}
	n := s.node()
	for _, p := range n.Ports() {
		n.sendSegment(p, s.target, &segment{Kind: segConnect, Flow: s.fl.id, Stamp: int64(s.now())}, 0)
	}
	n.After(connectRetry, func() error { s.connect(); return nil })
}

// accepted starts the stream on port p, to dst, when the first answer to
// a connection request arrives.
func (s *sender) accepted(p *Port, dst MAC, a *segment) {
	if s.connected || s.stopped {
		return
	}
	s.connected, s.port, s.dst = true, p, dst
	s.mss = min(p.link.imp.PayloadLimit(), int(a.MTU)) - segHeaderLen
	if s.mss < 1 {
		s.mss = 1
	}
	s.window = max(s.window/s.mss, 2)
	s.cwnd, s.ssthresh = initialWindow, float64(s.window)
	s.sample(s.now() - time.Duration(a.Stamp))
	s.pump()
}

// sample takes a round-trip measurement (RFC 6298).
func (s *sender) sample(rtt time.Duration) {
	if rtt < 0 {
		return
	}
	if s.rttN == 0 {
		s.srtt, s.rttvar = rtt, rtt/2
		s.rttMin, s.rttMax = rtt, rtt
	} else {
		s.rttvar = (3*s.rttvar + (s.srtt - rtt).Abs()) / 4
		s.srtt = (7*s.srtt + rtt) / 8
		s.rttMin, s.rttMax = min(s.rttMin, rtt), max(s.rttMax, rtt)
	}
	s.rttSum += rtt
	s.rttN++
	s.rto = min(max(s.srtt+4*s.rttvar, minRTO), maxRTO)
}

func (s *sender) seg(seq uint32) *segState { return &s.segs[seq-s.base] }

// pump sends what the window and the pace allow now: lost segments first,
// then new ones.
func (s *sender) pump() {
	now := s.now()
	for s.connected && !s.stopped && s.pipe < int(s.cwnd) && s.pipe < s.window {
		if s.nextSend > now {
			if !s.paceArmed {
				s.paceArmed = true
				s.node().After(s.nextSend-now, func() error { s.paceArmed = false; s.pump(); return nil })
			}
			return
		}
		seq, ok := s.nextToSend()
		if !ok {
			return
		}
		s.send(seq, now)
		s.nextSend = max(s.nextSend, now-paceBurst) + s.paceInterval()
	}
}

// nextToSend is the segment to send next: a lost one, or a new one while
// no more than the window is unacknowledged.
func (s *sender) nextToSend() (uint32, bool) {
	for len(s.lostQ) > 0 {
		seq := s.lostQ[0]
		s.lostQ = s.lostQ[1:]
		if seq < s.una {
			continue
		}
		if st := s.seg(seq); st.lost && !st.acked { // its ack may have come after all
			return seq, true
		}
	}
	if int(s.next-s.una) >= 4*s.window {
		return 0, false // a hole the receiver holds the rest behind: wait for it
	}
	s.segs = append(s.segs, segState{})
	s.next++
	return s.next - 1, true
}

// paceInterval is the time between two segments: the window spread over a
// round trip, twice as fast in slow start and a fifth faster after (as
// Linux paces TCP), and never faster than the rate's ceiling.
func (s *sender) paceInterval() time.Duration {
	gain := 1.2
	if s.cwnd < s.ssthresh {
		gain = 2
	}
	bits := uint64(HeaderLen+segHeaderLen+s.mss) * 8
	floor := time.Duration(bits * uint64(time.Second) / s.rate)
	return max(time.Duration(float64(s.srtt)/(gain*s.cwnd)), floor)
}

// send transmits segment seq.
func (s *sender) send(seq uint32, now time.Duration) {
	st := s.seg(seq)
	s.xmit++
	st.xmit, st.lost = s.xmit, false
	s.order = append(s.order, transmit{seq, s.xmit})
	if s.pipe == 0 {
		s.lastProgress = now
	}
	s.pipe++
	s.segments++
	s.node().sendSegment(s.port, s.dst, &segment{Kind: segData, Flow: s.fl.id, Seq: seq, Stamp: int64(now)}, s.mss)
	s.armRTO()
}

// acked takes an acknowledgement: of segment a.Seq, and of every segment
// before a.Ack.
func (s *sender) acked(a *segment) {
	if !s.connected {
		return
	}
	now := s.now()
	s.sample(now - time.Duration(a.Stamp))
	newly := 0
	if a.Seq >= s.una && a.Seq < s.next {
		newly += s.ackOne(a.Seq)
	}
	for seq := s.una; seq < min(a.Ack, s.next); seq++ {
		newly += s.ackOne(seq)
	}
	for s.una < s.next && s.seg(s.una).acked {
		s.una++
	}
	if drop := int(s.una - s.base); drop > len(s.segs)/2 && drop > 0 {
		s.segs = append(s.segs[:0], s.segs[drop:]...)
		s.base = s.una
	}
	if newly > 0 {
		s.lastProgress = now
	}
	s.detectLosses()
	for ; newly > 0 && s.ackedXmit >= s.recoverXmit; newly-- {
		if s.cwnd < s.ssthresh {
			s.cwnd++
		} else {
			s.cwnd += 1 / s.cwnd
		}
	}
	s.cwnd = min(s.cwnd, float64(s.window))
	s.pump()
}

// ackOne marks seq acknowledged and reports whether it was news.
func (s *sender) ackOne(seq uint32) int {
	st := s.seg(seq)
	if st.acked {
		return 0
	}
	st.acked = true
	if !st.lost {
		s.pipe--
	}
	s.ackedXmit = max(s.ackedXmit, st.xmit)
	return 1
}

// detectLosses finds the segments dupThresh transmissions older than the
// latest acknowledged one that are still not acknowledged: lost. The
// first loss of a window halves it (once a round trip, as Reno does).
func (s *sender) detectLosses() {
	i := 0
	for ; i < len(s.order) && s.order[i].xmit+dupThresh <= s.ackedXmit; i++ {
		t := s.order[i]
		if t.seq < s.una {
			continue
		}
		if st := s.seg(t.seq); !st.acked && !st.lost && st.xmit == t.xmit {
			s.markLost(t.seq, st)
		}
	}
	s.order = s.order[i:]
}

func (s *sender) markLost(seq uint32, st *segState) {
	st.lost = true
	s.pipe--
	s.lost++
	s.lostQ = append(s.lostQ, seq)
	if st.xmit >= s.recoverXmit {
		s.ssthresh = max(s.cwnd/2, 2)
		s.cwnd = s.ssthresh
		s.recoverXmit = s.xmit + 1
	}
}

// armRTO starts the retransmission timer if it is not running.
func (s *sender) armRTO() {
	if s.rtoArmed {
		return
	}
	s.rtoArmed = true
	s.node().After(max(s.lastProgress+s.rto-s.now(), 0), func() error { s.onRTO(); return nil })
}

// onRTO fires the retransmission timer: when nothing was acknowledged for
// a timeout, every segment in flight counts as lost and the window starts
// again from one segment.
func (s *sender) onRTO() {
	s.rtoArmed = false
	if s.pipe == 0 {
		return
	}
	now := s.now()
	if now < s.lastProgress+s.rto {
		s.armRTO()
		return
	}
	lost := false
	for seq := s.una; seq < s.next; seq++ {
		if st := s.seg(seq); !st.acked && !st.lost {
			st.lost = true
			s.pipe--
			s.lost++
			s.lostQ = append(s.lostQ, seq)
			lost = true
		}
	}
	if lost {
		s.ssthresh = max(s.cwnd/2, 2)
		s.cwnd = 1
		s.recoverXmit = s.xmit + 1
		s.order = s.order[:0]
	}
	s.rto = min(2*s.rto, maxRTO)
	s.lastProgress = now
	s.pump()
}
