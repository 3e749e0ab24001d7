package udp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"

	"github.com/meshlua/meshlua/runtime"
)

// A datagram is a header, then its body: an Ethernet frame, or a control
// message (its type says which); in the clear, sealed (encrypted and
// authenticated) or followed by an authentication tag.
//
//	magic "MLUA" | version | flags | type | reserved | network id (8) | sender (8) | sequence (8)
//
// HeaderLen is the length of a datagram's header.
const HeaderLen = headerLen

const (
	headerLen = 32
	version   = 1
	tagLen    = 16

	flagKeyed     = 1 // the datagram carries a tag made with the link's key
	flagEncrypted = 2 // and the frame is encrypted
)

var magic = [4]byte{'M', 'L', 'U', 'A'}

// What a datagram's body is (the header's type).
const (
	typeFrame     = 0 // an Ethernet frame
	typeKeepalive = 1 // nothing: "here I am", to a peer or a rendezvous
	typePeers     = 2 // a peer list (peerlist.go)
	typeRelay     = 3 // a datagram for a rendezvous to pass on (relay.go)
)

// header is a datagram's header.
type header struct {
	flags    byte
	typ      byte
	network  uint64
	sender   uint64
	sequence uint64
}

func (h *header) put(b []byte) {
	copy(b[0:4], magic[:])
	b[4] = version
	b[5] = h.flags
	b[6], b[7] = h.typ, 0
	binary.BigEndian.PutUint64(b[8:], h.network)
	binary.BigEndian.PutUint64(b[16:], h.sender)
	binary.BigEndian.PutUint64(b[24:], h.sequence)
}

// reject is why a datagram is refused: an error that is the reason it is
// counted under.
type reject runtime.DeviceReason

func (r reject) Error() string { return runtime.DeviceReason(r).String() }

// Why a datagram is refused.
var (
	errMalformed   error = reject(runtime.DevMalformed)
	errTruncated   error = reject(runtime.DevTruncated) // larger than the reader's buffer
	errVersion     error = reject(runtime.DevBadVersion)
	errForeign     error = reject(runtime.DevForeignNetwork)
	errOwn         error = reject(runtime.DevOwn)
	errKey         error = reject(runtime.DevBadKey)
	errNoPeer      error = reject(runtime.DevNoPeer)      // a relay to a peer the rendezvous does not know
	errRateLimited error = reject(runtime.DevRateLimited) // a peer list or a new peer too soon
)

func parseHeader(b []byte) (header, error) {
	var h header
	if len(b) < headerLen || [4]byte(b[0:4]) != magic {
		return h, errMalformed
	}
	if b[4] != version {
		return h, errVersion
	}
	h.flags = b[5]
	h.typ = b[6]
	h.network = binary.BigEndian.Uint64(b[8:])
	h.sender = binary.BigEndian.Uint64(b[16:])
	h.sequence = binary.BigEndian.Uint64(b[24:])
	return h, nil
}

// newAEAD derives the link's AES-256-GCM key from its shared key.
func newAEAD(key string) (cipher.AEAD, error) {
	sum := sha256.Sum256([]byte("meshlua udp link key\x00" + key))
	block, err := aes.NewCipher(sum[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// nonce puts in n the sender and the low 32 bits of the sequence, and
// returns it: a sender takes a new random id before its sequence wraps, so
// no nonce repeats. n is the caller's, so that the nonce, which the AEAD
// interface would make escape, costs no allocation.
func nonce(n *[12]byte, h *header) []byte {
	binary.BigEndian.PutUint64(n[0:], h.sender)
	binary.BigEndian.PutUint32(n[8:], uint32(h.sequence))
	return n[:]
}
