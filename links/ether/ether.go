// Package ether is the ether link: frames go onto a host interface as they
// are, with the nodes' addresses, and frames from the wire enter the
// segment. It uses an AF_PACKET raw socket on Go's netpoller, reading and
// writing up to 64 frames per system call (recvmmsg, sendmmsg).
package ether

import (
	"fmt"
	"net"
	"strings"

	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

func init() {
	links.Register(links.Kind{
		Name:    "ether",
		Options: []string{"iface", "traffic"},
		Open:    open,
	})
}

// Config is an ether link's settings.
type Config struct {
	Iface string // the host interface
	// All takes every frame on the interface (and puts it in promiscuous
	// mode); otherwise only the mesh's own ethertypes are taken and the
	// rest of the interface's traffic is ignored (counted as other_traffic).
	All bool
}

// Device is an ether link's device.
type Device struct {
	sock   *socket
	all    bool
	mtu    int
	counts links.Counters
}

var _ runtime.Device = (*Device)(nil)

func open(_ string, opts map[string]any) (runtime.Device, error) {
	var c Config
	var err error
	if c.Iface, err = links.String(opts, "iface", ""); err != nil {
		return nil, err
	}
	if c.Iface == "" {
		return nil, fmt.Errorf("ether link: name the host interface with iface=")
	}
	traffic, err := links.String(opts, "traffic", "mesh")
	if err != nil {
		return nil, err
	}
	switch traffic {
	case "mesh":
	case "all":
		c.All = true
	default:
		return nil, fmt.Errorf(`ether link: option traffic: want "mesh" (the mesh's frames only) or "all" (every frame on the interface), got %q`, traffic)
	}
	d, err := Open(c)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return d, nil
}

// Open attaches to the interface c names.
func Open(c Config) (*Device, error) {
	ifi, err := net.InterfaceByName(c.Iface)
	if err != nil {
		var names []string
		all, _ := net.Interfaces()
		for _, i := range all {
			names = append(names, i.Name)
		}
		return nil, fmt.Errorf("ether link: there is no interface %q (interfaces here: %s)", c.Iface, strings.Join(names, ", "))
	}
	if ifi.Flags&net.FlagUp == 0 {
		return nil, fmt.Errorf("ether link: interface %q is down; bring it up (ip link set %s up)", c.Iface, c.Iface)
	}
	s, err := openSocket(ifi, c.All)
	if err != nil {
		return nil, err
	}
	return &Device{sock: s, all: c.All, mtu: ifi.MTU}, nil
}

// Read returns the next frames from the wire; a frame larger than its
// buffer (truncated), shorter than a header (malformed) or, with traffic
// "mesh", of another ethertype (other_traffic) is counted and skipped.
func (d *Device) Read(bufs [][]byte, sizes []int, offset int) (int, error) {
	for {
		n, err := d.sock.read(bufs, sizes, offset)
		got, bytes := 0, 0
		for i := 0; i < n; i++ {
			if why, ok := d.check(bufs[i][offset:], sizes[i]); !ok {
				d.counts.Reject(why)
				continue
			}
			if got != i {
				copy(bufs[got][offset:], bufs[i][offset:offset+sizes[i]])
				sizes[got] = sizes[i]
			}
			got++
			bytes += sizes[i]
		}
		d.counts.Rx(got, bytes)
		if got > 0 || err != nil {
			return got, err
		}
	}
}

// check says whether the frame of size bytes read into buf is one to
// return, or why not.
func (d *Device) check(buf []byte, size int) (runtime.DeviceReason, bool) {
	switch {
	case size > len(buf):
		return runtime.DevTruncated, false
	case size < runtime.HeaderLen:
		return runtime.DevMalformed, false
	case !d.all && !meshType(buf[:size]):
		return runtime.DevOtherTraffic, false
	}
	return 0, true
}

func meshType(frame []byte) bool {
	_, _, t, _ := runtime.Header(frame)
	return t == runtime.EtherType || t == runtime.ProbeType
}

// Write puts the frames on the wire.
func (d *Device) Write(bufs [][]byte, offset int) (int, error) {
	n, err := d.sock.write(bufs, offset)
	bytes := 0
	for _, b := range bufs {
		bytes += len(b) - offset
	}
	d.counts.Tx(n, bytes, len(bufs)-n) // bytes of the frames offered: a failed one is rare
	return n, err
}

// batch is the most frames one system call moves.
const batch = 64

// BatchSize is the most frames one call moves.
func (d *Device) BatchSize() int { return batch }

// MTU is the interface's MTU.
func (d *Device) MTU() int { return d.mtu }

// Stats returns the device's counters.
func (d *Device) Stats() runtime.DeviceStats { return d.counts.Stats() }

// Close detaches from the interface.
func (d *Device) Close() error { return d.sock.close() }
