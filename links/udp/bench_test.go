package udp

import (
	"net"
	"strconv"
	"testing"

	"golang.org/x/net/ipv4"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

// BenchmarkUDPDeviceVsSyscalls sends 64-byte frames through the udp device
// on the loopback interface, and the same number of datagrams of the same
// size through bare sendmmsg/recvmmsg sockets, and reports both rates and
// their ratio.
func BenchmarkUDPDeviceVsSyscalls(b *testing.B) {
	const size = 64
	a, c := pair(b, Config{Network: "bench"}, Config{Network: "bench"})
	frame := make([]byte, runtime.Headroom+size)
	frames := make([][]byte, batch)
	for i := range frames {
		frames[i] = frame
	}
	bufs, sizes := make([][]byte, batch), make([]int, batch)
	for i := range bufs {
		bufs[i] = make([]byte, runtime.Headroom+runtime.MaxFrame)
	}
	b.ResetTimer()
	device := devtest.Rate(b.N, batch,
		func(n int) { a.Write(frames[:n], runtime.Headroom) },
		func() int { n, _ := c.Read(bufs, sizes, runtime.Headroom); return n },
		func() { c.Close() })

	port := freePort(b)
	tx, _ := net.ListenPacket("udp4", "127.0.0.1:0")
	rx, _ := net.ListenPacket("udp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	defer tx.Close()
	defer rx.Close()
	for _, c := range []net.PacketConn{tx, rx} { // the same buffers as the device's
		c.(*net.UDPConn).SetReadBuffer(4 << 20)
		c.(*net.UDPConn).SetWriteBuffer(4 << 20)
	}
	ptx, prx := ipv4.NewPacketConn(tx), ipv4.NewPacketConn(rx)
	dst := rx.LocalAddr()
	wmsgs, rmsgs := make([]ipv4.Message, batch), make([]ipv4.Message, batch)
	for i := range wmsgs {
		wmsgs[i] = ipv4.Message{Buffers: [][]byte{make([]byte, headerLen+size)}, Addr: dst}
		rmsgs[i] = ipv4.Message{Buffers: [][]byte{make([]byte, 2048)}}
	}
	probe := devtest.Rate(b.N, batch,
		func(n int) { ptx.WriteBatch(wmsgs[:n], 0) },
		func() int { n, _ := prx.ReadBatch(rmsgs, 0); return n },
		func() { rx.Close() })
	b.StopTimer()
	b.ReportMetric(device, "device-frames/s")
	b.ReportMetric(probe, "probe-frames/s")
	if probe > 0 {
		b.ReportMetric(device/probe, "ratio")
	}
}

// BenchmarkUDPLatency measures one frame's trip between two devices.
func BenchmarkUDPLatency(b *testing.B) {
	a, c := pair(b, Config{Network: "lat"}, Config{Network: "lat"})
	devtest.Latency(b, a, c)
}
