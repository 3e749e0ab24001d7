package runtime

import "sync"

const (
	// Headroom is the space kept free in front of every frame, so a device
	// can prepend its own header without copying.
	Headroom = 64
	// HeaderLen is the length of an Ethernet header (dst, src, type).
	HeaderLen = 14
	// MaxFrame is the largest frame a pooled buffer holds: a 9000-byte
	// jumbo payload and its Ethernet header.
	MaxFrame = 9000 + HeaderLen
	// EtherType is the mesh's own ethertype (IEEE local experimental 1),
	// used when a program does not choose one.
	EtherType  = 0x88b5
	tinyFrame  = 192  // a header and a short message: most of a mesh's frames
	smallFrame = 1536 // payload 1500, header, VLAN tag and slack
)

// Frame is one Ethernet frame in a pooled buffer with headroom. A frame is in
// exactly one place at a time; whoever holds it last gives it back with
// PutFrame. A Program's Receive may read a frame but must not keep it after
// returning (Clone it to keep it).
type Frame struct {
	buf []byte // Headroom + capacity
	n   int    // frame length from buf[Headroom]
}

// Frames come in three sizes of buffer, so that short frames, which most
// are, hold little memory while they wait in flight or in queues.
var (
	tinyPool  = framePool{size: tinyFrame}
	smallPool = framePool{size: smallFrame}
	largePool = framePool{size: MaxFrame}
	pools     = [...]*framePool{&tinyPool, &smallPool, &largePool}
)

type framePool struct {
	mu   sync.Mutex
	free []*Frame
	size int
}

func (p *framePool) get() *Frame {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		f := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return f
	}
	p.mu.Unlock()
	return &Frame{buf: make([]byte, Headroom+p.size)}
}

func (p *framePool) put(f *Frame) {
	p.mu.Lock()
	p.free = append(p.free, f)
	p.mu.Unlock()
}

// footprint is the memory a frame in flight holds: its buffer, itself and
// its place in a flight.
func (f *Frame) footprint() int64 { return int64(cap(f.buf)) + 64 }

// GetFrame returns an empty frame from the pool able to hold size bytes, or
// nil if size exceeds MaxFrame.
func GetFrame(size int) *Frame {
	for _, p := range pools {
		if size <= p.size {
			f := p.get()
			f.n = size
			return f
		}
	}
	return nil
}

// PutFrame gives f back to the pool; f must not be used afterwards.
func PutFrame(f *Frame) {
	f.n = 0
	for _, p := range pools {
		if len(f.buf) == Headroom+p.size {
			p.put(f)
			return
		}
	}
}

// putFrames gives frames back to their pools, taking each pool's lock
// once, and clears fs.
func putFrames(fs []*Frame) {
	for _, p := range pools {
		p.mu.Lock()
		for i, f := range fs {
			if f != nil && len(f.buf) == Headroom+p.size {
				f.n = 0
				p.free = append(p.free, f)
				fs[i] = nil
			}
		}
		p.mu.Unlock()
	}
}

// NewFrame takes a frame from the pool and writes an Ethernet header and
// payload into it. It returns nil if the frame would exceed MaxFrame.
func NewFrame(dst, src MAC, etherType uint16, payload []byte) *Frame {
	f := GetFrame(HeaderLen + len(payload))
	if f == nil {
		return nil
	}
	b := f.Bytes()
	PutHeader(b, dst, src, etherType)
	copy(b[HeaderLen:], payload)
	return f
}

// Bytes returns the frame's bytes (header and payload); they may be written
// by the frame's holder.
func (f *Frame) Bytes() []byte { return f.buf[Headroom : Headroom+f.n] }

// Len is the frame's length in bytes.
func (f *Frame) Len() int { return f.n }

// Dst is the destination address; a frame shorter than a header has none.
func (f *Frame) Dst() MAC {
	dst, _, _, _ := Header(f.Bytes())
	return dst
}

// Src is the source address.
func (f *Frame) Src() MAC {
	_, src, _, _ := Header(f.Bytes())
	return src
}

// Type is the ethertype.
func (f *Frame) Type() uint16 {
	_, _, etherType, _ := Header(f.Bytes())
	return etherType
}

// Payload is everything after the Ethernet header.
func (f *Frame) Payload() []byte {
	if f.n < HeaderLen {
		return nil
	}
	return f.buf[Headroom+HeaderLen : Headroom+f.n]
}

// Clone returns a pooled copy of f.
func (f *Frame) Clone() *Frame {
	g := GetFrame(f.n)
	copy(g.Bytes(), f.Bytes())
	return g
}
