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
		r := newReassembler(func(why string) { t.Errorf("size %d: rejected %s", size, why) })
		var got []byte
		for _, text := range lines {
			relayed := ":" + nick + "!" + user + "@" + host + " PRIVMSG " + channel + " :" + text + "\r\n"
			if len(relayed) > lineMax {
				t.Fatalf("size %d: a relayed line of %d bytes", size, len(relayed))
			}
			p, why := parse(text, net)
			if why != "" {
				t.Fatalf("size %d: %q rejected as %s", size, text, why)
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
	for text, want := range map[string]string{
		"hello":                               rejectOther,
		"MLB rocks":                           rejectOther,
		"ML":                                  rejectOther,
		"ML2 " + net + " 1 1/1 AAAA":          rejectVersion,
		"ML1 " + networkID("x") + " 1 1/1 AA": rejectForeign,
		"ML1 " + net + " 1 1/1":               rejectMalformed,
		"ML1 " + net + " 1 1/1 A A":           rejectMalformed,
		"ML1 " + net + " 1 0/1 AAAA":          rejectMalformed,
		"ML1 " + net + " 1 1/100 AAAA":        rejectMalformed,
		"ML1 " + net + " 1 1/x AAAA":          rejectMalformed,
		"ML1 " + net + " 123456789 1/1 AAAA":  rejectMalformed,
		"ML1 " + net + " 1G 1/1 AAAA":         rejectMalformed,
		"ML1 " + net + " 1 1/2 AAA":           rejectMalformed, // a part before the last must decode on its own
		"ML1 " + net + " 1 1/1 A":             rejectMalformed,
		"ML1 " + net[:7] + " 1 1/1 AAAA":      rejectMalformed,
		"ML1 " + net + " 1 1/1 AAAA":          "",
		"ML1 " + net + " 1 1/2 AAAA":          "",
		"ML1 " + net + " ff 2/2 AAA":          "",
	} {
		if _, why := parse(text, net); why != want {
			t.Errorf("%q: %q, want %q", text, why, want)
		}
	}
}

// counted collects a reassembler's rejections.
type counted map[string]int

func (c counted) reject(why string) { c[why]++ }

func TestReassemblyIsBounded(t *testing.T) {
	now := time.Now()
	piece := func(id string, i, n int, data []byte) part { return part{id: id, i: i, n: n, data: data} }
	big := make([]byte, 5000)

	c := counted{}
	r := newReassembler(c.reject)
	for s := 0; s < maxPending+10; s++ {
		r.add(now.Add(time.Duration(s)), fmt.Sprint(s), piece("1", 1, 2, big))
	}
	if len(r.pending) != maxPending || c[rejectPartial] != 10 {
		t.Errorf("%d senders with frames under way, %d dropped; want %d and 10", len(r.pending), c[rejectPartial], maxPending)
	}
	if _, ok := r.pending["0"]; ok {
		t.Error("the sender idle longest should have given way")
	}
	r.expire(now.Add(partTimeout / 2))
	if len(r.pending) != maxPending {
		t.Errorf("%d frames left before the timeout", len(r.pending))
	}
	r.expire(now.Add(partTimeout + time.Second))
	if len(r.pending) != 0 || c[rejectPartial] != maxPending+10 {
		t.Errorf("after the timeout %d frames are left, %d dropped", len(r.pending), c[rejectPartial])
	}

	c = counted{}
	r = newReassembler(c.reject)
	r.add(now, "a", piece("1", 1, 3, big))
	if f := r.add(now, "a", piece("1", 2, 3, big)); f != nil || c[rejectMalformed] != 1 || len(r.pending) != 0 {
		t.Errorf("a frame above %d bytes: %d bytes, rejections %v", runtime.MaxFrame, len(f), c)
	}
	r.add(now, "a", piece("2", 1, 3, big[:30]))
	r.add(now, "a", piece("2", 3, 3, big[:30])) // part 2 went missing
	r.add(now, "a", piece("3", 2, 2, big[:30])) // part 1 went missing
	r.add(now, "b", piece("4", 1, 2, big[:30]))
	r.forget("b") // b left
	if c[rejectPartial] != 3 || len(r.pending) != 0 {
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
	want := map[string]uint64{rejectOwn: 1, rejectOther: 2}
	if got := d.Stats().Rejected; len(got) != len(want) || got[rejectOwn] != 1 || got[rejectOther] != 2 {
		t.Errorf("rejected %v, want %v", got, want)
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
