// Package irc is the irc link: frames travel as text lines in a channel of
// an IRC server, so every meshlua process whose irc link is in the same
// channel of the same server (or network of servers) joins one segment,
// wherever it runs. A frame becomes one or more PRIVMSG lines (wire.go),
// sent under a rate limit servers accept; the lines of each sender are
// joined again on the way in (reassembly.go).
package irc

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"time"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

func init() {
	links.Register(links.Kind{
		Name:    "irc",
		Options: []string{"server", "tls", "channel", "nick", "password", "key", "network", "line_rate", "burst"},
		Open:    open,
	})
}

// The rate limit of a link that does not set one: a burst of 5 lines,
// then 1 line per second, which most servers accept without disconnecting
// the client (those that follow RFC 1459 delay a client that sends more
// than a line every 2 seconds over time).
const (
	DefaultLineRate = 1
	DefaultBurst    = 5
)

const (
	batch      = 16              // frames one Read or Write moves
	queueLines = 64              // lines waiting to be sent; a frame that does not fit is dropped
	rxFrames   = 256             // frames waiting for Read; more are dropped
	flushTime  = 2 * time.Second // how long Close lets queued lines go out
	quitTime   = time.Second     // how long Close waits for the server to end the connection
)

// Config is an irc link's settings.
type Config struct {
	Server string // HOST:PORT of the server
	TLS    bool   // connect with TLS
	// TLSConfig configures TLS; nil verifies the server's certificate
	// against the system's roots and the host in Server.
	TLSConfig *tls.Config
	Channel   string  // the channel that is the segment, "#name"
	Nick      string  // the nick to ask for; "" picks "ml" and 7 random letters and digits
	Password  string  // the server's password; "" for none
	Key       string  // the channel's key; "" for none
	Network   string  // the segment's name: frames of another network in the channel are foreign
	LineRate  float64 // lines per second the device sends, at most
	Burst     int     // lines it may send at once after a pause
	// Timeout is how long connecting, registering and joining may take;
	// 0 is 15 s.
	Timeout time.Duration
}

// Device is an irc link's device.
type Device struct {
	cfg     Config
	network string // the NETWORK field of the lines
	counts  links.Counters
	rx      chan []byte   // frames for Read
	wake    chan struct{} // one token: lines are queued
	closed  chan struct{} // closed when Close begins
	closing sync.Once
	ctx     context.Context // ends with Close: the connection and reconnecting stop
	cancel  context.CancelFunc
	done    chan struct{} // closed when the connection's goroutine ends

	mu     sync.Mutex
	sess   *session // the connection, while in the channel; nil otherwise
	queue  []line   // lines to send, at most queueLines
	nextID uint32   // the next frame's id
	texts  []string // Write's scratch space
}

// line is a line queued for the server.
type line struct {
	text  []byte // "PRIVMSG #channel :...\r\n"
	frame int    // on a frame's last line the frame's length, otherwise 0
}

var _ runtime.Device = (*Device)(nil)

// Open connects to the server, registers and joins the channel c
// describes, and returns once the device is in the channel. If the
// connection drops later, the device connects again, waiting longer after
// each failure (up to 30 s), until Close.
func Open(c Config) (*Device, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	d := &Device{cfg: c, network: networkID(c.Network),
		rx: make(chan []byte, rxFrames), wake: make(chan struct{}, 1),
		closed: make(chan struct{}), done: make(chan struct{}),
		nextID: randomID()}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	s, err := d.connect(d.ctx)
	if err != nil {
		d.cancel()
		return nil, err
	}
	d.sess = s // Write queues from now on
	go d.routineConnection(s)
	return d, nil
}

// Read returns the next frames reassembled from the channel, up to
// len(bufs).
func (d *Device) Read(bufs [][]byte, sizes []int, offset int) (int, error) {
	var f []byte
	select {
	case f = <-d.rx:
	case <-d.closed:
		return 0, net.ErrClosed
	}
	n, bytes := 0, 0
	for f != nil {
		sizes[n] = copy(bufs[n][offset:], f)
		bytes += sizes[n]
		n++
		f = nil
		if n < len(bufs) {
			select {
			case f = <-d.rx:
			default:
			}
		}
	}
	d.counts.Rx(n, bytes)
	return n, nil
}

// deliver hands a reassembled frame to Read, or drops it (busy) if Read is
// that far behind.
func (d *Device) deliver(f []byte) {
	select {
	case d.rx <- f:
	default:
		d.counts.Reject(runtime.DevBusy)
	}
}

// Write queues the frames' lines for the sender and returns how many
// frames it queued, without waiting for the rate limit. A frame is dropped
// and counted when the device is not in the channel (offline) or its lines
// do not fit in the queue (queue_full).
func (d *Device) Write(bufs [][]byte, offset int) (int, error) {
	select {
	case <-d.closed:
		return 0, net.ErrClosed
	default:
	}
	queued := 0
	d.mu.Lock()
	for _, b := range bufs {
		if d.sess == nil {
			d.counts.TxDrop(runtime.DevOffline)
			continue
		}
		frame := b[offset:]
		d.texts = encode(d.texts[:0], d.network, d.nextID, frame, d.sess.part)
		if len(d.queue)+len(d.texts) > queueLines {
			d.counts.TxDrop(runtime.DevQueueFull)
			continue
		}
		d.nextID++
		for i, t := range d.texts {
			l := line{text: []byte("PRIVMSG " + d.cfg.Channel + " :" + t + "\r\n")}
			if i == len(d.texts)-1 {
				l.frame = len(frame)
			}
			d.queue = append(d.queue, l)
		}
		queued++
	}
	clear(d.texts)
	d.mu.Unlock()
	if queued > 0 {
		select {
		case d.wake <- struct{}{}:
		default:
		}
	}
	return queued, nil
}

// BatchSize is the most frames one call moves.
func (d *Device) BatchSize() int { return batch }

// MTU is the largest payload a frame may have: any frame a link carries
// fits in 99 lines.
func (d *Device) MTU() int { return runtime.MaxFrame - runtime.HeaderLen }

// Stats returns the device's counters.
func (d *Device) Stats() runtime.DeviceStats { return d.counts.Stats() }

// Close lets queued lines go out for up to two seconds, leaves the
// channel, quits and stops connecting; a blocked Read returns
// net.ErrClosed.
func (d *Device) Close() error {
	d.closing.Do(func() {
		close(d.closed)
		for deadline := time.Now().Add(flushTime); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			d.mu.Lock()
			waiting := d.sess != nil && len(d.queue) > 0
			d.mu.Unlock()
			if !waiting {
				break
			}
		}
		d.mu.Lock()
		s := d.sess
		d.mu.Unlock()
		if s != nil {
			s.send("PART", d.cfg.Channel, "meshlua link closed")
			s.send("QUIT", "meshlua link closed")
			select {
			case <-d.done:
			case <-time.After(quitTime):
			}
		}
		d.cancel()
		<-d.done
	})
	return nil
}

// isClosed says whether Close has begun.
func (d *Device) isClosed() bool {
	select {
	case <-d.closed:
		return true
	default:
		return false
	}
}
