package irc

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ergochat/irc-go/ircmsg"

	"github.com/meshlua/meshlua/runtime"
)

func TestPartsFitALineForTheLongestNamesAndJoinAgain(t *testing.T) {
	nick, channel := strings.Repeat("n", 30), "#"+strings.Repeat("c", 49)
	user, host := "~meshlua", strings.Repeat("h", 63)
	part := partBytes(nick, user, host, channel)
	if part < minPart {
		t.Fatalf("%d bytes per line is too few for the largest frame in %d lines", part, maxParts)
	}
	net := networkID("n")
	for _, size := range []int{runtime.HeaderLen, 100, part, part + 1, 1514, runtime.MaxFrame} {
		frame := make([]byte, size)
		for i := range frame {
			frame[i] = byte(i*31 + 7)
		}
		lines := encode(nil, net, 0xffffffff, frame, part)
		r := newReassembler(func(why runtime.DeviceReason) { t.Errorf("size %d: rejected %v", size, why) })
		var got []byte
		for _, text := range lines {
			relayed := ":" + nick + "!" + user + "@" + host + " PRIVMSG " + channel + " :" + text + "\r\n"
			if len(relayed) > lineMax {
				t.Fatalf("size %d: a relayed line of %d bytes", size, len(relayed))
			}
			p, why, ok := parse(text, net)
			if !ok {
				t.Fatalf("size %d: %q rejected as %v", size, text, why)
			}
			got = r.add(time.Now(), "a", p)
		}
		if !bytes.Equal(got, frame) {
			t.Errorf("size %d in %d lines came back as %d bytes", size, len(lines), len(got))
		}
	}
}

func TestParseSaysWhy(t *testing.T) {
	net := networkID("n")
	const ok = runtime.NumDeviceReasons // not rejected
	for text, want := range map[string]runtime.DeviceReason{
		"hello":                               runtime.DevOtherTraffic,
		"MLB rocks":                           runtime.DevOtherTraffic,
		"ML":                                  runtime.DevOtherTraffic,
		"ML2 " + net + " 1 1/1 AAAA":          runtime.DevBadVersion,
		"ML1 " + networkID("x") + " 1 1/1 AA": runtime.DevForeignNetwork,
		"ML1 " + net + " 1 1/1":               runtime.DevMalformed,
		"ML1 " + net + " 1 1/1 A A":           runtime.DevMalformed,
		"ML1 " + net + " 1 0/1 AAAA":          runtime.DevMalformed,
		"ML1 " + net + " 1 1/100 AAAA":        runtime.DevMalformed,
		"ML1 " + net + " 1 1/x AAAA":          runtime.DevMalformed,
		"ML1 " + net + " 123456789 1/1 AAAA":  runtime.DevMalformed,
		"ML1 " + net + " 1G 1/1 AAAA":         runtime.DevMalformed,
		"ML1 " + net + " 1 1/2 AAA":           runtime.DevMalformed, // a part before the last must decode on its own
		"ML1 " + net + " 1 1/1 A":             runtime.DevMalformed,
		"ML1 " + net[:7] + " 1 1/1 AAAA":      runtime.DevMalformed,
		"ML1 " + net + " 1 1/1 AAAA":          ok,
		"ML1 " + net + " 1 1/2 AAAA":          ok,
		"ML1 " + net + " ff 2/2 AAA":          ok,
	} {
		_, why, accepted := parse(text, net)
		if accepted {
			why = ok
		}
		if why != want {
			t.Errorf("%q: %v, want %v", text, why, want)
		}
	}
}

// counted collects a reassembler's rejections.
type counted map[runtime.DeviceReason]int

func (c counted) reject(why runtime.DeviceReason) { c[why]++ }

