package ircdtest

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ergochat/irc-go/ircmsg"
)

// Message is a message a client read, and when.
type Message struct {
	ircmsg.Message
	At time.Time
}

// Client is a raw IRC client: a human in the channel, a spy, or a
// stranger sending lines of its own making.
type Client struct {
	Nick string
	t    testing.TB
	conn net.Conn
	msgs chan Message
}

// Client connects a client with nick and waits for the server's welcome;
// the test closes it.
func (s *Server) Client(t testing.TB, nick string) *Client {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{Nick: nick, t: t, conn: conn, msgs: make(chan Message, 4096)}
	t.Cleanup(func() { conn.Close() })
	go func() {
		defer close(c.msgs)
		r := bufio.NewScanner(conn)
		for r.Scan() {
			m, err := ircmsg.ParseLine(r.Text())
			if err != nil {
				continue
			}
			if m.Command == "PING" {
				fmt.Fprintf(conn, "PONG :%s\r\n", strings.Join(m.Params, " "))
				continue
			}
			select {
			case c.msgs <- Message{m, time.Now()}:
			default: // nobody reads them
			}
		}
	}()
	c.Send("NICK " + nick)
	c.Send("USER test 0 * :meshlua test client")
	c.Await(func(m Message) bool { return m.Command == "001" })
	return c
}

// Send sends a raw line.
func (c *Client) Send(line string) {
	if _, err := fmt.Fprintf(c.conn, "%s\r\n", line); err != nil {
		c.t.Errorf("client %s: %v", c.Nick, err)
	}
}

// Join joins channel and waits until it is in.
func (c *Client) Join(channel string) {
	c.t.Helper()
	c.Send("JOIN " + channel)
	c.Await(func(m Message) bool {
		return m.Command == "JOIN" && m.Nick() == c.Nick && len(m.Params) > 0 && strings.EqualFold(m.Params[0], channel)
	})
}

// Say sends each text as a PRIVMSG to target.
func (c *Client) Say(target string, texts ...string) {
	for _, text := range texts {
		c.Send("PRIVMSG " + target + " :" + text)
	}
}

// Await reads messages until one satisfies want and returns it, failing
// the test after five seconds.
func (c *Client) Await(want func(Message) bool) Message {
	c.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.t.Fatalf("client %s: the server closed the connection", c.Nick)
			}
			if want(m) {
				return m
			}
		case <-timeout:
			c.t.Fatalf("client %s: the awaited message did not come", c.Nick)
		}
	}
}

// Privmsgs returns the next n PRIVMSGs to target, or those that come
// within d if fewer.
func (c *Client) Privmsgs(target string, n int, d time.Duration) []Message {
	var got []Message
	timeout := time.After(d)
	for len(got) < n {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				return got
			}
			if m.Command == "PRIVMSG" && len(m.Params) == 2 && strings.EqualFold(m.Params[0], target) {
				got = append(got, m)
			}
		case <-timeout:
			return got
		}
	}
	return got
}

// Close quits.
func (c *Client) Close() {
	c.Send("QUIT :bye")
	c.conn.Close()
}
