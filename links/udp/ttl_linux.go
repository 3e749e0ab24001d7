package udp

import (
	"net"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendTTL sends dg to addr, with a time to live of ttl unless it is 0.
func sendTTL(conn *net.UDPConn, dg []byte, addr *net.UDPAddr, ttl int) {
	var oob []byte
	if ttl > 0 && addr.IP.To4() != nil {
		oob = make([]byte, unix.CmsgSpace(4))
		h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
		h.Level, h.Type = unix.IPPROTO_IP, unix.IP_TTL
		h.SetLen(unix.CmsgLen(4))
		*(*int32)(unsafe.Pointer(&oob[unix.CmsgLen(0)])) = int32(ttl)
	}
	conn.WriteMsgUDP(dg, oob, addr)
}
