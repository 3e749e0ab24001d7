package runtime

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Device joins a link to the world outside the process: meshlua processes
// on a LAN (udp), a host interface (ether), the host kernel (tun, tap). Its
// methods may be called from different goroutines, but Read from one at a
// time and Write from one at a time.
type Device interface {
	// Read reads up to len(bufs) frames: frame i goes to bufs[i][offset:]
	// and its length to sizes[i]. It blocks until at least one frame has
	// arrived and returns how many. Input the driver rejects (malformed,
	// foreign, unauthenticated) is counted in Stats and never returned.
	// After Close, Read returns net.ErrClosed.
	Read(bufs [][]byte, sizes []int, offset int) (int, error)
	// Write writes the frames bufs[i][offset:] and returns how many it
	// wrote. A frame it does not send is counted in Stats, as a transmit
	// drop by reason or, if the system refused it, a write error; Write
	// goes on with the next frame and returns the error, if any, with the
	// count. After Close, Write returns net.ErrClosed.
	Write(bufs [][]byte, offset int) (int, error)
	// BatchSize is the most frames one Read or Write handles.
	BatchSize() int
	// MTU is the largest payload (frame minus Ethernet header) it carries.
	MTU() int
	// Stats returns the device's counters.
	Stats() DeviceStats
	// Close releases the device; a blocked Read returns.
	Close() error
}

// DeviceStats are a device's counters. Every frame the link hands a
// device is written (TxFrames), refused by the system (TxErrors) or
// dropped (TxDropped); every frame it reads is returned (RxFrames) or
// refused (Rejected).
type DeviceStats struct {
	RxFrames, RxBytes uint64
	TxFrames, TxBytes uint64
	TxErrors          uint64      // frames the system refused to send
	Rejected          DeviceDrops // input refused, by an rx reason
	TxDropped         DeviceDrops // frames not sent, by a tx reason
}

// txQueueLen is how many frames may wait for a device's writer before the
// switch drops (device_busy) rather than wait.
const txQueueLen = 1024

// rxQueueLen is how many frames a device's reader may have handed to the
// scheduler that have not entered the link yet. While the network is held
// (a script holds it, or a round runs long) the reader drops more, counted
// as busy in the device's rejected input, rather than queue them.
const rxQueueLen = 1024

// devicePort is a link's port to a device: frames the link delivers to it
// are queued for a writer goroutine, and frames the device reads enter the
// link as if sent from it, as events at the time they arrive.
type devicePort struct {
	dev     Device
	link    *Link
	port    *Port
	rt      *Realtime
	txq     writerQueue
	wg      sync.WaitGroup // the reader
	written chan struct{}  // closed when the writer has written all it had
	busy    atomic.Uint64  // frames dropped because the writer was behind
	waiting atomic.Int64   // frames read and not yet on the link
	rxBusy  atomic.Uint64  // frames read and dropped because rxQueueLen waited
	werr    writeErrors    // write errors not yet in the network's log
}

// writeReportEvery is how often at most a device's write errors go to the
// network's log: the first at once, then, at most this often, the first
// since the last report and how many more failed writes came with it.
const writeReportEvery = time.Second

// writeErrors gathers a device's write errors between two reports.
type writeErrors struct {
	mu       sync.Mutex
	first    error         // the first error not yet reported; nil if none
	more     uint64        // failed writes since, after first
	posted   bool          // a report is on its way to the scheduler
	reported bool          // a report has been made
	last     time.Duration // when the last report was made
}

// writerQueue hands frames to a device's writer a batch at a time: the switch
// appends under a lock and wakes the writer only when the queue was empty;
// the writer takes everything queued in one swap.
type writerQueue struct {
	mu     sync.Mutex
	frames []*Frame
	closed bool
	wake   chan struct{} // one token: there is something to take
}

