package ui

import (
	"errors"
	"fmt"
	"net"
)

// ErrNotLoopback is CheckAddr's error for an address other machines reach:
// serving there must be asked for (--ui-public, mesh.ui's public).
var ErrNotLoopback = errors.New("not a loopback address")

// CheckAddr checks that addr is HOST:PORT and, unless public, that HOST is
// a loopback address ("localhost", 127.0.0.1, ::1). An empty HOST means
// every interface, so it is not loopback.
func CheckAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad address %q: give HOST:PORT, such as 127.0.0.1:8080", addr)
	}
	if public || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s: %w", addr, ErrNotLoopback)
}
