//go:build !linux

package udp

import "net"

// sendTTL sends dg to addr; off Linux, always with the system's time to
// live.
func sendTTL(conn *net.UDPConn, dg []byte, addr *net.UDPAddr, _ int) {
	conn.WriteToUDP(dg, addr)
}
