package runtime

import "encoding/binary"

// The kinds of probe frame (the first byte of a ProbeType payload) that
// carry a throughput test (Iperf): the connection request and its answer,
// data segments and their acknowledgements.
const (
	segConnect   = 3
	segAccept    = 4
	segData      = 5
	segAck       = 6
	segHeaderLen = 27 // kind, flow, seq, ack, stamp, mtu
)

// segment is the header of a throughput test's frame: every kind has the
// same fixed header, and a data segment carries Data after it.
type segment struct {
	Kind  byte
	Flow  uint64 // the test's id
	Seq   uint32 // data: the segment's number, from 0
	Ack   uint32 // ack: the next segment expected in order
	Stamp int64  // data and connect: when sent; ack and accept: the stamp answered
	MTU   uint16 // accept: the payload limit of the receiver's port
	Data  []byte // data: the bytes after the header
}

// parseSegment decodes a throughput test's frame payload; ok is false for
// a payload that is not one (another probe kind, or too short).
func parseSegment(b []byte) (s segment, ok bool) {
	if len(b) < segHeaderLen || b[0] < segConnect || b[0] > segAck {
		return s, false
	}
	s.Kind = b[0]
	s.Flow = binary.BigEndian.Uint64(b[1:])
	s.Seq = binary.BigEndian.Uint32(b[9:])
	s.Ack = binary.BigEndian.Uint32(b[13:])
	s.Stamp = int64(binary.BigEndian.Uint64(b[17:]))
	s.MTU = binary.BigEndian.Uint16(b[25:])
	s.Data = b[segHeaderLen:]
	if s.Kind != segData && len(s.Data) > 0 {
		return s, false
	}
	return s, true
}

// putSegment writes s's header into b (at least segHeaderLen long); the
// data, if any, goes after it.
func putSegment(b []byte, s *segment) {
	b[0] = s.Kind
	binary.BigEndian.PutUint64(b[1:], s.Flow)
	binary.BigEndian.PutUint32(b[9:], s.Seq)
	binary.BigEndian.PutUint32(b[13:], s.Ack)
	binary.BigEndian.PutUint64(b[17:], uint64(s.Stamp))
	binary.BigEndian.PutUint16(b[25:], s.MTU)
}

// sendSegment sends s (and dataLen zero bytes of data) from port p of n to
// dst, in a frame from the pool.
func (n *Node) sendSegment(p *Port, dst MAC, s *segment, dataLen int) {
	f := GetFrame(HeaderLen + segHeaderLen + dataLen)
	b := f.Bytes()
	PutHeader(b, dst, p.mac, ProbeType)
	putSegment(b[HeaderLen:], s)
	clear(b[HeaderLen+segHeaderLen:])
	n.Send(p.index, f)
}
