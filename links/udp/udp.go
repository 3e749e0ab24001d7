// Package udp is the udp link: frames travel as UDP datagrams to the
// subnet broadcast address of an interface, so every meshlua process on
// the LAN with the same link (port and network) joins one segment. Several
// processes on one host share the port. With peers, or a rendezvous, they
// travel instead to peers' addresses, learnt from their traffic and from
// each other, through NATs, anywhere. An optional key authenticates, and
// by default encrypts, every datagram.
package udp

import (
	"cmp"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

func init() {
	links.Register(links.Kind{
		Name:    "udp",
		Options: []string{"port", "iface", "key", "encrypt", "network", "peers", "rendezvous", "keepalive", "max_peers"},
		Open:    open,
	})
}

// DefaultPort is the port of a udp link that does not choose one.
const DefaultPort = 7777

// batch is how many datagrams one system call moves.
const batch = 32

// Config is a udp link's settings.
type Config struct {
	Port    int    // UDP port shared by the segment
	Iface   string // the interface whose subnet is the segment; "" picks one
	Key     string // shared key; "" for none
	Encrypt bool   // with a key: encrypt frames, not only authenticate them
	Network string // the segment's name: datagrams of another are foreign

	// With peers or a rendezvous, datagrams go to peers, not to the
	// broadcast address, and the port is the process's own.
	Peers      []string      // "HOST:PORT" of peers to start from; empty, not nil: none yet
	Rendezvous string        // "HOST:PORT" of a rendezvous to register with
	Serve      bool          // be a rendezvous for others
	Keepalive  time.Duration // the longest a peer goes without a datagram; 0: DefaultKeepalive
	MaxPeers   int           // the most peers it keeps; 0: DefaultMaxPeers
}

// unicast says whether the link sends to peers rather than broadcasting.
// Peers empty but not nil (peers = {}) is a link that others find.
func (c *Config) unicast() bool { return c.Peers != nil || c.Rendezvous != "" || c.Serve }

// Device is a udp link's device.
type Device struct {
	conn    *net.UDPConn
	pc      *ipv4.PacketConn
	dst     *net.UDPAddr
	network uint64
	sender  atomic.Uint64
	seq     atomic.Uint64
	aead    cipher.AEAD
	encrypt bool
	replay  *senders // with a key: the replay window of each sender
	rnonce  [12]byte // the reader's nonce
	wnonce  [12]byte // the writer's
	rmsgs   []ipv4.Message
	wmsgs   []ipv4.Message
	counts  links.Counters
	peers   *peerTable // with peers or a rendezvous; nil when it broadcasts
	out     outbox     // the writer's datagrams to peers
	ctl     *control   // keeps peers in touch; nil when it broadcasts
	born    time.Time  // the peers' times are durations since
}

var _ runtime.Device = (*Device)(nil)

func open(link string, opts map[string]any) (runtime.Device, error) {
	c := Config{Network: link}
	var err error
	if c.Port, err = links.Int(opts, "port", DefaultPort, 1, 65535); err != nil {
		return nil, err
	}
	if c.Iface, err = links.String(opts, "iface", ""); err != nil {
		return nil, err
	}
	if c.Key, err = links.String(opts, "key", ""); err != nil {
		return nil, err
	}
	if c.Encrypt, err = links.Bool(opts, "encrypt", true); err != nil {
		return nil, err
	}
	if c.Network, err = links.String(opts, "network", link); err != nil {
		return nil, err
	}
	if c.Peers, err = links.Strings(opts, "peers"); err != nil {
		return nil, err
	}
	switch v := opts["rendezvous"].(type) {
	case nil:
	case bool:
		c.Serve = v
	case string:
		c.Rendezvous = v
	default:
		return nil, fmt.Errorf(`option rendezvous: want "HOST:PORT" (register with that rendezvous) or true (be one), got %v`, v)
	}
	if c.Keepalive, err = links.Duration(opts, "keepalive", DefaultKeepalive); err != nil {
		return nil, err
	}
	if c.MaxPeers, err = links.Int(opts, "max_peers", DefaultMaxPeers, 1, 1<<16); err != nil {
		return nil, err
	}
	if !c.unicast() {
		for _, k := range []string{"keepalive", "max_peers"} {
			if _, ok := opts[k]; ok {
				return nil, fmt.Errorf("option %s: only a link with peers or a rendezvous takes it", k)
			}
		}
	}
	d, err := Open(c)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return d, nil
}

// Open joins the segment c describes.
func Open(c Config) (*Device, error) {
	var iface *net.Interface
	var bcast net.IP
	var err error
	var starts []*peer
	if c.unicast() {
		if starts, err = c.startingPeers(); err != nil {
			return nil, err
		}
		if c.Iface != "" {
			if iface, err = interfaceNamed(c.Iface); err != nil {
				return nil, err
			}
		}
	} else if iface, bcast, err = broadcastAddr(c.Iface); err != nil {
		return nil, err
	}
	conn, err := listen(iface, c.Port, !c.unicast())
	if err != nil {
		return nil, err
	}
	d := &Device{conn: conn, pc: ipv4.NewPacketConn(conn),
		dst: &net.UDPAddr{IP: bcast, Port: c.Port}, encrypt: c.Encrypt, born: time.Now()}
	h := fnv.New64a()
	h.Write([]byte(c.Network))
	d.network = h.Sum64()
	d.newSender()
	if c.Key != "" {
		if d.aead, err = newAEAD(c.Key); err != nil {
			conn.Close()
			return nil, err
		}
		d.replay = newSenders(maxSenders)
	}
	d.rmsgs = make([]ipv4.Message, batch)
	d.wmsgs = make([]ipv4.Message, batch)
	for i := range d.rmsgs {
		d.rmsgs[i].Buffers = [][]byte{make([]byte, headerLen+runtime.MaxFrame+tagLen+1)}
		d.wmsgs[i].Buffers = [][]byte{make([]byte, headerLen+runtime.MaxFrame+tagLen)}
		d.wmsgs[i].Addr = d.dst
	}
	if c.unicast() {
		d.peers = newPeerTable(max(cmp.Or(c.MaxPeers, DefaultMaxPeers), len(starts)+1), c.Serve)
		for _, p := range starts {
			d.peers.addLocked(p)
			if p.rendezvous {
				d.peers.rv = p
			}
		}
		d.out.init()
		d.ctl = startControl(d, cmp.Or(c.Keepalive, DefaultKeepalive))
	}
	return d, nil
}

func (d *Device) newSender() {
	var b [8]byte
	rand.Read(b[:])
	d.sender.Store(binary.BigEndian.Uint64(b[:]))
}

// broadcastAddr finds the interface called name (or the first that is up,
// not loopback and has IPv4) and its subnet broadcast address.
func broadcastAddr(name string) (*net.Interface, net.IP, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil, nil, fmt.Errorf("udp link: listing interfaces: %w", err)
	}
	var names []string
	for i := range ifaces {
		ifc := &ifaces[i]
		names = append(names, ifc.Name)
		if name != "" && ifc.Name != name || name == "" && (ifc.Flags&net.FlagLoopback != 0 || ifc.Flags&net.FlagUp == 0) {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.To4() == nil {
				continue
			}
			ip, mask := ipn.IP.To4(), net.IP(ipn.Mask).To4()
			if mask == nil {
				mask = net.IP(ipn.Mask[len(ipn.Mask)-4:])
			}
			b := make(net.IP, 4)
			for j := range b {
				b[j] = ip[j] | ^mask[j]
			}
			return ifc, b, nil
		}
		if name != "" {
			return nil, nil, fmt.Errorf("udp link: interface %q has no IPv4 address: give it one, or choose another with iface=", name)
		}
	}
	if name != "" {
		return nil, nil, fmt.Errorf("udp link: there is no interface %q (interfaces here: %s)", name, strings.Join(names, ", "))
	}
	return nil, nil, fmt.Errorf("udp link: no interface is up with an IPv4 address; name one with iface= (interfaces here: %s)", strings.Join(names, ", "))
}

// Read returns the frames of the next datagrams of this segment, dropping
// and counting the rest.
func (d *Device) Read(bufs [][]byte, sizes []int, offset int) (int, error) {
	for {
		n, err := d.pc.ReadBatch(d.rmsgs[:min(len(bufs), batch)], 0)
		got, bytes := 0, 0
		var now time.Duration
		if d.peers != nil {
			now = time.Since(d.born)
			d.peers.mu.Lock()
		}
		for i := 0; i < n; i++ {
			m := &d.rmsgs[i]
			h, size, why := d.open(m.Buffers[0][:m.N], bufs[got][offset:])
			if why == nil && d.peers != nil {
				why = d.heardLocked(&h, m, bufs[got][offset:offset+size], now)
			}
			if why != nil {
				r, _ := why.(reject) // always; another error would count as malformed
				d.counts.Reject(runtime.DeviceReason(r))
				continue
			}
			if h.typ != typeFrame {
				continue
			}
			sizes[got] = size
			got++
			bytes += size
		}
		if d.peers != nil {
			d.peers.mu.Unlock()
		}
		d.counts.Rx(got, bytes)
		if got > 0 || err != nil {
			if err != nil && errors.Is(err, net.ErrClosed) {
				err = net.ErrClosed
			}
			return got, err
		}
	}
}

// open checks a datagram and puts its body (a frame, or a control
// message) in dst, or says why not (a reject).
func (d *Device) open(dg, dst []byte) (header, int, error) {
	if len(dg) > headerLen+runtime.MaxFrame+tagLen {
		return header{}, 0, errTruncated // cut by the buffer: larger than any frame
	}
	h, err := parseHeader(dg)
	n, err := d.openBody(h, err, dg, dst)
	return h, n, err
}

// openBody checks the datagram dg whose header is h (err if it did not
// parse) and puts its body in dst.
func (d *Device) openBody(h header, err error, dg, dst []byte) (int, error) {
	switch {
	case err != nil:
		return 0, err
	case h.network != d.network:
		return 0, errForeign
	case h.sender == d.sender.Load():
		return 0, errOwn
	case d.aead == nil && h.flags&flagKeyed != 0, d.aead != nil && h.flags&flagKeyed == 0:
		return 0, errKey
	case h.typ > typeRelay, h.typ != typeFrame && d.peers == nil:
		return 0, errMalformed // a control message is for a link with peers
	}
	body := dg[headerLen:]
	if d.aead != nil {
		if len(body) < tagLen {
			return 0, errMalformed
		}
		if h.flags&flagEncrypted != 0 {
			frame, err := d.aead.Open(dst[:0], nonce(&d.rnonce, &h), body, dg[:headerLen])
			if err != nil {
				return 0, errKey
			}
			body = frame
		} else {
			if _, err := d.aead.Open(nil, nonce(&d.rnonce, &h), body[len(body)-tagLen:], dg[:len(dg)-tagLen]); err != nil {
				return 0, errKey
			}
			body = body[:len(body)-tagLen]
		}
		if err := d.replay.window(h.sender).check(h.sequence); err != nil {
			return 0, err
		}
	}
	if h.typ == typeFrame && len(body) < runtime.HeaderLen || len(body) > runtime.MaxFrame {
		return 0, errMalformed
	}
	return copy(dst, body), nil
}

// Write sends each frame as a datagram to the segment (with peers, to
// each peer it is for: writePeers). A datagram the system refuses counts
// as a write error, and Write goes on with the next; it returns the last
// error.
func (d *Device) Write(bufs [][]byte, offset int) (int, error) {
	if d.peers != nil {
		return d.writePeers(bufs, offset)
	}
	written := 0
	var werr error
	for len(bufs) > 0 {
		n := min(len(bufs), batch)
		for i := 0; i < n; i++ {
			d.wmsgs[i].Buffers[0] = d.seal(d.wmsgs[i].Buffers[0][:cap(d.wmsgs[i].Buffers[0])], bufs[i][offset:])
		}
		sent, err := d.pc.WriteBatch(d.wmsgs[:n], 0)
		sent = max(sent, 0) // -1 with an error
		bytes := 0
		for i := 0; i < sent; i++ {
			bytes += len(bufs[i]) - offset
		}
		written += sent
		bufs = bufs[sent:]
		switch {
		case errors.Is(err, net.ErrClosed):
			d.counts.Tx(sent, bytes, 0)
			return written, net.ErrClosed
		case err != nil || sent == 0: // the first datagram not sent failed
			d.counts.Tx(sent, bytes, 1)
			bufs = bufs[1:]
			if err != nil {
				werr = err
			}
		default: // the rest of a batch the system cut short is sealed again
			d.counts.Tx(sent, bytes, 0)
		}
	}
	return written, werr
}

// seal builds the datagram for frame in buf.
func (d *Device) seal(buf, frame []byte) []byte {
	return d.sealAs(buf, typeFrame, frame, d.encrypt, &d.wnonce)
}

// sealAs builds a datagram of type typ with body in buf, encrypted if
// encrypt and the link has a key, with the nonce buffer of the calling
// goroutine.
func (d *Device) sealAs(buf []byte, typ byte, body []byte, encrypt bool, n *[12]byte) []byte {
	seq := d.seq.Add(1)
	if uint32(seq) == 0 {
		d.newSender() // the nonce's 32-bit counter wrapped
	}
	h := header{typ: typ, network: d.network, sender: d.sender.Load(), sequence: seq}
	if d.aead == nil {
		h.put(buf)
		return buf[:headerLen+copy(buf[headerLen:], body)]
	}
	h.flags = flagKeyed
	if encrypt {
		h.flags |= flagEncrypted
		h.put(buf)
		return d.aead.Seal(buf[:headerLen], nonce(n, &h), body, buf[:headerLen])
	}
	h.put(buf)
	k := headerLen + copy(buf[headerLen:], body)
	return d.aead.Seal(buf[:k], nonce(n, &h), nil, buf[:k])
}

// BatchSize is the most datagrams one call moves.
func (d *Device) BatchSize() int { return batch }

// MTU is the largest payload a datagram carries (IP fragments larger ones
// than the interface's MTU).
func (d *Device) MTU() int { return runtime.MaxFrame - runtime.HeaderLen }

// Stats returns the device's counters.
func (d *Device) Stats() runtime.DeviceStats { return d.counts.Stats() }

// Close leaves the segment, and stops keeping peers in touch.
func (d *Device) Close() error {
	err := d.conn.Close()
	if d.ctl != nil {
		d.ctl.stop()
	}
	return err
}
