package linkbench

import (
	"net"

	"golang.org/x/sys/unix"
)

// RawPair opens blocking AF_PACKET sockets on interfaces a (to send) and b
// (to receive), for RawProbe.
func RawPair(a, b string) (tx, rx int, err error) {
	open := func(name string) (int, error) {
		ifi, err := net.InterfaceByName(name)
		if err != nil {
			return -1, err
		}
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, int(htons(unix.ETH_P_ALL)))
		if err != nil {
			return -1, err
		}
		if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifi.Index}); err != nil {
			unix.Close(fd)
			return -1, err
		}
		unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1)
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20)
		return fd, nil
	}
	if tx, err = open(a); err != nil {
		return -1, -1, err
	}
	if rx, err = open(b); err != nil {
		unix.Close(tx)
		return -1, -1, err
	}
	return tx, rx, nil
}

// TapFD makes the tap interface called name and returns a blocking
// descriptor attached to it, for RawProbe; closing it removes the
// interface. The interface is down.
func TapFD(name string) (int, error) {
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	ifr, err := unix.NewIfreq(name)
	if err == nil {
		ifr.SetUint16(unix.IFF_TAP | unix.IFF_NO_PI)
		err = unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr)
	}
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }
