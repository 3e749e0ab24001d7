package irc

import (
	"bytes"
	"fmt"
	gonet "net"
	"strings"
	"testing"
	"time"

	"github.com/ergochat/irc-go/ircmsg"

	"github.com/meshlua/meshlua/runtime"
)

// FuzzParse reads any text as a line of a frame: it never panics, what it
// takes is within the format's bounds, and written again it reads back
// the same.
func FuzzParse(f *testing.F) {
	net := networkID("n")
	for _, s := range []string{"ML1 " + net + " 1 1/1 AAAA", "ML1 " + net + " ff 2/2 AAA", "ML2 x", "hello",
		encode(nil, net, 0x2a, testFrame("hello!"), 300)[0]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, _, ok := parse(text, net)
		if !ok {
			return
		}
		if p.i < 1 || p.i > p.n || p.n > maxParts || len(p.data) > runtime.MaxFrame || p.i < p.n && len(p.data)%3 != 0 {
			t.Fatalf("%q read as part %d/%d of %d bytes", text, p.i, p.n, len(p.data))
		}
		again := fmt.Sprintf("ML1 %s %s %d/%d %s", net, p.id, p.i, p.n, b64.EncodeToString(p.data))
		q, why, ok := parse(again, net)
		if !ok || q.id != p.id || q.i != p.i || q.n != p.n || !bytes.Equal(q.data, p.data) {
			t.Fatalf("%q written again as %q read as %+v, %v", text, again, q, why)
		}
	})
}

// FuzzReassembly sends a frame's lines through parse and the reassembler,
// between lines of other senders that ops makes up: the frame comes out
// whole, the noise never panics, and the frames under way stay bounded.
func FuzzReassembly(f *testing.F) {
	f.Add(testFrame("hello"), uint16(3), []byte{1, 2, 3, 4})
	f.Add(bytes.Repeat([]byte{7}, 1500), uint16(282), []byte{0, 0, 1, 1, 5, 9, 2, 2})
	net := networkID("n")
	f.Fuzz(func(t *testing.T, frame []byte, part uint16, ops []byte) {
		part = max(part/3*3, uint16(minPart/3*3+3))
		if len(frame) < runtime.HeaderLen || len(frame) > runtime.MaxFrame {
			return
		}
		r := newReassembler(func(runtime.DeviceReason) {})
		now := time.Unix(0, 0)
		add := func(sender, text string) []byte {
			p, _, ok := parse(text, net)
			if !ok {
				return nil
			}
			now = now.Add(time.Millisecond)
			out := r.add(now, sender, p)
			if len(r.pending) > maxPending || out != nil && (len(out) < runtime.HeaderLen || len(out) > runtime.MaxFrame) {
				t.Fatalf("%d frames under way; a frame of %d bytes", len(r.pending), len(out))
			}
			return out
		}
		var got []byte
		for _, line := range encode(nil, net, 0xbeef, frame, int(part)) {
			if len(ops) >= 4 { // a line of another sender, of a frame with made-up parts
				n := int(ops[3]%maxParts) + 1
				data := b64.EncodeToString(bytes.Repeat(ops[:1], 3*int(ops[2]%8)))
				add(fmt.Sprint("s", ops[0]%32), fmt.Sprintf("ML1 %s %x %d/%d %s", net, ops[1], int(ops[2])%n+1, n, data))
				ops = ops[4:]
			}
			got = add("a", line)
		}
		if !bytes.Equal(got, frame) {
			t.Fatalf("a frame of %d bytes came out as %d bytes", len(frame), len(got))
		}
	})
}

// FuzzReceive passes any lines from the server to the device: it never
// panics, and what it hands to Read is a frame.
func FuzzReceive(f *testing.F) {
	net := networkID("n")
	text := encode(nil, net, 1, testFrame("hello"), 300)[0]
	f.Add(":you!u@h PRIVMSG #mesh :" + text + "\n:me!u@h PRIVMSG #mesh :" + text)
	f.Add(":you!u@h PRIVMSG #mesh :ML1 " + net + " 1 1/2 AAAA\n:you!u@h PART #mesh\n:x NOTICE me :hi\nPING :x\n:me!u@h NICK :you")
	f.Fuzz(func(t *testing.T, lines string) {
		d := &Device{cfg: Config{Channel: "#mesh"}, network: net, rx: make(chan []byte, rxFrames)}
		r := newReassembler(d.counts.Reject)
		s := &session{nick: "me", conn: nullConn{}}
		for _, line := range strings.Split(lines, "\n") {
			m, err := ircmsg.ParseLine(line)
			if err != nil {
				continue
			}
			d.handle(s, r, m)
			if len(r.pending) > maxPending {
				t.Fatalf("%d frames under way", len(r.pending))
			}
		}
		for len(d.rx) > 0 {
			if f := <-d.rx; len(f) < runtime.HeaderLen || len(f) > runtime.MaxFrame {
				t.Fatalf("a frame of %d bytes for Read", len(f))
			}
		}
	})
}

// nullConn is a connection that takes what is written (the device's
// answers, PONG) and does nothing else.
type nullConn struct{ gonet.Conn }

func (nullConn) Write(b []byte) (int, error)      { return len(b), nil }
func (nullConn) SetWriteDeadline(time.Time) error { return nil }
