//go:build !linux

package ether

import (
	"errors"
	"net"
)

// socket is what an ether link reads and writes through: an AF_PACKET
// socket, which only Linux has.
type socket struct{}

// errNeedsLinux is what opening an ether link says elsewhere.
var errNeedsLinux = errors.New("ether links need Linux (AF_PACKET raw sockets)")

func openSocket(*net.Interface, bool) (*socket, error) { return nil, errNeedsLinux }

func (s *socket) read([][]byte, []int, int) (int, error) { return 0, errNeedsLinux }

func (s *socket) write([][]byte, int) (int, error) { return 0, errNeedsLinux }

func (s *socket) close() error { return nil }
