package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"time"
)

// Targets of real time (docs/concepts.md, "How accurate real time is"):
// how late a delayed hop may leave at the median and the 99th percentile,
// and what a pass through a Lua bridge may add.
const (
	lateMedianTarget = 50 * time.Microsecond
	lateP99Target    = 200 * time.Microsecond
	bridgeHopTarget  = 100 * time.Microsecond
)

// The iperf3 run: both virtual links at iperfRate with 5ms of delay, the
// first losing iperfLoss of its frames.
const (
	iperfRate  = 20e6
	iperfLoss  = 0.01
	iperfDelay = 5 * time.Millisecond
	iperfMSS   = 1448 // bytes of TCP payload per segment with timestamps, at an MTU of 1500
)

// pathLinks are how many virtual links the path has, and bridges it passes.
const (
	pathLinks   = 2
	pathBridges = 3
)

// pathResult is what one ping run through the path measured.
type pathResult struct {
	rtts []time.Duration
	late hopLateness // the worse of the two delayed links, figure by figure
}

// pingPath starts a path with delay on each virtual link, pings across it
// count times and stops it.
func pingPath(cfg Config, a, b string, delay time.Duration, count int) (pathResult, error) {
	p, err := startTapPath(cfg, a, b, delay.String(), 0, "none")
	if err != nil {
		return pathResult{}, err
	}
	rtts, err := pingTimes(a, tapPathB, count)
	if err != nil {
		p.kill()
		return pathResult{}, err
	}
	late, err := p.stop()
	if err != nil {
		return pathResult{}, err
	}
	return pathResult{rtts: rtts, late: worse(late)}, nil
}

// worse is the delayed links' lateness: their frames, and the larger of
// their figures.
func worse(late map[string]hopLateness) hopLateness {
	var w hopLateness
	for _, name := range []string{"v1", "v2"} {
		h := late[name]
		w.frames += h.frames
		w.median = max(w.median, h.median)
		w.p99 = max(w.p99, h.p99)
		w.max = max(w.max, h.max)
	}
	return w
}

// kernelPath joins namespaces a and b through a kernel bridge in namespace
// r (veth pairs), 10.78.0.1 to 10.78.0.2: the reference a Lua bridge's
// hop is measured against.
func kernelPath(a, b, r string) error {
	err := ipIn(r, []string{"link", "add", "br0", "type", "bridge", "forward_delay", "0"}, []string{"link", "set", "br0", "up"})
	for i, ns := range []string{a, b} {
		if err != nil {
			return err
		}
		end, peer := fmt.Sprintf("k%d", i), fmt.Sprintf("kr%d", i)
		err = ipIn(r, []string{"link", "add", end, "type", "veth", "peer", "name", peer},
			[]string{"link", "set", end, "netns", ns}, []string{"link", "set", peer, "master", "br0", "up"})
		if err == nil {
			err = ipIn(ns, []string{"addr", "add", fmt.Sprintf("10.78.0.%d/24", i+1), "dev", end}, []string{"link", "set", end, "up"},
				[]string{"link", "set", "lo", "up"})
		}
	}
	if err == nil {
		err = awaitPing(a, "10.78.0.2")
	}
	return err
}