func TestReassemblyIsBounded(t *testing.T) {
	now := time.Now()
	piece := func(id string, i, n int, data []byte) part { return part{id: id, i: i, n: n, data: data} }
	big := make([]byte, 5000)

	c := counted{}
	r := newReassembler(c.reject)
	for s := 0; s < maxPending+10; s++ {
		r.add(now.Add(time.Duration(s)), fmt.Sprint(s), piece("1", 1, 2, big))
	}
	if len(r.pending) != maxPending || c[runtime.DevIncomplete] != 10 {
		t.Errorf("%d senders with frames under way, %d dropped; want %d and 10", len(r.pending), c[runtime.DevIncomplete], maxPending)
	}
	if _, ok := r.pending["0"]; ok {
		t.Error("the sender idle longest should have given way")
	}
	r.expire(now.Add(partTimeout / 2))
	if len(r.pending) != maxPending {
		t.Errorf("%d frames left before the timeout", len(r.pending))
	}
	r.expire(now.Add(partTimeout + time.Second))
	if len(r.pending) != 0 || c[runtime.DevIncomplete] != maxPending+10 {
		t.Errorf("after the timeout %d frames are left, %d dropped", len(r.pending), c[runtime.DevIncomplete])
	}

	c = counted{}
	r = newReassembler(c.reject)
	r.add(now, "a", piece("1", 1, 3, big))
	if f := r.add(now, "a", piece("1", 2, 3, big)); f != nil || c[runtime.DevMalformed] != 1 || len(r.pending) != 0 {
		t.Errorf("a frame above %d bytes: %d bytes, rejections %v", runtime.MaxFrame, len(f), c)
	}
	r.add(now, "a", piece("2", 1, 3, big[:30]))
	r.add(now, "a", piece("2", 3, 3, big[:30])) // part 2 went missing
	r.add(now, "a", piece("3", 2, 2, big[:30])) // part 1 went missing
	r.add(now, "b", piece("4", 1, 2, big[:30]))
	r.forget("b") // b left
	if c[runtime.DevIncomplete] != 3 || len(r.pending) != 0 {
		t.Errorf("frames with parts missing: %v, %d under way", c, len(r.pending))
	}
}

func TestOwnAndStrayLinesAreCounted(t *testing.T) {
	d := &Device{cfg: Config{Channel: "#mesh"}, network: networkID("n")}
	r := newReassembler(d.counts.Reject)
	text := encode(nil, d.network, 1, make([]byte, 20), 300)[0]
	for _, line := range []string{
		":me!u@h PRIVMSG #mesh :" + text,         // own: a server that echoes
		":you!u@h PRIVMSG me :" + text,           // other_traffic: not in the channel
		":you!u@h NOTICE #mesh :" + text,         // other_traffic: a notice
		":irc.example.org NOTICE #mesh :" + text, // from the server: not counted
	} {
		m, err := ircmsg.ParseLine(line)
		if err != nil {
			t.Fatal(err)
		}
		d.receive("me", r, m)
	}
	want := runtime.DeviceDrops{runtime.DevOwn: 1, runtime.DevOtherTraffic: 2}
	if s := d.Stats(); s.Rejected != want || s.TxDropped.Total() != 0 {
		t.Errorf("rejected %v, dropped %v; want %v", s.Rejected.Map(), s.TxDropped.Map(), want.Map())
	}
}

func TestServerAndChannelOptions(t *testing.T) {
	for in, want := range map[string]string{
		"irc.example.org:6697":   "irc.example.org:6697 false",
		"irc.example.org":        "irc.example.org:6667 false",
		"ircs://irc.example.org": "irc.example.org:6697 true",
		"ircs://127.0.0.1:7000/": "127.0.0.1:7000 true",
		"irc://[::1]:6667":       "[::1]:6667 false",
	} {
		addr, tls, err := parseServer(in, false)
		if got := fmt.Sprint(addr, " ", tls); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	if got := DefaultChannel("my link,1"); got != "#meshlua-my_link_1" {
		t.Errorf("DefaultChannel: %q", got)
	}
}
