package runtime

import "time"

// Tap sees frames crossing a link (as they go onto it) or a node (as it sends
// and receives them). It must not keep f. Taps are called one at a time,
// under the switch.
type Tap interface {
	Tap(t time.Duration, f *Frame)
}

// TapSink is where taps keep what they see (a capture file): the network
// flushes it at the end of every run and closes it when it closes.
type TapSink interface {
	// Flush writes out what is buffered.
	Flush() error
	// Close flushes and releases the sink.
	Close() error
}

// TapLink adds t, which keeps frames in s, to the frames going onto l.
func (nw *Network) TapLink(l *Link, t Tap, s TapSink) {
	l.taps = append(l.taps, t)
	nw.addSink(s)
}

// TapNode adds t, which keeps frames in s, to the frames n sends and
// receives.
func (nw *Network) TapNode(n *Node, t Tap, s TapSink) {
	n.taps = append(n.taps, t)
	nw.addSink(s)
}

// TapLinks adds the tap mk makes for each link to the frames going onto
// it, for every link of the network and every link added later (mk is
// called when the link is added); the taps keep frames in s.
func (nw *Network) TapLinks(s TapSink, mk func(*Link) Tap) {
	nw.addSink(s)
	nw.linkTap = append(nw.linkTap, mk)
	for _, l := range nw.links {
		l.taps = append(l.taps, mk(l))
	}
}

func (nw *Network) addSink(s TapSink) {
	for _, u := range nw.sinks {
		if u == s {
			return
		}
	}
	nw.sinks = append(nw.sinks, s)
}

// Flush flushes every sink, so capture files are complete up to now.
func (nw *Network) Flush() error {
	var first error
	for _, s := range nw.sinks {
		if err := s.Flush(); err != nil && first == nil {
			first = err
		}
	}
	if nw.trace != nil {
		if err := nw.trace.Flush(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
