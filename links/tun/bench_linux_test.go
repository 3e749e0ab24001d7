package tun

import (
	"testing"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/links/linkbench"
)

// BenchmarkTapDeviceVsSyscalls sends 64-byte frames between two taps on a
// kernel bridge through the tap devices, then between two other taps on
// the same bridge with one blocking write(2) and one read(2) per frame,
// and reports both rates and the ratio.
func BenchmarkTapDeviceVsSyscalls(b *testing.B) {
	a, c, host := openTapPair(b)
	b.ResetTimer()
	device := linkbench.Device(a, c, b.N, 64)
	a.Close() // the probe's taps are the bridge's only ports
	b.StopTimer()
	var tx, rx int
	var err error
	host.In(1, func() {
		if tx, err = linkbench.TapFD("ptx"); err == nil {
			rx, err = linkbench.TapFD("prx")
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	join(host, "ptx", "prx")
	host.IP(1, "link", "set", "ptx", "up")
	host.IP(1, "link", "set", "prx", "up")
	b.StartTimer()
	probe := linkbench.RawProbe(tx, rx, b.N, 64)
	linkbench.Report(b, device, probe)
}

// BenchmarkTapLatency measures one frame's trip between two taps on a
// kernel bridge.
func BenchmarkTapLatency(b *testing.B) {
	a, c, _ := openTapPair(b)
	devtest.Latency(b, a, c)
}
