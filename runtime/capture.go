package runtime

import (
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
// are the network's time from the Unix epoch. It hands the file whole
// records only, so the file ends on a record boundary at every moment, even
// when the process is killed: a reader then sees fewer frames, never a cut
// one. The first write error stops the capture; Flush and Close return it.
type Pcap struct {
	file *os.File
	buf  []byte // whole records not yet written
	err  error
}

var _ Tap = (*Pcap)(nil)

// pcapBuffer is how many bytes of records a Pcap gathers before it writes.
const pcapBuffer = 64 << 10

// CreatePcap creates (or truncates) path and writes the pcap file header.
func CreatePcap(path string) (*Pcap, error) {
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	c := &Pcap{file: file, buf: make([]byte, 24, pcapBuffer)}
	binary.LittleEndian.PutUint32(c.buf[0:], 0xa1b2c3d4) // magic, microsecond timestamps
	binary.LittleEndian.PutUint16(c.buf[4:], 2)          // version 2.4
	binary.LittleEndian.PutUint16(c.buf[6:], 4)
	binary.LittleEndian.PutUint32(c.buf[16:], 65535) // snap length
	binary.LittleEndian.PutUint32(c.buf[20:], 1)     // LINKTYPE_ETHERNET
	if err := c.Flush(); err != nil {
		file.Close()
		return nil, err
	}
	return c, nil
}

// Tap adds one record, writing out the records before it first if the
// buffer would overflow.
func (c *Pcap) Tap(t time.Duration, f *Frame) {
	if c.err != nil {
		return
	}
	b := f.Bytes()
	if len(c.buf)+16+len(b) > cap(c.buf) && c.Flush() != nil {
		return
	}
	c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(t/time.Second))
	c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32((t%time.Second)/time.Microsecond))
	c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(len(b)))
	c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(len(b)))
	c.buf = append(c.buf, b...)
}

// Flush writes the gathered records to the file.
func (c *Pcap) Flush() error {
	if c.err == nil && len(c.buf) > 0 {
		if _, err := c.file.Write(c.buf); err != nil {
			c.err = fmt.Errorf("capture: %w", err)
		}
		c.buf = c.buf[:0]
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
	if nw.trace != nil {
		if err := nw.trace.Flush(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
