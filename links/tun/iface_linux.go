package tun

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"

	"github.com/songgao/water"
	"golang.org/x/sys/unix"
)

// create makes the interface c names with water and returns its file,
// non-blocking on Go's netpoller. It checks first what water would fail on
// without closing its file: a missing /dev/net/tun, missing privileges, a
// name taken.
func create(c Config) (*os.File, error) {
	kind, name := c.kind(), c.Iface
	if _, err := os.Stat("/dev/net/tun"); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s link: there is no /dev/net/tun: load the tun module (modprobe tun), or give a container the device (--device /dev/net/tun)", kind)
	}
	if !netAdmin() {
		return nil, permissionErr(kind)
	}
	if _, err := net.InterfaceByName(name); err == nil {
		return nil, fmt.Errorf("%s link: interface %q already exists; choose another name with iface=, or remove it (ip link del %s)", kind, name, name)
	}
	t := water.DeviceType(water.TUN)
	if c.Tap {
		t = water.TAP
	}
	ifce, err := water.New(water.Config{DeviceType: t, PlatformSpecificParams: water.PlatformSpecificParams{Name: name}})
	switch {
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.EACCES):
		return nil, permissionErr(kind)
	case errors.Is(err, unix.EBUSY), errors.Is(err, unix.EEXIST):
		return nil, fmt.Errorf("%s link: interface %q is taken; choose another name with iface=", kind, name)
	case err != nil:
		return nil, fmt.Errorf("%s link: making interface %q: %w", kind, name, err)
	}
	f, ok := ifce.ReadWriteCloser.(*os.File)
	if !ok {
		ifce.Close()
		return nil, fmt.Errorf("%s link: water gave a %T, not a file", kind, ifce.ReadWriteCloser)
	}
	return pollable(f, kind+":"+name)
}

func permissionErr(kind string) error {
	return fmt.Errorf("%s link: making an interface needs root or CAP_NET_ADMIN: run meshlua as root, or give it the capability (setcap cap_net_admin+ep meshlua)", kind)
}

// netAdmin reports whether the process has CAP_NET_ADMIN (true when it
// cannot tell: the kernel decides then).
func netAdmin() bool {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return true
	}
	return data[0].Effective&(1<<unix.CAP_NET_ADMIN) != 0
}

// pollable returns a duplicate of f's descriptor, close-on-exec and
// non-blocking, as a file on Go's netpoller (whose Close ends a blocked
// read), and closes f. Whether water opened the device blocking depends on
// its version and build; this does not.
func pollable(f *os.File, name string) (*os.File, error) {
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd, derr := -1, error(nil)
	if err := rc.Control(func(raw uintptr) { fd, derr = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, fmt.Errorf("%s: duplicating the descriptor: %w", name, derr)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("%s: making it non-blocking: %w", name, err)
	}
	return os.NewFile(uintptr(fd), name), nil
}

// configure gives the interface c's address and MTU, brings it up, and
// returns its MTU, with ioctls on a socket (no ip command).
func configure(c Config) (int, error) {
	fail := func(what string, err error) (int, error) {
		return 0, fmt.Errorf("%s link: %s of %s: %w", c.kind(), what, c.Iface, err)
	}
	s, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fail("opening a socket to set up", err)
	}
	defer unix.Close(s)
	ifr, err := unix.NewIfreq(c.Iface)
	if err != nil {
		return fail("naming", err)
	}
	if c.Addr.IsValid() {
		if err := ifr.SetInet4Addr(c.Addr.Addr().AsSlice()); err != nil {
			return fail("setting the address", err)
		}
		if err := unix.IoctlIfreq(s, unix.SIOCSIFADDR, ifr); err != nil {
			return fail("setting the address", err)
		}
		if err := ifr.SetInet4Addr(net.CIDRMask(c.Addr.Bits(), 32)); err != nil {
			return fail("setting the netmask", err)
		}
		if err := unix.IoctlIfreq(s, unix.SIOCSIFNETMASK, ifr); err != nil {
			return fail("setting the netmask", err)
		}
	}
	if c.MTU > 0 {
		ifr.SetUint32(uint32(c.MTU))
		if err := unix.IoctlIfreq(s, unix.SIOCSIFMTU, ifr); err != nil {
			return fail("setting the MTU", err)
		}
	}
	if err := unix.IoctlIfreq(s, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fail("reading the flags", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(s, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fail("bringing up", err)
	}
	if err := unix.IoctlIfreq(s, unix.SIOCGIFMTU, ifr); err != nil {
		return fail("reading the MTU", err)
	}
	return int(ifr.Uint32()), nil
}
