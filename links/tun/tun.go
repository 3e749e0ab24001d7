// Package tun is the tun and tap links: each makes an interface of the
// host kernel, so the kernel's IP stack (ping, sockets, routing) reaches
// the link's nodes. A tap interface carries Ethernet frames as they are. A
// tun interface carries IP packets: the device gives the link each packet
// the kernel sends in an Ethernet frame of its own making, and writes to
// the kernel the IP packets of the frames the nodes send.
package tun

import (
	"fmt"
	"hash/fnv"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync/atomic"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

func init() {
	for _, tap := range []bool{false, true} {
		links.Register(links.Kind{
			Name:    Config{Tap: tap}.kind(),
			Options: []string{"iface", "addr", "mtu"},
			Open: func(link string, opts map[string]any) (runtime.Device, error) {
				return open(link, tap, opts)
			},
		})
	}
}

// Ethertypes of the frames a tun device carries.
const (
	TypeIPv4 = 0x0800
	TypeIPv6 = 0x86dd
)

// minMTU is the smallest MTU the kernel lets an interface carrying IPv4 have.
const minMTU = 68

// batch is the most frames one Read or Write moves.
const batch = 64

// Config is a tun or tap link's settings.
type Config struct {
	Tap   bool   // a tap interface (Ethernet frames); otherwise tun (IP packets)
	Iface string // the interface's name, at most 15 bytes
	// Addr is the host side's IPv4 address and prefix; the zero Prefix
	// leaves the interface without an address.
	Addr netip.Prefix
	MTU  int // the interface's MTU; 0 keeps the kernel's default (1500)
}

// kind is the link kind's name, which starts its errors.
func (c Config) kind() string {
	if c.Tap {
		return "tap"
	}
	return "tun"
}

// Device is a tun or tap link's device.
type Device struct {
	file   *os.File // /dev/net/tun attached to the interface, on Go's netpoller
	closed atomic.Bool
	tap    bool
	mac    runtime.MAC // a tun device's frames' source
	mtu    int
	counts links.Counters
}

var _ runtime.Device = (*Device)(nil)

func open(link string, tap bool, opts map[string]any) (runtime.Device, error) {
	c := Config{Tap: tap}
	var err error
	if c.Iface, err = links.String(opts, "iface", DefaultIface(link)); err != nil {
		return nil, err
	}
	addr, err := links.String(opts, "addr", "")
	if err != nil {
		return nil, err
	}
	if addr != "" {
		if c.Addr, err = netip.ParsePrefix(addr); err != nil || !c.Addr.Addr().Is4() {
			return nil, fmt.Errorf("%s link: option addr: want ADDRESS/PREFIX such as 10.9.0.1/24, got %q", c.kind(), addr)
		}
	}
	if c.MTU, err = links.Int(opts, "mtu", 0, minMTU, runtime.MaxFrame-runtime.HeaderLen); err != nil {
		return nil, err
	}
	d, err := Open(c)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return d, nil
}

// DefaultIface is the interface name of a link called link that does not
// choose one: "ml-" and the link's name, with characters an interface name
// may not have as "_", cut to 15 bytes.
func DefaultIface(link string) string {
	b := []byte("ml-" + link)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b[:min(len(b), 15)])
}

// checkName refuses a name the kernel would refuse for an interface.
func (c Config) checkName() error {
	n := c.Iface
	if n == "" || len(n) > 15 || n == "." || n == ".." || strings.ContainsAny(n, "/: \t\n\x00") {
		return fmt.Errorf("%s link: option iface: want an interface name of 1 to 15 bytes without spaces, / or :, got %q", c.kind(), n)
	}
	return nil
}

// Open makes the interface c describes, gives it c's address and MTU, and
// brings it up. Closing the device removes the interface.
func Open(c Config) (*Device, error) {
	if err := c.checkName(); err != nil {
		return nil, err
	}
	f, err := create(c)
	if err != nil {
		return nil, err
	}
	d := &Device{file: f, tap: c.Tap, mac: tunMAC(c.Iface)}
	if d.mtu, err = configure(c); err != nil {
		f.Close()
		return nil, err
	}
	return d, nil
}

