package irc

import (
	"crypto/tls"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/ircdtest"
	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

var channels atomic.Int32

// newChannel names a channel no other test uses.
func newChannel() string { return fmt.Sprintf("#test%d", channels.Add(1)) }

// fast is a config for srv that sends as fast as the test server takes.
func fast(srv *ircdtest.Server, channel string) Config {
	return Config{Server: srv.Addr, Channel: channel, Network: "test", LineRate: 1000, Burst: queueLines}
}

// openDevice opens a device the test closes.
func openDevice(t testing.TB, c Config) *Device {
	t.Helper()
	d, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestConformance(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		ch := newChannel()
		return openDevice(t, fast(srv, ch)), openDevice(t, fast(srv, ch))
	})
}

func TestConformanceOverTLS(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{TLS: true})
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		c := fast(srv, newChannel())
		c.Server, c.TLS = srv.TLSAddr, true
		c.TLSConfig = &tls.Config{RootCAs: srv.Roots}
		return openDevice(t, c), openDevice(t, c)
	})
}

// testFrame is a broadcast frame with payload.
func testFrame(payload string) []byte {
	return runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType, []byte(payload)).Bytes()
}

// partOf is how many bytes of a frame a line of d carries now.
func partOf(d *Device) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sess.part
}

func write(t *testing.T, d *Device, frames ...[]byte) {
	t.Helper()
	if n, err := d.Write(frames, 0); n != len(frames) || err != nil {
		t.Fatalf("Write queued %d of %d frames: %v (rejected: %v)", n, len(frames), err, d.Stats().Rejected.Map())
	}
}

func TestFramesAtTheMTUGoInPartsThatFitALine(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	ch := newChannel()
	a, b := openDevice(t, fast(srv, ch)), openDevice(t, fast(srv, ch))
	spy := srv.Client(t, "spy")
	spy.Join(ch)
	for _, size := range []int{1500, a.MTU()} {
		f := testFrame(strings.Repeat("x", size))
		for i := runtime.HeaderLen; i < len(f); i++ {
			f[i] = byte(i * 7)
		}
		write(t, a, f)
		if got := devtest.ReadOne(t, b); string(got) != string(f) {
			t.Fatalf("a frame with a payload of %d bytes came back as %d bytes, not the same", size, len(got))
		}
		part := partOf(a)
		want := (len(f) + part - 1) / part
		lines := spy.Privmsgs(ch, want+1, 200*time.Millisecond)
		if len(lines) != want {
			t.Errorf("a frame of %d bytes took %d lines, want %d of %d bytes", len(f), len(lines), want, part)
		}
		for _, m := range lines {
			// What another client reads: ":nick!user@host PRIVMSG #chan :TEXT\r\n",
			// with room for a host of 63 bytes rather than 127.0.0.1.
			if n := len(":"+m.Source+" PRIVMSG "+m.Params[0]+" :"+m.Params[1]) + 2; n > lineMax-(minHost-len("127.0.0.1")) {
				t.Errorf("a relayed line of %d bytes leaves no room for a longer host: %q", n, m.Params[1])
			}
		}
	}
}

func TestOtherTrafficIsCountedAndDropped(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	ch := newChannel()
	c := fast(srv, ch)
	c.Nick = "meshdev"
	d := openDevice(t, c)
	human := srv.Client(t, "human")
	human.Join(ch)
	net := networkID("test")
	piece := func(id, i, n int, data []byte) string {
		return fmt.Sprintf("ML1 %s %x %d/%d %s", net, id, i, n, b64.EncodeToString(data))
	}
	frame := testFrame("good")
	human.Say(ch,
		"hello everyone, what is this bot?",                             // other_traffic
		"\x01ACTION waves\x01",                                          // other_traffic
		"ML1 garbage",                                                   // malformed
		"ML1 "+net+" 1 1/1 !!!not base64!!!",                            // malformed
		"ML1 "+net+" 1 2/1 AAAA",                                        // malformed: part 2 of 1
		"ML2 "+net+" 1 1/1 AAAA",                                        // bad_version
		encode(nil, networkID("other"), 5, testFrame("theirs"), 300)[0], // foreign_network
		piece(7, 1, 3, frame[:6]),                                       // incomplete: the rest never comes,
		piece(8, 1, 1, frame),                                           // because this frame comes next
		piece(9, 2, 3, frame[:6]),                                       // incomplete: its first part never came
		piece(9, 3, 3, frame[6:]),
		piece(10, 1, 1, []byte("short")), // malformed: shorter than a header
	)
	human.Send("NOTICE " + ch + " :a notice") // other_traffic
	human.Send("PRIVMSG meshdev :hello bot")  // other_traffic
	if f := devtest.ReadOne(t, d); string(f) != string(frame) {
		t.Fatalf("read %q, want the good frame", f)
	}
	human.Say(ch, piece(11, 1, 2, frame[:6])) // incomplete: its sender leaves
	human.Close()
	time.Sleep(200 * time.Millisecond)
	want := map[string]uint64{"other_traffic": 4, "malformed": 4, "bad_version": 1, "foreign_network": 1, "incomplete": 3}
	got := d.Stats().Rejected.Map()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("rejected %s: %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if s := d.Stats(); s.RxFrames != 1 {
		t.Errorf("read %d frames, want 1", s.RxFrames)
	}
	devtest.CheckStats(t, d.Stats())
}

