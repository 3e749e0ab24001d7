package irc

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

func open(link string, opts map[string]any) (runtime.Device, error) {
	c := Config{Channel: DefaultChannel(link), Network: link}
	server, err := links.String(opts, "server", "")
	if err != nil {
		return nil, err
	}
	if c.TLS, err = links.Bool(opts, "tls", false); err != nil {
		return nil, err
	}
	if c.Server, c.TLS, err = parseServer(server, c.TLS); err != nil {
		return nil, err
	}
	for _, o := range []struct {
		key string
		dst *string
	}{{"channel", &c.Channel}, {"nick", &c.Nick}, {"password", &c.Password}, {"key", &c.Key}, {"network", &c.Network}} {
		if *o.dst, err = links.String(opts, o.key, *o.dst); err != nil {
			return nil, err
		}
	}
	if c.LineRate, err = links.Number(opts, "line_rate", DefaultLineRate, 0.01, 1000); err != nil {
		return nil, err
	}
	if c.Burst, err = links.Int(opts, "burst", DefaultBurst, 1, queueLines); err != nil {
		return nil, err
	}
	d, err := Open(c)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return d, nil
}

// parseServer reads the server option: HOST:PORT, HOST, irc://HOST[:PORT]
// or ircs://HOST[:PORT] (TLS). Without a port it is 6697 with TLS, 6667
// without.
func parseServer(s string, useTLS bool) (string, bool, error) {
	if s == "" {
		return "", false, fmt.Errorf(`irc link: option server: name the IRC server, such as server = "irc.example.org:6697" (ircs://irc.example.org for TLS)`)
	}
	hostPort := s
	if rest, ok := strings.CutPrefix(s, "ircs://"); ok {
		hostPort, useTLS = rest, true
	} else if rest, ok := strings.CutPrefix(s, "irc://"); ok {
		hostPort = rest
	}
	hostPort = strings.TrimSuffix(hostPort, "/")
	host, port, err := net.SplitHostPort(hostPort)
	if err != nil && !strings.Contains(hostPort, ":") {
		host, port, err = hostPort, "6667", nil
		if useTLS {
			port = "6697"
		}
	}
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || host == "" || n < 1 || n > 65535 || strings.ContainsAny(host, "/ ") {
		return "", false, fmt.Errorf(`irc link: option server: want HOST:PORT, irc://HOST[:PORT] or ircs://HOST[:PORT] (TLS), such as "irc.example.org:6697"; got %q`, s)
	}
	return net.JoinHostPort(host, port), useTLS, nil
}

// DefaultChannel is the channel of a link called link that does not
// choose one: "#meshlua-" and the link's name, with characters other than
// letters, digits, "-", "_" and "." as "_", cut to 50 bytes.
func DefaultChannel(link string) string {
	b := []byte("#meshlua-" + link)
	for i, c := range b[1:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i+1] = '_'
		}
	}
	return string(b[:min(len(b), 50)])
}

// check refuses settings a server would refuse, saying which option, and
// sets the default Timeout and Nick.
func (c *Config) check() error {
	ch := c.Channel
	if len(ch) < 2 || len(ch) > 50 || ch[0] != '#' && ch[0] != '&' || strings.ContainsAny(ch, " ,:\a\r\n\x00") {
		return fmt.Errorf(`irc link: option channel: want "#" and a name, at most 50 bytes without spaces, commas or colons, such as "#mymesh"; got %q`, ch)
	}
	if c.Nick != "" && !validNick(c.Nick) {
		return fmt.Errorf("irc link: option nick: want 1 to 30 letters, digits or any of -[]\\`_^{|}, not starting with a digit or -; got %q", c.Nick)
	}
	if strings.ContainsAny(c.Password, "\r\n\x00") {
		return fmt.Errorf("irc link: option password: a password cannot hold line breaks or NUL")
	}
	if strings.ContainsAny(c.Key, " ,\r\n\x00") {
		return fmt.Errorf("irc link: option key: a channel key cannot hold spaces, commas, line breaks or NUL")
	}
	if c.Timeout == 0 {
		c.Timeout = 15 * time.Second
	}
	if c.Nick == "" {
		c.Nick = "ml" + randomLetters(7) // kept across reconnections
	}
	if c.LineRate <= 0 || c.Burst < 1 {
		return fmt.Errorf("irc link: options line_rate and burst: want a rate above 0 lines per second and a burst of at least 1 line")
	}
	return nil
}

// validNick says whether s is a nick servers accept (RFC 2812, up to 30
// bytes).
func validNick(s string) bool {
	if len(s) < 1 || len(s) > 30 || s[0] >= '0' && s[0] <= '9' || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-[]\\`_^{|}", c) >= 0) {
			return false
		}
	}
	return true
}
