// Package capture writes the frames a network's links and nodes carry to
// capture files that Wireshark and tshark read: pcap for one link or node,
// pcapng with one interface per link for a whole network. Files are
// written with gopacket's pcapgo writers and hold whole records at every
// moment; a Limit caps their size.
package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/meshlua/meshlua/runtime"
)

// File is a capture file, pcap or pcapng. Its writer's records gather in a
// buffer that reaches the file in whole records, so the file ends on a
// record boundary at every moment, even when the process is killed: a
// reader then sees fewer frames, never a cut one. The first write error
// stops the capture; Flush and Close return it. A File is a
// runtime.TapSink; its interfaces are the taps.
type File struct {
	path   string
	out    *os.File
	buf    buffer // whole records not yet written to out, and the one being written
	mark   int    // where the record being written starts in buf
	limit  *Limit
	err    error
	closed bool
	pcap   *pcapgo.Writer   // a pcap file's writer, or
	ng     *pcapgo.NgWriter // a pcapng file's, once it has an interface
	isNg   bool
	ifaces []string // a pcapng file's interfaces, in order: a rotated file starts with them
	size   int64    // the bytes in this file, with those in buf
	count  int      // the records in this file
}

var _ runtime.TapSink = (*File)(nil)

// writeAt is how many bytes of records a File gathers before it writes.
const writeAt = 64 << 10

// create creates (or truncates) path for a capture under lim.
func create(path string, ng bool, lim *Limit) (*File, error) {
	out, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	for i := 1; i < lim.Rotate; i++ {
		os.Remove(RotatedName(path, i)) // a rotation's files of an earlier run
	}
	return &File{path: path, out: out, buf: make(buffer, 0, writeAt+runtime.MaxFrame+64), limit: lim, isNg: ng}, nil
}

// Create creates (or truncates) path for a capture of one link or node
// called name, and returns the file and the tap that writes to it. A path
// ending in .pcapng makes a pcapng file with one interface called name;
// any other a pcap file (Ethernet, microsecond timestamps, snap length
// 65535).
func Create(path, name string, lim *Limit) (*File, *Interface, error) {
	if strings.HasSuffix(path, ".pcapng") {
		f, err := CreatePcapng(path, lim)
		if err != nil {
			return nil, nil, err
		}
		return f.started(f.AddInterface(name))
	}
	f, err := create(path, false, lim)
	if err != nil {
		return nil, nil, err
	}
	f.pcapHeader()
	return f.started(&Interface{file: f})
}

// pcapHeader starts a pcap file: its writer and file header.
func (f *File) pcapHeader() {
	f.pcap = pcapgo.NewWriter(&f.buf)
	f.header(f.pcap.WriteFileHeader(65535, layers.LinkTypeEthernet))
}

// started writes out the start of a new file (its headers) and returns
// it with its tap i, or closes it if that failed.
func (f *File) started(i *Interface) (*File, *Interface, error) {
	if err := f.Flush(); err != nil {
		f.out.Close()
		return nil, nil, err
	}
	return f, i, nil
}

// CreatePcapng creates (or truncates) path for a pcapng file whose
// interfaces AddInterface adds.
func CreatePcapng(path string, lim *Limit) (*File, error) {
	return create(path, true, lim)
}

// Path is the file's path.
func (f *File) Path() string { return f.path }

// buffer is where a File's writer writes: its Write never fails.
type buffer []byte

// Write appends p.
func (b *buffer) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

// header counts what the writer has just written outside the records
// (file header, interface descriptions) into the limit.
func (f *File) header(err error) {
	if err == nil && f.ng != nil {
		err = f.ng.Flush()
	}
	if err != nil {
		f.fail(err)
	}
	f.limit.add(len(f.buf) - f.mark)
	f.size += int64(len(f.buf) - f.mark)
	f.mark = len(f.buf)
}

// AddInterface adds an interface called name to a pcapng file and returns
// the tap that writes to it. The file's first interface also starts it
// (its section header); later ones may come between records. A pcap file
// has one interface, which it returns.
func (f *File) AddInterface(name string) *Interface {
	if !f.isNg || f.limit.reached {
		return &Interface{file: f} // a pcap file's one interface, or one nothing is written to
	}
	f.ifaces = append(f.ifaces, name)
	return &Interface{file: f, id: f.addInterface(name)}
}

// addInterface writes the description of interface name and returns its
// number.
func (f *File) addInterface(name string) int {
	intf := pcapgo.NgInterface{Name: name, LinkType: layers.LinkTypeEthernet}
	var id int
	var err error
	if f.ng == nil {
		f.ng, err = pcapgo.NewNgWriterInterface(&f.buf, intf, sectionInfo)
	} else {
		id, err = f.ng.AddInterface(intf)
	}
	f.header(err)
	return id
}