// tunMAC is the source address of the frames a tun device reads from the
// interface called name: 02:74:75 ("tu", locally administered), then the
// last three bytes of the FNV-1a 32-bit hash of the name.
func tunMAC(name string) runtime.MAC {
	h := fnv.New32a()
	h.Write([]byte(name))
	s := h.Sum32()
	return runtime.MAC{0x02, 0x74, 0x75, byte(s >> 16), byte(s >> 8), byte(s)}
}

// header is how much room the device's own Ethernet header takes in front
// of what the kernel gives: 14 bytes on tun, none on tap.
func (d *Device) header() int {
	if d.tap {
		return 0
	}
	return runtime.HeaderLen
}

// Read returns the next frames from the kernel, up to BatchSize per call.
// On tun each IP packet gets a header: broadcast destination, the device's
// MAC as source, and the ethertype of its IP version; a packet of another
// version is counted as malformed and skipped, as is a tap frame shorter
// than an Ethernet header, and one larger than any frame as truncated.
func (d *Device) Read(bufs [][]byte, sizes []int, offset int) (int, error) {
	for {
		n, err := d.readBatch(bufs, sizes, offset+d.header())
		got, bytes := 0, 0
		for i := 0; i < n; i++ {
			size, why, ok := d.frame(bufs[i][offset:], sizes[i])
			if !ok {
				d.counts.Reject(why)
				continue
			}
			if got != i {
				copy(bufs[got][offset:], bufs[i][offset:offset+size])
			}
			sizes[got] = size
			got++
			bytes += size
		}
		d.counts.Rx(got, bytes)
		if got > 0 || err != nil {
			return got, err
		}
	}
}

// frame checks what the kernel gave (n bytes after the header's room in
// buf), writes a tun device's header, and returns the frame's size, or
// why it is not one.
func (d *Device) frame(buf []byte, n int) (int, runtime.DeviceReason, bool) {
	room := min(len(buf), runtime.MaxFrame) - d.header()
	switch {
	case n > room:
		return 0, runtime.DevTruncated, false // larger than any frame
	case d.tap && n < runtime.HeaderLen, n < 1:
		return 0, runtime.DevMalformed, false
	case d.tap:
		return n, 0, true
	}
	var t uint16
	switch buf[runtime.HeaderLen] >> 4 {
	case 4:
		t = TypeIPv4
	case 6:
		t = TypeIPv6
	default:
		return 0, runtime.DevMalformed, false
	}
	runtime.PutHeader(buf, runtime.Broadcast, d.mac, t)
	return runtime.HeaderLen + n, 0, true
}

// packet is what Write gives the kernel for frame: a tap device's frame as
// it is, a tun device's IP packet without its header; false for a frame a
// tun device does not write (not IPv4 or IPv6).
func (d *Device) packet(frame []byte) ([]byte, bool) {
	if d.tap {
		return frame, true
	}
	if len(frame) <= runtime.HeaderLen {
		return nil, false
	}
	_, _, t, _ := runtime.Header(frame)
	return frame[runtime.HeaderLen:], t == TypeIPv4 || t == TypeIPv6
}

// BatchSize is the most frames one call moves.
func (d *Device) BatchSize() int { return batch }

// MTU is the interface's MTU.
func (d *Device) MTU() int { return d.mtu }

// Stats returns the device's counters.
func (d *Device) Stats() runtime.DeviceStats { return d.counts.Stats() }

// Close detaches from the interface, which the kernel then removes; a
// blocked Read returns net.ErrClosed.
func (d *Device) Close() error {
	d.closed.Store(true)
	return d.file.Close()
}

// closedErr turns the file's error after Close into net.ErrClosed, as the
// Device contract says.
func (d *Device) closedErr(err error) error {
	if d.closed.Load() {
		return net.ErrClosed
	}
	return err
}
