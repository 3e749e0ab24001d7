package runtime

import (
	"bytes"
	"testing"
	"time"
)

// FuzzParseSegment decodes any payload as a throughput test's frame: it
// never panics; a payload it takes writes back to the same bytes; and
// handed to both ends of a running test (as if it came from a real link),
// it leaves the sender's scoreboard whole.
func FuzzParseSegment(f *testing.F) {
	for _, s := range []segment{
		{Kind: segConnect, Flow: 1, Stamp: 5},
		{Kind: segAccept, Flow: 1, Stamp: 5, MTU: 1500},
		{Kind: segData, Flow: 1, Seq: 3, Stamp: 9, Data: []byte("data")},
		{Kind: segAck, Flow: 1, Seq: 3, Ack: 2, Stamp: 9},
		{Kind: segAck, Flow: 1, Seq: 1 << 31, Ack: 1<<32 - 1, Stamp: -1},
	} {
		b := make([]byte, segHeaderLen+len(s.Data))
		putSegment(b, &s)
		copy(b[segHeaderLen:], s.Data)
		f.Add(b)
	}
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := parseSegment(b)
		if !ok {
			return
		}
		again := make([]byte, segHeaderLen+len(s.Data))
		putSegment(again, &s)
		copy(again[segHeaderLen:], s.Data)
		if !bytes.Equal(again, b) {
			t.Fatalf("%x parsed as %+v, written back as %x", b, s, again)
		}
		nw := newNet(t, 1)
		l := mustLink(t, nw, "l", Impairments{Delay: time.Millisecond})
		a := mustNode(t, nw, "a", &Sink{}, l)
		z := mustNode(t, nw, "b", &Sink{}, l)
		fl, err := nw.Iperf(a, z, IperfOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := nw.Run(20 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		s.Flow = fl.id
		nw.answerSegment(a, a.Port(1), z.Port(1).MAC(), &s)
		nw.answerSegment(z, z.Port(1), a.Port(1).MAC(), &s)
		if err := nw.Run(20 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		snd := &fl.send
		if snd.pipe < 0 || snd.una > snd.next || int(snd.next-snd.base) != len(snd.segs) {
			t.Fatalf("after %+v: pipe %d, una %d, next %d, base %d, %d on the scoreboard", s, snd.pipe, snd.una, snd.next, snd.base, len(snd.segs))
		}
		fl.Close()
	})
}
