//go:build !linux

package linkbench

import "errors"

// RawPair refuses: the ether link's probe needs Linux's AF_PACKET sockets.
func RawPair(a, b string) (tx, rx int, err error) {
	return -1, -1, errors.New("raw sockets need Linux (AF_PACKET)")
}

// TapFD refuses: tap interfaces are made through Linux's /dev/net/tun.
func TapFD(name string) (int, error) {
	return -1, errors.New("tap interfaces need Linux (/dev/net/tun)")
}