func runRealtimePath(cfg Config) ([]Figure, error) {
	skip := func(why string) ([]Figure, error) {
		return []Figure{{Name: "tap-path", Unit: "ms", About: "skipped: " + why + " (ping through two taps, three Lua bridges and two delayed links, between namespaces)"}}, nil
	}
	if why := netnsMissing(); why != "" {
		return skip(why)
	}
	if _, err := exec.LookPath("ping"); err != nil {
		return skip("needs ping (iputils-ping)")
	}
	var names [3]string
	for i, side := range []string{"tpa", "tpb", "tpr"} {
		ns, remove, err := netns(side)
		if err != nil {
			return nil, err
		}
		defer remove()
		names[i] = ns
	}
	a, b := names[0], names[1]
	if err := kernelPath(a, b, names[2]); err != nil {
		return nil, err
	}
	count := cfg.pick(1000, 50)
	kernel, err := pingTimes(a, "10.78.0.2", count)
	if err != nil {
		return nil, err
	}
	kernelRTT := quantile(kernel, 0.5)
	figs := []Figure{{Name: "tap-path-kernel", Value: ms(kernelRTT), Unit: "ms", Target: "reference",
		About: "median ping round trip between the same namespaces through a kernel bridge"}}
	for _, delay := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond} {
		r, err := pingPath(cfg, a, b, delay, count)
		if err != nil {
			return figs, err
		}
		name := fmt.Sprintf("tap-path-%dms", delay/time.Millisecond)
		asked := 2 * pathLinks * delay
		rtt := quantile(r.rtts, 0.5)
		allowance := kernelRTT + 2*pathBridges*bridgeHopTarget + 2*pathLinks*lateMedianTarget
		figs = append(figs,
			atMost(name, ms(rtt), "ms", ms(asked+allowance), fmt.Sprintf(
				"median ping round trip (p99 %.3f ms) through two taps, three Lua bridges and two links of %v each: %v asked, the target adds the kernel's round trip and 100µs a bridge, 50µs a hop",
				ms(quantile(r.rtts, 0.99)), delay, asked)),
			atMost(name+"-late", us(r.late.median), "µs", us(lateMedianTarget), fmt.Sprintf("median lateness of a hop over a delayed link (link:stats().lateness, the worse link, %d frames)", r.late.frames)),
			atMost(name+"-late-p99", us(r.late.p99), "µs", us(lateP99Target), "99th percentile of a hop's lateness, the worse link"),
			Figure{Name: name + "-late-max", Value: us(r.late.max), Unit: "µs", Target: "reference", About: "the latest frame on either delayed link"})
		if delay == 0 {
			hop := (rtt - kernelRTT) / (2 * pathBridges)
			figs = append(figs, atMost("tap-path-bridge-hop", us(hop), "µs", us(bridgeHopTarget),
				"what a pass through a Lua bridge adds to a round trip with no delay: (median - kernel's) / 6 passes"))
		}
	}
	if _, err := exec.LookPath("iperf3"); err != nil {
		return append(figs, Figure{Name: "tap-path-iperf", Unit: "Mbit/s", About: "skipped: needs iperf3"}), nil
	}
	got, late, err := iperfPath(cfg, a, b)
	if err != nil {
		return figs, err
	}
	rtt := 2 * pathLinks * iperfDelay
	mathis := iperfMSS * 8 / rtt.Seconds() * math.Sqrt(1.5) / math.Sqrt(iperfLoss)
	return append(figs,
		Figure{Name: "tap-path-iperf", Value: got / 1e6, Unit: "Mbit/s", Target: "reference", About: fmt.Sprintf(
			"iperf3 TCP through the path, %v a link, %g Mbit/s, %g%% loss on the first", iperfDelay, iperfRate/1e6, iperfLoss*100)},
		Figure{Name: "tap-path-iperf-rate", Value: iperfRate / 1e6, Unit: "Mbit/s", Target: "reference", About: "the links' rate"},
		Figure{Name: "tap-path-iperf-mathis", Value: mathis / 1e6, Unit: "Mbit/s", Target: "reference", About: fmt.Sprintf(
			"Mathis et al.'s estimate for that loss: MSS / RTT × √(3/2) / √p, MSS %d bytes, RTT %v", iperfMSS, rtt)},
		atMost("tap-path-iperf-late", us(late.median), "µs", us(lateMedianTarget), fmt.Sprintf("median lateness of a hop while iperf3 ran (the worse link, %d frames)", late.frames)),
		atMost("tap-path-iperf-late-p99", us(late.p99), "µs", us(lateP99Target), "99th percentile of a hop's lateness while iperf3 ran"),
	), nil
}

// iperfPath measures TCP's throughput through a path with iperf3, in bits
// per second, and how late the delayed links' frames left meanwhile.
func iperfPath(cfg Config, a, b string) (float64, hopLateness, error) {
	p, err := startTapPath(cfg, a, b, iperfDelay.String(), iperfLoss, fmt.Sprintf("%gMbit", iperfRate/1e6))
	if err != nil {
		return 0, hopLateness{}, err
	}
	bps, err := iperf(cfg, a, b)
	if err != nil {
		p.kill()
		return 0, hopLateness{}, err
	}
	late, err := p.stop()
	return bps, worse(late), err
}

// iperf runs iperf3's server in namespace b and its client in a, for 10
// seconds (2 when quick), and returns the throughput the server got.
func iperf(cfg Config, a, b string) (float64, error) {
	server := exec.Command("ip", "netns", "exec", b, "iperf3", "-s", "-1", "-B", tapPathB, "--forceflush")
	lines, err := server.StdoutPipe()
	if err == nil {
		err = server.Start()
	}
	if err != nil {
		return 0, err
	}
	defer func() {
		server.Process.Kill()
		server.Wait()
	}()
	if err := awaitLine(lines, "Server listening"); err != nil {
		return 0, fmt.Errorf("iperf3 -s: %v", err)
	}
	secs := cfg.pick(10, 2)
	out, err := exec.Command("ip", "netns", "exec", a, "iperf3", "-c", tapPathB, "-t", fmt.Sprint(secs), "-J").Output()
	if err != nil {
		return 0, fmt.Errorf("iperf3 -c: %v\n%s", err, out)
	}
	var r struct {
		End struct {
			SumReceived struct {
				BitsPerSecond float64 `json:"bits_per_second"`
			} `json:"sum_received"`
		} `json:"end"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return 0, fmt.Errorf("iperf3 -J: %v", err)
	}
	return r.End.SumReceived.BitsPerSecond, nil
}

func ms(d time.Duration) float64 { return d.Seconds() * 1e3 }
func us(d time.Duration) float64 { return d.Seconds() * 1e6 }