func TestTheRateLimitHolds(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	ch := newChannel()
	c := fast(srv, ch)
	c.LineRate, c.Burst = 40, 4
	d := openDevice(t, c)
	spy := srv.Client(t, "spy")
	spy.Join(ch)
	const n = 44
	frames := make([][]byte, n)
	for i := range frames {
		frames[i] = testFrame(fmt.Sprint(i))
	}
	began := time.Now()
	write(t, d, frames...)
	if took := time.Since(began); took > 200*time.Millisecond {
		t.Errorf("Write of %d frames took %v: it must not wait for the rate limit", n, took)
	}
	lines := spy.Privmsgs(ch, n, 3*time.Second)
	if len(lines) != n {
		t.Fatalf("the spy saw %d lines, want %d", len(lines), n)
	}
	// Any stretch of lines from i to j may hold the burst and the rate's
	// share of the time between them, give or take a line and 100ms for
	// the spy's reading late.
	for i := range lines {
		for j := i + 1; j < len(lines); j++ {
			allowed := float64(c.Burst) + c.LineRate*(lines[j].At.Sub(lines[i].At).Seconds()+0.1) + 1
			if float64(j-i+1) > allowed {
				t.Fatalf("lines %d to %d came within %v: %d lines, the limit allows %.1f", i, j, lines[j].At.Sub(lines[i].At), j-i+1, allowed)
			}
		}
	}
	took := lines[n-1].At.Sub(lines[0].At)
	// The last line leaves (n-burst)/rate after the first, give or take
	// the spy's reading late.
	if least := time.Duration(float64(n-c.Burst)/c.LineRate*float64(time.Second)) - 100*time.Millisecond; took < least {
		t.Errorf("%d lines took %v, less than the %v the limit allows", n, took, least)
	}
	t.Logf("%d lines in %v: %.1f lines/s after a burst of %d", n, took, float64(n-c.Burst)/took.Seconds(), c.Burst)
}

func TestAFullQueueDropsAndCounts(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	c := fast(srv, newChannel())
	c.LineRate, c.Burst = 1, 1
	d := openDevice(t, c)
	frames := make([][]byte, 100)
	for i := range frames {
		frames[i] = testFrame(fmt.Sprint(i))
	}
	began := time.Now()
	n, err := d.Write(frames, 0)
	if took := time.Since(began); took > 200*time.Millisecond || err != nil {
		t.Errorf("Write took %v: %v", took, err)
	}
	full := d.Stats().TxDropped[runtime.DevQueueFull]
	if full < 100-queueLines-1 || full > 100-queueLines || uint64(n)+full != 100 {
		t.Errorf("Write queued %d frames and dropped %d as queue_full, want %d queued", n, full, queueLines)
	}
	devtest.CheckStats(t, d.Stats())
}

