package runtime

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"time"
)

// Tap sees frames crossing a link (as they go onto it) or a node (as it sends
// and receives them). It must not keep f.
type Tap interface {
	Tap(t time.Duration, f *Frame)
	// Flush writes out what is buffered.
	Flush() error
	// Close flushes and releases the tap.
	Close() error
}

// Pcap is a Tap writing a pcap file (Ethernet link type) whose timestamps
// are the network's time from the Unix epoch.
type Pcap struct {
	file *os.File
	w    *bufio.Writer
	hdr  [16]byte
	err  error
}

var _ Tap = (*Pcap)(nil)

// CreatePcap creates (or truncates) path and writes the pcap file header.
func CreatePcap(path string) (*Pcap, error) {
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	c := &Pcap{file: file, w: bufio.NewWriterSize(file, 64<<10)}
	var h [24]byte
	binary.LittleEndian.PutUint32(h[0:], 0xa1b2c3d4) // magic, microsecond timestamps
	binary.LittleEndian.PutUint16(h[4:], 2)          // version 2.4
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], 65535) // snap length
	binary.LittleEndian.PutUint32(h[20:], 1)     // LINKTYPE_ETHERNET
	c.w.Write(h[:])
	return c, c.Flush()
}

// Tap writes one record.
func (c *Pcap) Tap(t time.Duration, f *Frame) {
	if c.err != nil {
		return
	}
	b := f.Bytes()
	binary.LittleEndian.PutUint32(c.hdr[0:], uint32(t/time.Second))
	binary.LittleEndian.PutUint32(c.hdr[4:], uint32((t%time.Second)/time.Microsecond))
	binary.LittleEndian.PutUint32(c.hdr[8:], uint32(len(b)))
	binary.LittleEndian.PutUint32(c.hdr[12:], uint32(len(b)))
	c.w.Write(c.hdr[:])
	_, c.err = c.w.Write(b)
}

// Flush writes buffered records to the file.
func (c *Pcap) Flush() error {
	if c.err == nil {
		c.err = c.w.Flush()
	}
	return c.err
}

// Close flushes and closes the file.
func (c *Pcap) Close() error {
	err := c.Flush()
	if cerr := c.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// TapLink adds t to the frames going onto l.
func (nw *Network) TapLink(l *Link, t Tap) { l.taps = append(l.taps, t); nw.addTap(t) }

// TapNode adds t to the frames n sends and receives.
func (nw *Network) TapNode(n *Node, t Tap) { n.taps = append(n.taps, t); nw.addTap(t) }

func (nw *Network) addTap(t Tap) {
	for _, u := range nw.taps {
		if u == t {
			return
		}
	}
	nw.taps = append(nw.taps, t)
}

// Flush flushes every tap, so capture files are complete up to now.
func (nw *Network) Flush() error {
	var first error
	for _, t := range nw.taps {
		if err := t.Flush(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
