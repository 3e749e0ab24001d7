package udp

import (
	"encoding/binary"
	"net"
)

// A peer list (a datagram of typePeers) tells a peer whom the sender
// knows: at most maxListEntries entries of
//
//	sender id (8) | port (2) | address length (1: 4 or 16) | address
//
// The first entry may be the receiver itself, at the address the sender
// sees it at: that is how a link behind a NAT learns its public address.
const maxListEntries = 32

// maxListLen is the longest peer list.
const maxListLen = maxListEntries * (8 + 2 + 1 + 16)

// appendEntry appends an entry for sender id at addr to a peer list.
func appendEntry(b []byte, id uint64, addr *net.UDPAddr) []byte {
	ip := addr.IP
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	b = binary.BigEndian.AppendUint64(b, id)
	b = binary.BigEndian.AppendUint16(b, uint16(addr.Port))
	b = append(b, byte(len(ip)))
	return append(b, ip...)
}

// parsePeerList checks a peer list, then calls fn with each entry (ip is
// part of b: fn copies it to keep it). It returns errMalformed, without
// calling fn, for a list that is not well formed.
func parsePeerList(b []byte, fn func(id uint64, ip net.IP, port int)) error {
	n := 0
	for rest := b; len(rest) > 0; n++ {
		if len(rest) < 11 || rest[10] != 4 && rest[10] != 16 || len(rest) < 11+int(rest[10]) || n == maxListEntries {
			return errMalformed
		}
		rest = rest[11+int(rest[10]):]
	}
	for len(b) > 0 {
		l := int(b[10])
		fn(binary.BigEndian.Uint64(b), net.IP(b[11:11+l]), int(binary.BigEndian.Uint16(b[8:])))
		b = b[11+l:]
	}
	return nil
}