func TestReconnectsWhenTheServerComesBack(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	ch := newChannel()
	a, b := openDevice(t, fast(srv, ch)), openDevice(t, fast(srv, ch))
	srv.Stop()
	time.Sleep(300 * time.Millisecond)
	a.Write([][]byte{testFrame("lost")}, 0)
	if got := a.Stats().TxDropped[runtime.DevOffline]; got != 1 {
		t.Errorf("a frame written while the server is down: offline %d, want 1", got)
	}
	srv.Restart()
	began := time.Now()
	arrived := devtest.ReadInBackground(b)
	for time.Since(began) < 10*time.Second {
		a.Write([][]byte{testFrame("back")}, 0)
		select {
		case f := <-arrived:
			if string(f) != string(testFrame("back")) {
				t.Errorf("read %q", f)
			}
			t.Logf("frames cross again %v after the server restarted", time.Since(began))
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("no frame crossed in 10s after the server restarted; a: %+v, b: %+v", a.Stats(), b.Stats())
}

func TestCloseSendsWhatIsQueuedThenQuits(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	ch := newChannel()
	c := fast(srv, ch)
	c.LineRate, c.Burst, c.Nick = 5, 1, "closer"
	d := openDevice(t, c)
	spy := srv.Client(t, "spy")
	spy.Join(ch)
	write(t, d, testFrame("1"), testFrame("2"), testFrame("3"))
	d.Close()
	spy.Await(func(m ircdtest.Message) bool { return m.Command == "PART" && m.Nick() == "closer" })
	if s := d.Stats(); s.TxFrames != 3 {
		t.Errorf("Close sent %d of the 3 queued frames", s.TxFrames)
	}
}

func TestBadSettingsSayWhatToDo(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{TLS: true})
	taken := srv.Client(t, "taken")
	taken.Join("#elsewhere")
	for _, c := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{}, `option server: name the IRC server, such as server = "irc.example.org:6697"`},
		{map[string]any{"server": "irc.example.org:http:x"}, `option server: want HOST:PORT`},
		{map[string]any{"server": srv.Addr, "channel": "mymesh"}, `option channel: want "#" and a name`},
		{map[string]any{"server": srv.Addr, "nick": "9lives"}, "option nick: want 1 to 30 letters"},
		{map[string]any{"server": srv.Addr, "line_rate": 0.0}, "option line_rate: want a number from 0.01 to 1000"},
		{map[string]any{"server": "127.0.0.1:1"}, "cannot connect to 127.0.0.1:1"},
		{map[string]any{"server": "ircs://" + srv.TLSAddr}, "certificate signed by unknown authority; check the host in option server"},
		{map[string]any{"server": srv.Addr, "channel": ircdtest.InviteOnly}, "option channel: #invite-only is invite-only"},
		{map[string]any{"server": srv.Addr, "channel": ircdtest.Keyed}, "option key: #keyed has a key, and the server refuses this one"},
		{map[string]any{"server": srv.Addr, "channel": ircdtest.Keyed, "key": "guess"}, "option key: #keyed has a key"},
	} {
		d, err := open("net", c.opts)
		if err == nil {
			d.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.opts, err, c.want)
		}
	}
	// ngircd waits for a line from a client that sends it a TLS handshake.
	_, err := Open(Config{Server: srv.Addr, TLS: true, Channel: "#x", LineRate: 1, Burst: 1, Timeout: 500 * time.Millisecond})
	if want := "TLS with " + srv.Addr + " failed (no answer within 500ms); check that this port of the server speaks TLS"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("TLS to a plain port: got %v, want %q", err, want)
	}
	// A link with a key that makes a channel locks it with the key.
	ch := newChannel()
	openDevice(t, Config{Server: srv.Addr, Channel: ch, Key: "k1", LineRate: 1, Burst: 1})
	time.Sleep(100 * time.Millisecond) // for the server to take the MODE line
	if _, err := open("net", map[string]any{"server": srv.Addr, "channel": ch}); err == nil || !strings.Contains(err.Error(), "option key: "+ch+" has a key") {
		t.Errorf("joining a channel a link made with a key, without the key: %v", err)
	}
	// A key that fits, and a nick in use, get in.
	d := openDevice(t, Config{Server: srv.Addr, Channel: ircdtest.Keyed, Key: ircdtest.Key, Nick: "taken", LineRate: 1, Burst: 1})
	d.mu.Lock()
	nick := d.sess.nick
	d.mu.Unlock()
	if nick == "taken" || !strings.HasPrefix(nick, "taken") {
		t.Errorf("a device asking for a nick in use got %q, want taken and 3 random letters", nick)
	}
}

func TestAServerPassword(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{Password: "letmein"})
	if _, err := open("net", map[string]any{"server": srv.Addr}); err == nil || !strings.Contains(err.Error(), "Bad password?; check options server and password") {
		t.Errorf("without the password: %v", err)
	}
	d, err := open("net", map[string]any{"server": srv.Addr, "password": "letmein"})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}