// sectionInfo describes the pcapng section: only the application, so that
// files are the same on every machine.
var sectionInfo = pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "meshlua"}}

// Interface is one interface of a capture file (a pcap file's only one),
// and the tap that writes frames to it.
type Interface struct {
	file *File
	id   int
}

var _ runtime.Tap = (*Interface)(nil)

// Tap writes f as a record stamped with the network time t from the Unix
// epoch.
func (i *Interface) Tap(t time.Duration, f *runtime.Frame) { i.file.record(i.id, t, f.Bytes()) }

// record writes a frame b to interface id, unless the capture has stopped
// or the limit would be passed.
func (f *File) record(id int, t time.Duration, b []byte) {
	if f.err != nil || f.closed || f.limit.reached {
		return
	}
	f.mark = len(f.buf)
	ci := gopacket.CaptureInfo{Timestamp: time.Unix(0, int64(t)), CaptureLength: len(b), Length: len(b), InterfaceIndex: id}
	var err error
	if f.ng != nil {
		if err = f.ng.WritePacket(ci, b); err == nil {
			err = f.ng.Flush()
		}
	} else {
		err = f.pcap.WritePacket(ci, b)
	}
	if err != nil {
		f.fail(err)
		return
	}
	n := len(f.buf) - f.mark
	switch {
	case f.limit.Rotate > 0:
		if f.limit.max > 0 && f.size+int64(n) > f.limit.max && f.count > 0 {
			f.rotate(t)
		}
		f.size += int64(n)
		f.count++
	case !f.limit.take(n, t):
		f.buf = f.buf[:f.mark]
		return
	}
	if len(f.buf) >= writeAt {
		f.Flush()
	}
}

// rotate ends the file before the record being written: the file is
// renamed to the next name of its rotation (each older one moving on
// too, and the oldest removed), and path starts again, with the same
// headers and interfaces, and the record.
func (f *File) rotate(t time.Duration) {
	if !f.limit.rotated {
		f.limit.rotated = true
		if f.limit.Reached != nil {
			f.limit.Reached(t)
		}
	}
	rec := append([]byte(nil), f.buf[f.mark:]...)
	f.buf = f.buf[:f.mark]
	if f.Flush() != nil {
		return
	}
	if err := f.out.Close(); err != nil {
		f.fail(err)
		return
	}
	keep := f.limit.Rotate
	if err := os.Remove(RotatedName(f.path, keep-1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		f.fail(err)
		return
	}
	for i := keep - 2; i >= 0; i-- {
		if err := os.Rename(RotatedName(f.path, i), RotatedName(f.path, i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			f.fail(err)
			return
		}
	}
	out, err := os.Create(f.path)
	if err != nil {
		f.fail(err)
		return
	}
	f.out, f.size, f.count = out, 0, 0
	if f.isNg {
		f.ng = nil
		for _, name := range f.ifaces {
			f.addInterface(name)
		}
	} else {
		f.pcapHeader()
	}
	f.buf = append(f.buf, rec...)
	f.Flush() // the new file is never empty: a reader always finds its headers
}

func (f *File) fail(err error) {
	if f.err == nil {
		f.err = fmt.Errorf("capture: %s: %w", f.path, err)
	}
}

// Flush writes the gathered records to the file.
func (f *File) Flush() error {
	if f.err == nil && len(f.buf) > 0 && !f.closed {
		if _, err := f.out.Write(f.buf); err != nil {
			f.err = fmt.Errorf("capture: %w", err)
		}
	}
	f.buf, f.mark = f.buf[:0], 0
	return f.err
}

// Close flushes and closes the file; closing again returns the same
// error. A pcapng file that never had an interface holds a section header
// only.
func (f *File) Close() error {
	if f.closed {
		return f.err
	}
	if f.isNg && f.ng == nil {
		f.sectionOnly()
	}
	err := f.Flush()
	f.closed = true
	if cerr := f.out.Close(); err == nil && cerr != nil {
		f.err = fmt.Errorf("capture: %w", cerr)
	}
	return f.err
}

// sectionOnly writes a pcapng section header without interfaces: that of
// a writer made with a throwaway interface, taken from its output.
func (f *File) sectionOnly() {
	var b bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&b, pcapgo.NgInterface{LinkType: layers.LinkTypeEthernet}, sectionInfo)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.fail(err)
		return
	}
	shb := b.Bytes()
	f.buf.Write(shb[:binary.LittleEndian.Uint32(shb[4:8])]) // the first block, with its length at 4
	f.header(nil)
}
