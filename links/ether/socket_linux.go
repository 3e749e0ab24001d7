package ether

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// socket is an AF_PACKET raw socket bound to one interface, on Go's
// netpoller.
type socket struct {
	file   *os.File
	ll     unix.SockaddrLinklayer
	closed atomic.Bool
	rmsgs  *mmsgs // the reader's, for recvmmsg
	wmsgs  *mmsgs // the writer's, for sendmmsg
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

func openSocket(ifi *net.Interface, promisc bool) (*socket, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
	if errors.Is(err, unix.EPERM) {
		return nil, fmt.Errorf("ether link: raw sockets need root or CAP_NET_RAW: run meshlua as root, or give it the capability (setcap cap_net_raw+ep meshlua)")
	}
	if err != nil {
		return nil, fmt.Errorf("ether link: opening a raw socket: %w", err)
	}
	fail := func(what string, err error) (*socket, error) {
		unix.Close(fd)
		return nil, fmt.Errorf("ether link: %s on %s: %w", what, ifi.Name, err)
	}
	ll := unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifi.Index}
	if err := unix.Bind(fd, &ll); err != nil {
		return fail("binding", err)
	}
	// Our own frames leaving the interface must not come back as input.
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil {
		return fail("ignoring outgoing frames (needs Linux 4.20)", err)
	}
	if promisc {
		mreq := unix.PacketMreq{Ifindex: int32(ifi.Index), Type: unix.PACKET_MR_PROMISC}
		if err := unix.SetsockoptPacketMreq(fd, unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mreq); err != nil {
			return fail("entering promiscuous mode", err)
		}
	}
	return &socket{file: os.NewFile(uintptr(fd), "ether:"+ifi.Name), ll: ll,
		rmsgs: newMmsgs(batch), wmsgs: newMmsgs(batch)}, nil
}

// read waits for frames and reads as many as are ready, up to len(bufs),
// with one recvmmsg per batch. sizes[i] is the frame's length on the
// wire: more than the room in bufs[i][offset:] means the frame was cut.
func (s *socket) read(bufs [][]byte, sizes []int, offset int) (int, error) {
	rc, err := s.file.SyscallConn()
	if err != nil {
		return 0, s.closedErr(err)
	}
	n := min(len(bufs), batch)
	for i := 0; i < n; i++ {
		s.rmsgs.set(i, bufs[i][offset:])
		s.rmsgs.hdrs[i].hdr.Flags = 0
	}
	got := 0
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		// MSG_TRUNC: the length of a frame larger than its buffer is the
		// frame's, not what fitted.
		k, err := s.rmsgs.call(unix.SYS_RECVMMSG, fd, n, unix.MSG_TRUNC)
		if errors.Is(err, unix.EAGAIN) {
			return false
		}
		got, rerr = k, err
		return true
	})
	if err != nil {
		return 0, s.closedErr(err)
	}
	for i := 0; i < got; i++ {
		h := &s.rmsgs.hdrs[i]
		sizes[i] = int(h.len)
		if h.hdr.Flags&unix.MSG_TRUNC != 0 {
			sizes[i] = max(sizes[i], len(bufs[i])-offset+1)
		}
	}
	return got, rerr
}

// write sends the frames with sendmmsg, waiting while the socket's buffer
// is full, and returns how many went out; a frame that fails is skipped.
func (s *socket) write(bufs [][]byte, offset int) (int, error) {
	rc, err := s.file.SyscallConn()
	if err != nil {
		return 0, s.closedErr(err)
	}
	next, written := 0, 0
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for next < len(bufs) {
			n := min(len(bufs)-next, batch)
			for i := 0; i < n; i++ {
				s.wmsgs.set(i, bufs[next+i][offset:])
			}
			k, err := s.wmsgs.call(unix.SYS_SENDMMSG, fd, n, 0)
			switch {
			case errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.ENOBUFS):
				return false
			case err != nil:
				werr = err
				next++ // the first frame of the batch failed: skip it
			default:
				next += k
				written += k
			}
		}
		return true
	})
	if err != nil {
		return written, s.closedErr(err)
	}
	return written, werr
}

func (s *socket) close() error {
	s.closed.Store(true)
	return s.file.Close()
}

// closedErr turns the file's error after close into net.ErrClosed, as the
// Device contract says.
func (s *socket) closedErr(err error) error {
	if s.closed.Load() {
		return net.ErrClosed
	}
	return err
}
