package irc

import (
	"net"
	"strings"
	"sync"
	"time"

	"github.com/ergochat/irc-go/ircmsg"
	"github.com/ergochat/irc-go/ircreader"

	"github.com/meshlua/meshlua/runtime"
)

const (
	writeTime  = 30 * time.Second       // to write one line
	pingAfter  = 60 * time.Second       // of silence from the server: ask it for a PONG
	deadAfter  = 120 * time.Second      // of silence: the connection is dead
	minBackoff = 250 * time.Millisecond // the first wait before connecting again
	maxBackoff = 30 * time.Second       // the longest
	stableTime = time.Minute            // a connection this long resets the wait
)

// session is one connection to the server, in the channel.
type session struct {
	conn  net.Conn
	r     ircreader.Reader
	wmu   sync.Mutex    // one writer at a time
	ended chan struct{} // closed when the session ends
	// nick, user and host are the device's prefix as the server relays
	// its lines; part is how many bytes of a frame a line carries. The
	// device's mu guards them once the session serves.
	nick, user, host string
	part             int
}

// write writes b to the server.
func (s *session) write(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.conn.SetWriteDeadline(time.Now().Add(writeTime))
	_, err := s.conn.Write(b)
	return err
}

// send writes the command with its parameters.
func (s *session) send(command string, params ...string) error {
	m := ircmsg.MakeMessage(nil, "", command, params...)
	b, err := m.LineBytesStrict(true, lineMax)
	if err != nil {
		return err
	}
	return s.write(b)
}

// read reads the next message; a line that does not parse is skipped.
func (s *session) read() (ircmsg.Message, error) {
	for {
		b, err := s.r.ReadLine()
		if err != nil {
			return ircmsg.Message{}, err
		}
		if m, err := ircmsg.ParseLine(string(b)); err == nil {
			return m, nil
		}
	}
}

// routineConnection serves the session s and, when it ends, connects
// again, waiting longer after each failure, until Close.
func (d *Device) routineConnection(s *session) {
	defer close(d.done)
	wait := minBackoff
	for {
		if s != nil {
			began := time.Now()
			d.serve(s)
			if time.Since(began) > stableTime {
				wait = minBackoff
			}
		}
		if d.isClosed() {
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-d.ctx.Done():
			t.Stop()
			return
		}
		wait = min(2*wait, maxBackoff)
		s, _ = d.connect(d.ctx)
	}
}

// serve reads the session's lines until it ends, while routineSender
// sends the queued lines; then it drops what is still queued.
func (d *Device) serve(s *session) {
	d.mu.Lock()
	d.sess = s
	d.mu.Unlock()
	msgs := make(chan ircmsg.Message)
	go func() {
		defer close(msgs)
		for {
			m, err := s.read()
			if err != nil {
				return
			}
			select {
			case msgs <- m:
			case <-s.ended:
				return
			}
		}
	}()
	var sender sync.WaitGroup
	sender.Go(func() { d.routineSender(s) })
	r := newReassembler(d.counts.Reject)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	heard, pinged := time.Now(), false
loop:
	for {
		select {
		case m, ok := <-msgs:
			if !ok || !d.handle(s, r, m) {
				break loop
			}
			heard, pinged = time.Now(), false
		case now := <-tick.C:
			r.expire(now)
			if now.Sub(heard) > deadAfter {
				break loop
			}
			if now.Sub(heard) > pingAfter && !pinged {
				s.send("PING", "meshlua")
				pinged = true
			}
		case <-d.ctx.Done():
			break loop
		}
	}
	d.mu.Lock()
	d.sess = nil
	for _, l := range d.queue {
		if l.frame > 0 {
			d.counts.TxDrop(runtime.DevOffline)
		}
	}
	clear(d.queue)
	d.queue = d.queue[:0]
	d.mu.Unlock()
	close(s.ended)
	s.conn.Close()
	sender.Wait()
	for range msgs {
	}
}

// handle acts on a message from the server; false ends the session.
func (d *Device) handle(s *session, r *reassembler, m ircmsg.Message) bool {
	d.mu.Lock()
	nick := s.nick
	d.mu.Unlock()
	param := func(i int) string {
		if i < len(m.Params) {
			return m.Params[i]
		}
		return ""
	}
	switch m.Command {
	case "PING":
		s.send("PONG", m.Params...)
	case "ERROR":
		return false
	case "PRIVMSG", "NOTICE":
		d.receive(nick, r, m)
	case "KICK":
		if strings.EqualFold(param(1), nick) {
			return false // join again on a new connection, after a wait
		}
		r.forget(strings.ToLower(param(1)))
	case "PART", "QUIT":
		if strings.EqualFold(m.Nick(), nick) {
			return false
		}
		r.forget(strings.ToLower(m.Nick()))
	case "NICK":
		if !strings.EqualFold(m.Nick(), nick) {
			r.forget(strings.ToLower(m.Nick()))
			break
		}
		d.mu.Lock()
		s.nick = param(0)
		s.part = partBytes(s.nick, s.user, s.host, d.cfg.Channel)
		d.mu.Unlock()
	}
	return true
}

// receive takes a PRIVMSG or NOTICE: a part of a frame, or traffic that is
// not the link's, counted by why.
func (d *Device) receive(nick string, r *reassembler, m ircmsg.Message) {
	if !strings.Contains(m.Source, "!") {
		return // from the server itself
	}
	if len(m.Params) < 2 || m.Command != "PRIVMSG" || !strings.EqualFold(m.Params[0], d.cfg.Channel) {
		d.counts.Reject(runtime.DevOtherTraffic)
		return
	}
	sender := m.Nick()
	if strings.EqualFold(sender, nick) {
		d.counts.Reject(runtime.DevOwn)
		return
	}
	p, why, ok := parse(m.Params[1], d.network)
	if !ok {
		d.counts.Reject(why)
		return
	}
	if f := r.add(time.Now(), strings.ToLower(sender), p); f != nil {
		d.deliver(f)
	}
}

// routineSender sends the queued lines, at most Burst at once and
// LineRate per second, until the session ends.
func (d *Device) routineSender(s *session) {
	rate, burst := d.cfg.LineRate, float64(d.cfg.Burst)
	tokens, last := burst, time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		d.mu.Lock()
		waiting := len(d.queue)
		d.mu.Unlock()
		if waiting == 0 {
			select {
			case <-d.wake:
				continue
			case <-s.ended:
				return
			}
		}
		now := time.Now()
		tokens, last = min(burst, tokens+now.Sub(last).Seconds()*rate), now
		if tokens < 1 {
			timer.Reset(time.Duration((1 - tokens) / rate * float64(time.Second)))
			select {
			case <-timer.C:
				continue
			case <-s.ended:
				return
			}
		}
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.mu.Unlock()
			continue
		}
		l := d.queue[0]
		d.queue = append(d.queue[:0], d.queue[1:]...)
		d.mu.Unlock()
		tokens--
		if err := s.write(l.text); err != nil {
			if l.frame > 0 {
				d.counts.TxDrop(runtime.DevOffline)
			}
			s.conn.Close() // the reader sees it, and the session ends
			return
		}
		if l.frame > 0 {
			d.counts.Tx(1, l.frame, 0)
		}
	}
}
