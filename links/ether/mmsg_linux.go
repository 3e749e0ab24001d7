package ether

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmsghdr is the kernel's struct mmsghdr: a message header and the length
// the call filled in.
type mmsghdr struct {
	hdr unix.Msghdr
	len uint32
	_   [4]byte
}

// mmsgs are the headers and I/O vectors for one recvmmsg or sendmmsg call,
// kept between calls so a batch allocates nothing.
type mmsgs struct {
	hdrs []mmsghdr
	iovs []unix.Iovec
}

func newMmsgs(n int) *mmsgs {
	m := &mmsgs{hdrs: make([]mmsghdr, n), iovs: make([]unix.Iovec, n)}
	for i := range m.hdrs {
		m.hdrs[i].hdr.Iov = &m.iovs[i]
		m.hdrs[i].hdr.Iovlen = 1
	}
	return m
}

// set points message i at b.
func (m *mmsgs) set(i int, b []byte) {
	m.iovs[i].Base = &b[0]
	m.iovs[i].SetLen(len(b))
	m.hdrs[i].len = 0
}

// call makes the system call trap (SYS_RECVMMSG or SYS_SENDMMSG) on fd for
// the first n messages with flags and without blocking, and returns how
// many it handled.
func (m *mmsgs) call(trap uintptr, fd uintptr, n int, flags int) (int, error) {
	r, _, errno := unix.Syscall6(trap, fd, uintptr(unsafe.Pointer(&m.hdrs[0])), uintptr(n), uintptr(flags|unix.MSG_DONTWAIT), 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(r), nil
}
