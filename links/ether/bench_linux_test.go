package ether

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/links/linkbench"
	"github.com/meshlua/meshlua/runtime"
)

// BenchmarkEtherDeviceVsSyscalls sends 64-byte frames over a veth pair
// through the ether device, then through bare AF_PACKET sockets doing one
// sendto and one recvfrom per frame, and reports both rates and the ratio.
func BenchmarkEtherDeviceVsSyscalls(b *testing.B) {
	a, c, pair := openPairIn(b, false)
	b.ResetTimer()
	device := linkbench.Device(a, c, b.N, 64)

	// The probe: the same path with blocking raw sockets, no netpoller.
	var tx, rx int
	pair.In(func() { tx, rx = a.sock.rawFD(b), c.sock.rawFD(b) })
	frame := make([]byte, 64)
	runtime.PutHeader(frame, runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType)
	buf := make([]byte, 2048)
	probe := linkbench.Rate(b.N, 64,
		func(k int) {
			for i := 0; i < k; i++ {
				unix.Sendto(tx, frame, 0, &a.sock.ll)
			}
		},
		func() int {
			_, _, err := unix.Recvfrom(rx, buf, 0)
			if err != nil {
				return 0
			}
			return 1
		},
		func() { unix.Close(rx) })
	linkbench.Report(b, device, probe)
}

// rawFD opens a blocking raw socket on the same interface, for the probe.
func (s *socket) rawFD(b testing.TB) int {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, int(htons(unix.ETH_P_ALL)))
	if err != nil {
		b.Fatal(err)
	}
	if err := unix.Bind(fd, &s.ll); err != nil {
		b.Fatal(err)
	}
	unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1)
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20)
	b.Cleanup(func() { unix.Close(fd) })
	return fd
}

// BenchmarkEtherLatency measures one frame's trip across a veth pair.
func BenchmarkEtherLatency(b *testing.B) {
	a, c := openPair(b, false)
	devtest.Latency(b, a, c)
}
