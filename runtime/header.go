package runtime

import "encoding/binary"

// PutHeader writes an Ethernet header (dst, src, etherType) into the first
// HeaderLen bytes of b, which must hold them.
func PutHeader(b []byte, dst, src MAC, etherType uint16) {
	b = b[:HeaderLen]
	*(*MAC)(b[0:6]) = dst
	*(*MAC)(b[6:12]) = src
	binary.BigEndian.PutUint16(b[12:14], etherType)
}

// Header reads the Ethernet header at the start of b; ok is false, and the
// rest zero, if b is too short to hold one.
func Header(b []byte) (dst, src MAC, etherType uint16, ok bool) {
	if len(b) < HeaderLen {
		return dst, src, 0, false
	}
	return MAC(b[0:6]), MAC(b[6:12]), binary.BigEndian.Uint16(b[12:14]), true
}
