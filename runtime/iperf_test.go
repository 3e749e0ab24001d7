package runtime

import (
	"math"
	"testing"
	"time"
)

// iperfOver runs a throughput test of d from a to b over one link with im,
// through a relay node (so the path has two hops, the second clean), and
// returns its statistics and the bits per second the receiver got.
func iperfOver(t *testing.T, seed uint64, im Impairments, d time.Duration) (FlowStats, float64) {
	t.Helper()
	nw := newNet(t, seed)
	l1 := mustLink(t, nw, "l1", im)
	l2 := mustLink(t, nw, "l2", Impairments{})
	a := mustNode(t, nw, "a", &Sink{}, l1)
	mustNode(t, nw, "r", Relay{}, l1, l2)
	b := mustNode(t, nw, "b", &Sink{}, l2)
	fl, err := nw.Iperf(a, b, IperfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for !fl.Stats().Connected {
		if err := nw.Run(time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	start := fl.Stats().Received
	if err := nw.Run(d); err != nil {
		t.Fatal(err)
	}
	st := fl.Stats()
	fl.Close()
	checkBalance(t, nw)
	return st, float64(st.Received-start) * 8 / d.Seconds()
}

func TestIperfFillsARateLimitedLink(t *testing.T) {
	st, bps := iperfOver(t, 1, Impairments{Rate: 10_000_000, Delay: 5 * time.Millisecond}, 10*time.Second)
	// the link carries whole frames: the data is mss of every frame's bytes
	want := 10e6 * float64(st.MSS) / float64(st.MSS+segHeaderLen+HeaderLen)
	t.Logf("%.3f Mbit/s of %.3f, lost %d, rtt %v (min %v), cwnd %.1f", bps/1e6, want/1e6, st.Lost, st.RTT, st.RTTMin, st.Cwnd)
	if bps < 0.9*want || bps > want {
		t.Errorf("throughput %.3f Mbit/s, want within 10%% below %.3f Mbit/s", bps/1e6, want/1e6)
	}
	if st.MSS != DefaultMTU-segHeaderLen {
		t.Errorf("mss %d, want %d", st.MSS, DefaultMTU-segHeaderLen)
	}
}

func TestIperfOnALossyLinkIsNearTheMathisEstimate(t *testing.T) {
	const p = 0.01
	st, bps := iperfOver(t, 2, Impairments{Rate: 100_000_000, Delay: 20 * time.Millisecond, Loss: p}, 60*time.Second)
	// Mathis et al.: a Reno flow's rate is MSS/RTT * sqrt(3/2) / sqrt(p)
	mathis := float64(st.MSS*8) / st.RTT.Seconds() * math.Sqrt(1.5) / math.Sqrt(p)
	t.Logf("%.3f Mbit/s, Mathis %.3f, lost %d of %d, rtt %v", bps/1e6, mathis/1e6, st.Lost, st.Segments, st.RTT)
	if bps < mathis/2 || bps > mathis*2 {
		t.Errorf("throughput %.3f Mbit/s, want within a factor 2 of Mathis's %.3f", bps/1e6, mathis/1e6)
	}
	if share := float64(st.Lost) / float64(st.Segments); share < p/2 || share > 2*p {
		t.Errorf("%d of %d segments lost, want about %v", st.Lost, st.Segments, p)
	}
}

func TestIperfRepeatsForASeed(t *testing.T) {
	im := Impairments{Rate: 20_000_000, Delay: 3 * time.Millisecond, Jitter: time.Millisecond, Loss: 0.005}
	first, _ := iperfOver(t, 7, im, 3*time.Second)
	again, _ := iperfOver(t, 7, im, 3*time.Second)
	other, _ := iperfOver(t, 8, im, 3*time.Second)
	if first != again {
		t.Errorf("same seed, different tests:\n%+v\n%+v", first, again)
	}
	if first == other {
		t.Errorf("seeds 7 and 8 gave the same test: %+v", first)
	}
}

// BenchmarkIperf runs a second of a throughput test over a clean 100
// Mbit/s link in virtual time; it reports the cost of a data segment (its
// acknowledgement, the pacing and the congestion control included).
func BenchmarkIperf(b *testing.B) {
	var segments uint64
	for b.Loop() {
		nw := newNet(b, 1)
		l := mustLink(b, nw, "l", Impairments{Rate: 100_000_000, Delay: time.Millisecond})
		a := mustNode(b, nw, "a", &Sink{}, l)
		z := mustNode(b, nw, "b", &Sink{}, l)
		fl, err := nw.Iperf(a, z, IperfOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := nw.Run(time.Second); err != nil {
			b.Fatal(err)
		}
		segments += fl.Stats().Segments
		fl.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(segments), "ns/segment")
}
