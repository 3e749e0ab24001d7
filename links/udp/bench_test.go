package udp

import (
	"testing"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/links/linkbench"
)

// BenchmarkUDPDeviceVsSyscalls sends 64-byte frames through the udp device
// on the loopback interface, and the same number of datagrams of the same
// size through bare sendmmsg/recvmmsg sockets, and reports both rates and
// their ratio.
func BenchmarkUDPDeviceVsSyscalls(b *testing.B) {
	a, c := pair(b, Config{Network: "bench"}, Config{Network: "bench"})
	versusProbe(b, a, c)
}

// versusProbe measures b.N frames from a to c, then the probe, and
// reports both.
func versusProbe(b *testing.B, a, c *Device) {
	b.ResetTimer()
	device := linkbench.Device(a, c, b.N, 64)
	probe, err := linkbench.UDPProbe(b.N, headerLen+64)
	if err != nil {
		b.Fatal(err)
	}
	linkbench.Report(b, device, probe)
}

// BenchmarkUDPLatency measures one frame's trip between two devices.
func BenchmarkUDPLatency(b *testing.B) {
	a, c := pair(b, Config{Network: "lat"}, Config{Network: "lat"})
	devtest.Latency(b, a, c)
}

// BenchmarkUDPPeersVsSyscalls is BenchmarkUDPDeviceVsSyscalls for two
// devices with each other as peers: unicast datagrams on lo.
func BenchmarkUDPPeersVsSyscalls(b *testing.B) {
	pa, pc := freePort(b), freePort(b)
	a, err := Open(Config{Port: pa, Network: "bench", Peers: []string{loopback(pc)}})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	c, err := Open(Config{Port: pc, Network: "bench", Peers: []string{loopback(pa)}})
	if err != nil {
		b.Fatal(err)
	}
	versusProbe(b, a, c)
}
