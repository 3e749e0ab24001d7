package irc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"

	"github.com/ergochat/irc-go/ircmsg"
)

const (
	nickTries = 5          // nicks to try before giving up
	maxLine   = 8192 + 512 // the longest line read (tags and message)
)

// dial connects to the server, with TLS if the config says so.
func (d *Device) dial(ctx context.Context) (net.Conn, error) {
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", d.cfg.Server)
	if err != nil {
		return nil, fmt.Errorf("irc link: cannot connect to %s: %v; check option server (host and port) and that the server is up", d.cfg.Server, err)
	}
	if !d.cfg.TLS {
		return conn, nil
	}
	cfg := &tls.Config{}
	if d.cfg.TLSConfig != nil {
		cfg = d.cfg.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(d.cfg.Server)
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		var bad *tls.CertificateVerificationError
		if errors.As(err, &bad) {
			return nil, fmt.Errorf("irc link: TLS with %s: %v; check the host in option server (the certificate must name it), and that this system trusts the certificate's issuer", d.cfg.Server, err)
		}
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("no answer within %v", d.cfg.Timeout)
		}
		return nil, fmt.Errorf("irc link: TLS with %s failed (%v); check that this port of the server speaks TLS (often 6697), or drop ircs:// and tls = true for a plain port (often 6667)", d.cfg.Server, err)
	}
	return tc, nil
}

// connect connects, registers a nick and joins the channel.
func (d *Device) connect(ctx context.Context) (*session, error) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	conn, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	s := &session{conn: conn, ended: make(chan struct{})}
	s.r.Initialize(conn, 512, maxLine)
	err = d.handshake(s)
	if !stop() || err != nil {
		conn.Close()
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("irc link: %s did not let the link into %s within %v; check option server (an IRC server? TLS or not?)", d.cfg.Server, d.cfg.Channel, d.cfg.Timeout)
		}
		if ctx.Err() != nil {
			return nil, net.ErrClosed
		}
		return nil, err
	}
	if s.part = partBytes(s.nick, s.user, s.host, d.cfg.Channel); s.part < minPart {
		conn.Close()
		return nil, fmt.Errorf("irc link: lines to %s leave room for %d bytes of a frame (the server calls the link %s!%s@%s); choose a shorter channel or nick", d.cfg.Channel, max(s.part, 0), s.nick, s.user, s.host)
	}
	return s, nil
}

// handshake registers a nick and joins the channel.
func (d *Device) handshake(s *session) error {
	if d.cfg.Password != "" {
		s.send("PASS", d.cfg.Password)
	}
	s.nick = d.cfg.Nick
	tried := []string{s.nick}
	s.send("NICK", s.nick)
	s.send("USER", "meshlua", "0", "*", "meshlua link")
	server := d.cfg.Server
	for welcomed := false; !welcomed; {
		m, err := s.read()
		if err != nil {
			return fmt.Errorf("irc link: %s closed the connection before welcoming the link (%v); check option server (an IRC server? TLS or not?)", server, err)
		}
		switch m.Command {
		case "PING":
			s.send("PONG", m.Params...)
		case "001":
			welcomed = true
			if len(m.Params) > 0 {
				s.nick = m.Params[0]
			}
		case "433", "436", "437": // in use, collision, unavailable
			if len(tried) == nickTries {
				return fmt.Errorf("irc link: option nick: %s has all of the nicks %s in use; choose another nick", server, strings.Join(tried, ", "))
			}
			s.nick = retryNick(d.cfg.Nick)
			tried = append(tried, s.nick)
			s.send("NICK", s.nick)
		case "432":
			return fmt.Errorf("irc link: option nick: %s refuses the nick %q (%s); choose another", server, s.nick, lastParam(m))
		case "464":
			return fmt.Errorf("irc link: option password: %s refuses the password (%s)", server, lastParam(m))
		case "465":
			return fmt.Errorf("irc link: %s bans this client (%s)", server, lastParam(m))
		case "ERROR":
			return fmt.Errorf("irc link: %s closed the connection: %s; check options server and password", server, lastParam(m))
		}
	}
	if d.cfg.Key != "" {
		s.send("JOIN", d.cfg.Channel, d.cfg.Key)
	} else {
		s.send("JOIN", d.cfg.Channel)
	}
	for {
		m, err := s.read()
		if err != nil {
			return fmt.Errorf("irc link: %s closed the connection while the link joined %s (%v)", server, d.cfg.Channel, err)
		}
		switch {
		case m.Command == "PING":
			s.send("PONG", m.Params...)
		case m.Command == "ERROR":
			return fmt.Errorf("irc link: %s closed the connection: %s", server, lastParam(m))
		case m.Command == "JOIN" && len(m.Params) > 0 && strings.EqualFold(m.Nick(), s.nick) && strings.EqualFold(m.Params[0], d.cfg.Channel):
			if nuh, err := m.NUH(); err == nil {
				s.user, s.host = nuh.User, nuh.Host
			}
			if d.cfg.Key != "" {
				// Lock the channel with the key, if the link may: the
				// first to join a new channel is usually its operator.
				// Otherwise the server refuses, and that is fine.
				s.send("MODE", d.cfg.Channel, "+k", d.cfg.Key)
			}
			return nil
		case len(m.Command) == 3 && (m.Command[0] == '4' || m.Command[0] == '5') && len(m.Params) > 1 && strings.EqualFold(m.Params[1], d.cfg.Channel):
			return d.joinError(m)
		}
	}
}

// joinError says why the server refused to let the link join, and what to
// do about it.
func (d *Device) joinError(m ircmsg.Message) error {
	ch, why := d.cfg.Channel, lastParam(m)
	switch m.Command {
	case "475":
		return fmt.Errorf("irc link: option key: %s has a key, and the server refuses this one (%s); set key to the channel's key", ch, why)
	case "473":
		return fmt.Errorf("irc link: option channel: %s is invite-only (%s); ask an operator of the channel to invite the link's nick or remove +i, or choose another channel", ch, why)
	case "474":
		return fmt.Errorf("irc link: option channel: %s bans the link (%s); choose another channel, or ask an operator of the channel to lift the ban", ch, why)
	case "471":
		return fmt.Errorf("irc link: option channel: %s is full (%s); choose another channel, or ask an operator of the channel to raise its limit", ch, why)
	case "403", "476", "479":
		return fmt.Errorf("irc link: option channel: the server refuses the channel name %s (%s); choose another", ch, why)
	}
	return fmt.Errorf("irc link: cannot join %s: %s (%s %s)", ch, why, m.Command, d.cfg.Server)
}

func lastParam(m ircmsg.Message) string {
	if len(m.Params) == 0 {
		return ""
	}
	return m.Params[len(m.Params)-1]
}

// randomLetters returns n random lowercase letters and digits.
func randomLetters(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rand.IntN(len(chars))]
	}
	return string(b)
}

// retryNick is another nick to try when nick is in use: its first 6
// bytes and 3 random letters or digits.
func retryNick(nick string) string {
	return nick[:min(len(nick), 6)] + randomLetters(3)
}

// randomID is a random first frame id, so that a sender that comes back
// with its old nick does not continue the ids of its last run.
func randomID() uint32 { return rand.Uint32() }
