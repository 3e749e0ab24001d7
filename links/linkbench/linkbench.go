// Package linkbench measures devices: how fast frames cross one, for the
// drivers' Go benchmarks and for meshlua bench.
package linkbench

import (
	"net"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/runtime"
)

// Rate writes n frames with write (k at a time, k <= batch) while read
// takes them, and returns the rate at which frames arrived; frames the
// reader missed (a full buffer) do not count. stop must end read: Rate
// waits up to a second for the reader to end after it.
func Rate(n, batch int, write func(k int), read func() int, stop func()) float64 {
	var got, last atomic.Int64
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for got.Load() < int64(n) {
			k := read()
			if k <= 0 {
				return
			}
			got.Add(int64(k))
			last.Store(int64(time.Since(start)))
		}
	}()
	for sent := 0; sent < n; sent += batch {
		write(min(batch, n-sent))
	}
	for before := int64(-1); got.Load() < int64(n) && got.Load() != before; {
		before = got.Load()
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	if last.Load() == 0 {
		return 0
	}
	return float64(got.Load()) / time.Duration(last.Load()).Seconds()
}

// Device returns the rate at which n frames of size bytes written to a
// arrive at c, which it closes when done.
func Device(a, c runtime.Device, n, size int) float64 {
	batch := max(a.BatchSize(), 1)
	frame := make([]byte, runtime.Headroom+size)
	runtime.PutHeader(frame[runtime.Headroom:], runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType)
	frames := make([][]byte, batch)
	for i := range frames {
		frames[i] = frame
	}
	bufs, sizes := make([][]byte, max(c.BatchSize(), 1)), make([]int, max(c.BatchSize(), 1))
	for i := range bufs {
		bufs[i] = make([]byte, runtime.Headroom+runtime.MaxFrame)
	}
	return Rate(n, batch,
		func(k int) { a.Write(frames[:k], runtime.Headroom) },
		func() int { k, _ := c.Read(bufs, sizes, runtime.Headroom); return k },
		func() { c.Close() })
}

// Report ends b's timer and reports a device's rate beside its probe's,
// and their ratio.
func Report(b *testing.B, device, probe float64) {
	b.StopTimer()
	b.ReportMetric(device, "device-frames/s")
	b.ReportMetric(probe, "probe-frames/s")
	if probe > 0 {
		b.ReportMetric(device/probe, "ratio")
	}
}

// UDPProbe returns the rate at which n datagrams of size bytes cross the
// loopback interface between two bare sockets with sendmmsg and recvmmsg
// in batches of 32: the udp link's path without the link.
func UDPProbe(n, size int) (float64, error) {
	tx, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer tx.Close()
	rx, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer rx.Close()
	for _, c := range []net.PacketConn{tx, rx} { // the same buffers as the device's
		c.(*net.UDPConn).SetReadBuffer(4 << 20)
		c.(*net.UDPConn).SetWriteBuffer(4 << 20)
	}
	const batch = 32
	ptx, prx := ipv4.NewPacketConn(tx), ipv4.NewPacketConn(rx)
	wmsgs, rmsgs := make([]ipv4.Message, batch), make([]ipv4.Message, batch)
	for i := range wmsgs {
		wmsgs[i] = ipv4.Message{Buffers: [][]byte{make([]byte, size)}, Addr: rx.LocalAddr()}
		rmsgs[i] = ipv4.Message{Buffers: [][]byte{make([]byte, 2048)}}
	}
	return Rate(n, batch,
		func(k int) { ptx.WriteBatch(wmsgs[:k], 0) },
		func() int { k, _ := prx.ReadBatch(rmsgs, 0); return k },
		func() { rx.Close() }), nil
}

// RawProbe returns the rate at which n frames of size bytes written to tx
// with one write(2) each arrive at rx with one read(2) each: the ether
// link's path without the link (raw sockets from RawPair), or the tap
// link's (tap descriptors from TapFD). It closes both descriptors.
func RawProbe(tx, rx, n, size int) float64 {
	defer unix.Close(tx)
	defer unix.Close(rx)
	frame := make([]byte, size)
	runtime.PutHeader(frame, runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType)
	buf := make([]byte, 2048)
	var stopped atomic.Bool
	return Rate(n, 64,
		func(k int) {
			for i := 0; i < k; i++ {
				unix.Write(tx, frame)
			}
		},
		func() int {
			if stopped.Load() {
				return 0
			}
			if _, err := unix.Read(rx, buf); err != nil {
				return 0
			}
			return 1
		},
		func() {
			// Closing rx would not end a read(2) waiting for a frame that
			// was lost; one more frame does.
			stopped.Store(true)
			unix.Write(tx, frame)
		})
}
