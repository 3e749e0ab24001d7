// Package pipe is an in-memory device: New returns two ends, and what one
// writes the other reads, like a cable between two processes. It is the
// conformance suite's reference and the test double for real drivers.
package pipe

import (
	"errors"
	"net"
	"sync"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

// queueLen is how many frames wait at an end before writes to it drop.
const queueLen = 4096

// End is one end of a pipe.
type End struct {
	in     chan []byte
	peer   *End
	mtu    int
	counts links.Counters
	closed chan struct{}
	once   sync.Once
}

var _ runtime.Device = (*End)(nil)

// New returns the two ends of a pipe carrying payloads of up to mtu bytes.
func New(mtu int) (*End, *End) {
	a := &End{in: make(chan []byte, queueLen), mtu: mtu, closed: make(chan struct{})}
	b := &End{in: make(chan []byte, queueLen), mtu: mtu, closed: make(chan struct{})}
	a.peer, b.peer = b, a
	return a, b
}

// Read waits for frames from the other end.
func (e *End) Read(bufs [][]byte, sizes []int, offset int) (int, error) {
	var first []byte
	select {
	case first = <-e.in:
	case <-e.closed:
		return 0, net.ErrClosed
	}
	n := 0
	for frame := first; ; {
		sizes[n] = copy(bufs[n][offset:], frame)
		e.counts.Rx(1, sizes[n])
		n++
		if n == len(bufs) {
			return n, nil
		}
		select {
		case frame = <-e.in:
		default:
			return n, nil
		}
	}
}

// errTooBig is what Write returns for a frame whose payload exceeds the
// MTU, as a system refuses one larger than an interface's MTU.
var errTooBig = errors.New("pipe: a frame's payload exceeds the MTU")

// Write hands the frames to the other end. A frame whose payload exceeds
// the MTU is a write error (errTooBig); one that finds the other end's
// queue full is dropped as queue_full.
func (e *End) Write(bufs [][]byte, offset int) (int, error) {
	select {
	case <-e.closed:
		return 0, net.ErrClosed
	default:
	}
	n := 0
	var err error
	for _, b := range bufs {
		frame := b[offset:]
		if len(frame)-runtime.HeaderLen > e.mtu {
			e.counts.Tx(0, 0, 1)
			err = errTooBig
			continue
		}
		select {
		case e.peer.in <- append([]byte(nil), frame...):
			n++
			e.counts.Tx(1, len(frame), 0)
		default:
			e.counts.TxDrop(runtime.DevQueueFull)
		}
	}
	return n, err
}

// BatchSize is the most frames one call moves.
func (e *End) BatchSize() int { return 32 }

// MTU is the largest payload the pipe carries.
func (e *End) MTU() int { return e.mtu }

// Stats returns the end's counters.
func (e *End) Stats() runtime.DeviceStats { return e.counts.Stats() }

// Close closes this end; its Read returns net.ErrClosed.
func (e *End) Close() error {
	e.once.Do(func() { close(e.closed) })
	return nil
}
