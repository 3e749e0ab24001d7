package bench

import (
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/netnstest"
	"github.com/meshlua/meshlua/internal/nettest"
)

// pathNamespaces makes the two namespaces a path joins, removed when the
// test ends.
func pathNamespaces(t *testing.T) (a, b string) {
	t.Helper()
	netnstest.Require(t)
	nettest.NeedTool(t, "ping", "iputils-ping")
	var names [2]string
	for i, side := range []string{"ta", "tb"} {
		ns, remove, err := netns("test" + side)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(remove)
		names[i] = ns
	}
	return names[0], names[1]
}

// Pings between two namespaces through two taps, three Lua bridges and two
// links of 2ms each take the 8ms asked and little more, and the links
// report that their frames left on time, at the median over the run: a
// bound a loaded machine keeps (an idle one is within microseconds).
func TestPathThroughTapsKeepsItsDelays(t *testing.T) {
	a, b := pathNamespaces(t)
	const delay, count = 2 * time.Millisecond, 200
	r, err := pingPath(Config{Meshlua: meshluaBinary(t)}, a, b, delay, count)
	if err != nil {
		t.Fatal(err)
	}
	asked := 2 * pathLinks * delay
	if rtt := quantile(r.rtts, 0.5); rtt < asked || rtt > asked+5*time.Millisecond {
		t.Errorf("median round trip %v, asked %v", rtt, asked)
	}
	if r.late.frames < 2*count || r.late.median > 250*time.Microsecond || r.late.max < r.late.p99 {
		t.Errorf("the delayed links report %+v for %d pings", r.late, count)
	}
}

// TCP through the path never goes faster than the links' rate, gets
// through despite the loss, and the links measure every frame's lateness.
func TestIperfThroughThePathKeepsToTheRate(t *testing.T) {
	a, b := pathNamespaces(t)
	nettest.NeedTool(t, "iperf3", "iperf3")
	got, late, err := iperfPath(Config{Meshlua: meshluaBinary(t), Quick: true}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got > iperfRate || got < 1e6 {
		t.Errorf("iperf3 through the path: %.2f Mbit/s over links of %g Mbit/s", got/1e6, iperfRate/1e6)
	}
	if least := uint64(got * 2 / 8 / 1500); uint64(late.frames) < least {
		t.Errorf("the delayed links measured the lateness of %d frames; iperf3's 2s at %.2f Mbit/s sent at least %d", late.frames, got/1e6, least)
	}
}
