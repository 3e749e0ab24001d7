package tun

import (
	"errors"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/runtime"
)

// readBatch waits until the kernel has something for the interface, then
// reads packets (tun) or frames (tap) into bufs[i][at:], one read(2) each,
// until none is left or len(bufs) (at most a batch) are read. sizes[i] is
// what read(2) returned: more than the room means the kernel cut it.
func (d *Device) readBatch(bufs [][]byte, sizes []int, at int) (int, error) {
	rc, err := d.file.SyscallConn()
	if err != nil {
		return 0, d.closedErr(err)
	}
	n, most := 0, min(len(bufs), batch)
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		for n < most {
			// Room for a frame of up to MaxFrame bytes from at-header on.
			k, err := unix.Read(int(fd), bufs[n][at:min(len(bufs[n]), at-d.header()+runtime.MaxFrame)])
			switch {
			case errors.Is(err, unix.EAGAIN):
				return n > 0 // nothing yet: wait on the netpoller
			case errors.Is(err, unix.EINTR):
				continue
			case err != nil:
				rerr = err
				return true
			}
			sizes[n] = k
			n++
		}
		return true
	})
	if err != nil {
		return n, d.closedErr(err)
	}
	return n, rerr
}

// Write gives the frames to the kernel, one write(2) each. A tun device
// writes only IPv4 and IPv6 frames, their packets without the header, and
// counts the others (ARP, the mesh's own frames) as dropped, not_ip; a
// frame the kernel refuses counts as a write error.
func (d *Device) Write(bufs [][]byte, offset int) (int, error) {
	rc, err := d.file.SyscallConn()
	if err != nil {
		return 0, d.closedErr(err)
	}
	next, written, bytes, failed := 0, 0, 0, 0
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for next < len(bufs) {
			frame := bufs[next][offset:]
			packet, ok := d.packet(frame)
			if !ok {
				d.counts.TxDrop(runtime.DevNotIP)
				next++
				continue
			}
			_, err := unix.Write(int(fd), packet)
			switch {
			case errors.Is(err, unix.EAGAIN):
				return false
			case errors.Is(err, unix.EINTR):
				continue
			case err != nil:
				werr = err
				failed++
			default:
				written++
				bytes += len(frame)
			}
			next++
		}
		return true
	})
	d.counts.Tx(written, bytes, failed)
	if err != nil {
		return written, d.closedErr(err)
	}
	return written, werr
}
