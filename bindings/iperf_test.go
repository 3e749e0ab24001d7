package bindings

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// iperf(a, b) through two bridges over a 10 Mbit/s link reaches the
// link's rate less the headers, prints an iperf3-like line a second and a
// summary, returns the figures, and gives the same test for the same seed.
func TestIperfBetweenTwoNodes(t *testing.T) {
	script := `
mesh.seed(4)
local nodes = mesh.topo.line(3, {program = "bridge", link = {delay = "5ms", rate = "10Mbit", queue = 30}})
local r = iperf("n1", nodes[3], "3s")
print(("result %.0f %d %d %d %.4f %d"):format(r.bits_per_second, r.bytes, r.lost, r.segments, r.rtt, r.mss))
print(r.seconds, r.rtt_min <= r.rtt, r.rtt <= r.rtt_max)`
	out := mustRun(t, script)
	if again := mustRun(t, script); again != out {
		t.Errorf("same seed, different tests:\n%s\n%s", out, again)
	}
	lines := scriptLines(out)
	if len(lines) != 8 {
		t.Fatalf("want a connection line, a heading, 3 intervals, a summary and 2 printed lines, got\n%s", out)
	}
	if !regexp.MustCompile(`^n1 -> n3: mss 1473 bytes, rtt 20\.\d{3}ms$`).MatchString(lines[0]) {
		t.Errorf("connection line %q", lines[0])
	}
	interval := regexp.MustCompile(`^ +\d\.00-\d\.00 +sec +1\.1\d MBytes +9\.\d\d Mbits/sec +\d+ +\d+(\.\d)? KBytes$`)
	for _, l := range lines[2:5] {
		if !interval.MatchString(l) {
			t.Errorf("interval line %q", l)
		}
	}
	if !regexp.MustCompile(`^ +0\.00-3\.00 +sec +3\.\d\d MBytes +9\.\d\d Mbits/sec +\d+  rtt \d+\.\d{3}ms \(n1 -> n3\)$`).MatchString(lines[5]) {
		t.Errorf("summary %q", lines[5])
	}
	var bps, bytes float64
	var lost, segments int
	var rtt float64
	var mss int
	if _, err := fmt.Sscanf(lines[6], "result %f %f %d %d %f %d", &bps, &bytes, &lost, &segments, &rtt, &mss); err != nil {
		t.Fatalf("%q: %v", lines[6], err)
	}
	// 10 Mbit/s carries 1473 data bytes in every 1514-byte frame
	if want := 10e6 * 1473 / 1514; bps < 0.9*want || bps > want {
		t.Errorf("%.0f bits/s, want within 10%% below %.0f", bps, want)
	}
	if bytes*8/3 != bps || mss != 1473 || segments < int(bytes)/mss || rtt < 0.02 {
		t.Errorf("inconsistent result %q", lines[6])
	}
	if lines[7] != "3\ttrue\ttrue" {
		t.Errorf("seconds and rtt bounds: %q", lines[7])
	}
}

// iperf to a node it cannot reach says so and returns nil and the message;
// bad arguments are errors that name the option.
func TestIperfUnreachableAndBadOptions(t *testing.T) {
	out := mustRun(t, `
local a = mesh.node("a", {links = {mesh.link("l1")}})
local b = mesh.node("b", {links = {mesh.link("l2")}})
print(iperf(a, b))
print(mesh.now())
print(pcall(iperf, a, b, {duraton = 1}))
print(pcall(iperf, a, b, {window = 10}))
print(pcall(iperf, a, b, -1))
print(pcall(iperf, a, "c"))
print(pcall(iperf, a, a))
print(pcall(iperf, a, mesh.node("c")))`)
	for _, want := range []string{
		"a -> b: no answer to the connection request in 3s\nnil\ta -> b: no answer to the connection request in 3s\n3\n",
		`iperf: unknown option "duraton" (did you mean "duration"?)`,
		`iperf: option window: want at least two segments (3000 bytes), got 10`,
		`iperf: the duration (argument 3): a duration must be a number of seconds >= 0 (got -1)`,
		`iperf: there is no node "c"`,
		`iperf: a throughput test needs two nodes, got a twice`,
		`iperf: node c is on no link`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}

// iperf runs against the wall clock too: a second over a 10 Mbit/s link
// moves most of what the link carries (the machine may be loaded, so the
// floor is half), and never more.
func TestIperfInRealTime(t *testing.T) {
	out := mustRun(t, `
mesh.realtime(true)
local l = mesh.link("l", {delay = "5ms", rate = "10Mbit", queue = 30})
mesh.node("a", {links = {l}})
mesh.node("b", {links = {l}})
local start = mesh.now()
local r = iperf("a", "b", {duration = 1, interval = 0})
print(("result %.0f %.3f"):format(r.bits_per_second, mesh.now() - start))`)
	lines := scriptLines(out)
	var bps, took float64
	if len(lines) != 3 {
		t.Fatalf("want a connection line, a summary and the result, got\n%s", out)
	}
	if _, err := fmt.Sscanf(lines[2], "result %f %f", &bps, &took); err != nil {
		t.Fatalf("%q: %v", lines[2], err)
	}
	if want := 10e6 * 1473 / 1514; bps < want/2 || bps > want {
		t.Errorf("%.0f bits/s in real time, want between half of %.0f and all of it\n%s", bps, want, out)
	}
	if took < 1 {
		t.Errorf("the test took %.3fs of wall time, want at least its duration", took)
	}
}
