package udp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// listen binds port on all addresses, able to broadcast and shared with
// other processes (SO_REUSEPORT) if shared, and tied to iface, if not nil,
// where the system and the process's privileges allow (tieToInterface).
// A link with peers does not share its port: datagrams to it must all
// reach it.
func listen(iface *net.Interface, port int, shared bool) (*net.UDPConn, error) {
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			var opts []int
			if shared {
				opts = []int{unix.SO_REUSEADDR, unix.SO_REUSEPORT, unix.SO_BROADCAST}
			}
			for _, opt := range opts {
				if serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, opt, 1); serr != nil {
					return
				}
			}
			// Room for bursts: the kernel caps these at net.core.[rw]mem_max.
			unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20)
			unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF, 4<<20)
			if iface != nil {
				serr = tieToInterface(int(fd), iface.Name)
			}
		})
		if err != nil {
			return err
		}
		return serr
	}}
	pc, err := lc.ListenPacket(context.Background(), "udp4", fmt.Sprintf("0.0.0.0:%d", port))
	switch {
	case errors.Is(err, unix.EADDRINUSE) && shared:
		return nil, fmt.Errorf("udp link: port %d is in use by a program that does not share it; choose another port=", port)
	case errors.Is(err, unix.EADDRINUSE):
		return nil, fmt.Errorf("udp link: port %d is in use (a link with peers has its port to itself); choose another port=", port)
	case errors.Is(err, unix.EACCES):
		return nil, fmt.Errorf("udp link: port %d needs privileges; choose a port above 1023, or run as root", port)
	case err != nil:
		return nil, fmt.Errorf("udp link: listening on port %d: %w", port, err)
	}
	return pc.(*net.UDPConn), nil
}
