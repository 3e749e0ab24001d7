package udp

import (
	"errors"

	"golang.org/x/sys/unix"
)

// tieToInterface ties the socket to the interface called name, so it hears
// only that LAN, when the process may (SO_BINDTODEVICE needs CAP_NET_RAW);
// without the privilege the socket hears the port on every interface.
func tieToInterface(fd int, name string) error {
	if err := unix.BindToDevice(fd, name); err != nil && !errors.Is(err, unix.EPERM) {
		return err
	}
	return nil
}
