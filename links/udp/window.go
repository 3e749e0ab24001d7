package udp

import "github.com/meshlua/meshlua/runtime"

// The anti-replay window of one sender, after RFC 6479 (as WireGuard
// keeps one): a ring of windowBlocks words of 64 bits, a bit per sequence
// number, the highest sequence number seen, and everything up to
// windowSize behind it. A datagram passes only once, and only if it is
// not older than the window: the datagrams a sender sends in one burst
// may arrive in any order within windowSize of each other.
const (
	blockBits    = 64
	windowBlocks = 32                             // a ring of 2048 bits
	windowSize   = (windowBlocks - 1) * blockBits // 1984: how far behind the newest a datagram may arrive
	blockMask    = windowBlocks - 1               // windowBlocks is a power of two
	bitMask      = blockBits - 1                  // blockBits is too
	blockShift   = 6                              // log2(blockBits)
)

// Why the window refuses a datagram.
var (
	errReplayed error = reject(runtime.DevReplayed) // its sequence number came before
	errTooOld   error = reject(runtime.DevTooOld)   // older than the window: a replay, or very late
)

// window is the sequence numbers one sender's datagrams have used.
type window struct {
	newest uint64
	ring   [windowBlocks]uint64
}

// check marks seq as seen, or says why it is refused: errReplayed, or
// errTooOld. Call it only for an authenticated datagram: the tag covers
// the sequence number.
func (w *window) check(seq uint64) error {
	block := seq >> blockShift
	switch {
	case seq > w.newest: // slide forward, clearing the blocks passed over
		current := w.newest >> blockShift
		for i, n := uint64(1), min(block-current, windowBlocks); i <= n; i++ {
			w.ring[(current+i)&blockMask] = 0
		}
		w.newest = seq
	case w.newest-seq > windowSize:
		return errTooOld
	}
	bit := uint64(1) << (seq & bitMask)
	word := &w.ring[block&blockMask]
	if *word&bit != 0 {
		return errReplayed
	}
	*word |= bit
	return nil
}