// put queues f, or reports false if the queue is full or closed.
func (q *writerQueue) put(f *Frame) bool {
	q.mu.Lock()
	if q.closed || len(q.frames) >= txQueueLen {
		q.mu.Unlock()
		return false
	}
	q.frames = append(q.frames, f)
	first := len(q.frames) == 1
	q.mu.Unlock()
	if first {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
	return true
}

// take waits for frames and swaps them for spare, an empty slice; it
// returns nil once the queue is closed and empty.
func (q *writerQueue) take(spare []*Frame) []*Frame {
	for {
		q.mu.Lock()
		if len(q.frames) > 0 {
			got := q.frames
			q.frames = spare
			q.mu.Unlock()
			return got
		}
		if q.closed {
			q.mu.Unlock()
			return nil
		}
		q.mu.Unlock()
		<-q.wake
	}
}

// close lets the writer finish what is queued and stop.
func (q *writerQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// AttachDevice joins dev to l. The network must run in real time.
func (nw *Network) AttachDevice(l *Link, dev Device) error {
	rt, ok := nw.sched.(*Realtime)
	if !ok {
		return errors.New("a device needs the network in real time")
	}
	if l.dev != nil {
		return fmt.Errorf("link %s already has a device", l.name)
	}
	dp := &devicePort{dev: dev, link: l, rt: rt, written: make(chan struct{}),
		port: &Port{index: 0, mac: Broadcast}}
	dp.txq.frames = make([]*Frame, 0, txQueueLen)
	dp.txq.wake = make(chan struct{}, 1)
	dp.port.link = l
	dp.port.txq.resize(l.imp.queueSlots())
	l.dev = dp
	dp.wg.Add(1)
	go dp.routineReader()
	go dp.routineWriter()
	return nil
}

// Device returns the device joined to l, or nil.
func (l *Link) Device() Device {
	if l.dev == nil {
		return nil
	}
	return l.dev.dev
}

// DeviceBusy is how many frames for l's devices, the one it has and those
// it had, were dropped because the device's writer was behind.
func (l *Link) DeviceBusy() uint64 {
	if l.dev == nil {
		return l.devBusy
	}
	return l.devBusy + l.dev.busy.Load()
}

// DeviceStats returns the counters of l's device, with the runtime's own
// drops as busy: frames read and dropped because rxQueueLen waited for
// the network in Rejected, and copies dropped because the writer was
// txQueueLen behind in TxDropped.
func (l *Link) DeviceStats() DeviceStats {
	if l.dev == nil {
		return DeviceStats{}
	}
	s := l.dev.dev.Stats()
	s.Rejected[DevBusy] += l.dev.rxBusy.Load()
	s.TxDropped[DevBusy] += l.dev.busy.Load()
	return s
}

// routineReader reads batches from the device and posts each frame to the
// scheduler as an event now, as long as fewer than rxQueueLen wait.
func (dp *devicePort) routineReader() {
	l := dp.link
	defer dp.wg.Done()
	n := max(dp.dev.BatchSize(), 1)
	bufs := make([][]byte, n)
	sizes := make([]int, n)
	for i := range bufs {
		bufs[i] = make([]byte, Headroom+MaxFrame)
	}
	events := make([]Event, 0, n)
	for {
		got, err := dp.dev.Read(bufs, sizes, Headroom)
		events = events[:0]
		for i := 0; i < got; i++ {
			if dp.waiting.Load() >= rxQueueLen {
				dp.rxBusy.Add(1)
				continue
			}
			f := GetFrame(sizes[i])
			if f == nil {
				continue // larger than any frame: the driver should not return it
			}
			copy(f.Bytes(), bufs[i][Headroom:Headroom+sizes[i]])
			dp.waiting.Add(1)
			events = append(events, Event{H: (*deviceIngress)(dp), Frame: f, Port: dp.port})
		}
		dp.rt.Post(events...)
		clear(events)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				dp.rt.Hold()
				l.net.Logf(l.name, "device: read: %v", err)
				dp.rt.Release()
			}
			return
		}
	}
}

// deviceIngress takes a frame from the device onto its link.
type deviceIngress devicePort

// Handle sends the frame from the device's port onto the link, as of when
// the device read it, unless the device has left it.
func (d *deviceIngress) Handle(ev Event) {
	dp := (*devicePort)(d)
	dp.waiting.Add(-1)
	l := dp.link
	if l.removed || l.dev != dp {
		l.stats.Offered++
		l.drop(DropLinkRemoved, ev.Port, ev.Frame)
		return
	}
	l.transmit(ev.Port, ev.Frame, ev.At)
}

// send queues a copy of f for the device, or drops it if the writer is
// behind.
func (dp *devicePort) send(f *Frame) {
	g := f.Clone()
	if !dp.txq.put(g) {
		PutFrame(g)
		dp.busy.Add(1)
	}
}

// routineWriter writes queued frames to the device in batches.
func (dp *devicePort) routineWriter() {
	defer close(dp.written)
	n := max(dp.dev.BatchSize(), 1)
	spare := make([]*Frame, 0, txQueueLen)
	bufs := make([][]byte, 0, n)
	for {
		frames := dp.txq.take(spare)
		if frames == nil {
			return
		}
		for len(frames) > 0 {
			k := min(n, len(frames))
			bufs = bufs[:0]
			for _, g := range frames[:k] {
				bufs = append(bufs, g.buf[:Headroom+g.n])
			}
			if _, err := dp.dev.Write(bufs, Headroom); err != nil && !errors.Is(err, net.ErrClosed) {
				dp.writeFailed(err)
			}
			putFrames(frames[:k])
			frames = frames[k:]
		}
		spare = frames[:0:cap(frames)]
	}
}

// writeFailed keeps err for the network's log, and has a report made now
// if none was made yet, or else once writeReportEvery has passed since the
// last.
func (dp *devicePort) writeFailed(err error) {
	w := &dp.werr
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first == nil {
		w.first = err
	} else {
		w.more++
	}
	if w.posted {
		return
	}
	w.posted = true
	var at time.Duration // now
	if w.reported {
		at = max(dp.rt.wallNow(), w.last+writeReportEvery)
	}
	dp.rt.Post(Event{At: at, H: (*writeReport)(dp)})
}

// writeReport puts a device's write errors in the network's log.
type writeReport devicePort

// Handle reports the write errors gathered since the last report.
func (r *writeReport) Handle(Event) { (*devicePort)(r).report() }

// report logs the first write error since the last report and how many
// more came, if any did; the caller holds the scheduler.
func (dp *devicePort) report() {
	w := &dp.werr
	w.mu.Lock()
	first, more := w.first, w.more
	w.first, w.more, w.posted = nil, 0, false
	if first != nil {
		w.reported, w.last = true, dp.rt.Now()
	}
	w.mu.Unlock()
	switch {
	case first == nil:
	case more == 0:
		dp.link.net.Logf(dp.link.name, "device: write: %v", first)
	default:
		dp.link.net.Logf(dp.link.name, "device: write: %v (and %d more)", first, more)
	}
}

// detach writes out what is queued for the device, closes it and waits for
// its goroutines. The caller holds the scheduler, which detach releases
// while it waits.
func (dp *devicePort) detach(l *Link) {
	l.dev = nil
	l.devBusy += dp.busy.Load() // no frame reaches dp any more
	l.table.forget(dp.port)
	dp.port.link = nil
	dp.txq.close()
	dp.rt.Release()
	<-dp.written
	err := dp.dev.Close()
	dp.wg.Wait()
	dp.rt.Hold()
	dp.report() // write errors since the last report
	if err != nil {
		l.net.Logf(l.name, "closing its device: %v", err)
	}
}
