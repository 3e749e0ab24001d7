// Package bench measures meshlua's performance figures, each beside its
// target: how fast the switch moves frames, how fast Lua relays and
// handlers run, how much memory an idle Lua node takes, and how long a
// network of 100,000 Lua nodes takes to build and to flood. `meshlua bench`
// runs the suite; docs/performance.md explains the figures.
package bench

import (
	"fmt"
	"strings"
	"time"
)

// Config says how hard to measure.
type Config struct {
	// Quick measures briefly on small networks: it checks that every case
	// runs, but its figures mean little.
	Quick bool
	// Meshlua is the meshlua binary that the figures of scale (idle-node,
	// network, network-inline) run scripts with, as child processes whose
	// peak RSS and CPU time are measured from outside, as /usr/bin/time
	// measures them.
	Meshlua string
}

// measureTime is how long a rate is measured.
func (c Config) measureTime() time.Duration {
	if c.Quick {
		return 20 * time.Millisecond
	}
	return 2 * time.Second
}

// pick returns full, or quick when measuring quickly.
func (c Config) pick(full, quick int) int {
	if c.Quick {
		return quick
	}
	return full
}

// Figure is one measured figure.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // frames/s, bytes, s...
	// Target is the figure to reach ("≥ 300000", "≤ 49152"), "reference"
	// for a figure others compare with, or "" for none.
	Target string `json:"target"`
	// Ratio says how far the figure is toward its target: 1 or more means
	// reached. It is 0 for a figure without a target.
	Ratio float64 `json:"ratio"`
	About string  `json:"about"`
}

// atLeast is a figure whose target is a minimum.
func atLeast(name string, v float64, unit string, target float64, about string) Figure {
	return Figure{Name: name, Value: v, Unit: unit, Target: "≥ " + number(target), Ratio: v / target, About: about}
}

// atMost is a figure whose target is a maximum.
func atMost(name string, v float64, unit string, target float64, about string) Figure {
	f := Figure{Name: name, Value: v, Unit: unit, Target: "≤ " + number(target), Ratio: 1, About: about}
	if v > 0 {
		f.Ratio = target / v
	}
	return f
}

// Case is a measurement giving one or more figures.
type Case struct {
	Name  string                         // how `meshlua bench NAME` selects it
	About string                         // what it measures, in a line
	Run   func(Config) ([]Figure, error) // measures
}

// cases is the suite, in the order it runs.
var cases = []Case{
	{"switch", "64-byte frames between two native endpoints, virtual time", runSwitch},
	{"switch-realtime", "64-byte frames between two native endpoints, real-time clock", runSwitchRealtime},
	{"relay", "64-byte frames through four relays: Lua (both forms of node.send) and native", runRelays},
	{"on-frame", "calls of a minimal Lua on_frame", runOnFrame},
	{"idle-node", "peak RSS taken by an idle Lua node with a link, its program inline and from a file", runIdleNode},
	{"network", "a random network of 100,000 Lua nodes running flood: build, then flood one message", runNetwork},
	{"network-inline", "a ring of 100,000 Lua nodes, their program inline and from a file: build, then flood one message", runRing},
	{"routing", "dv and lsr on a random network of 500 nodes, 3 s of network time from a cold start", runRouting},
	{"flood-vs-ns3", "flooding one message over a random graph of 10,000 nodes, meshlua beside ns-3 (needs g++ and ns-3)", runFloodVsNS3},
	{"udp", "the udp link's device beside bare sendmmsg/recvmmsg on lo", runUDP},
	{"udp-peers", "the udp link's device with peers (unicast) beside bare sendmmsg/recvmmsg on lo", runUDPPeers},
	{"ether", "the ether link's device beside bare AF_PACKET sockets on a veth pair (needs root)", runEther},
	{"tap", "the tap link's device beside bare tap descriptors on a kernel bridge (needs root)", runTap},
	{"tap-path", "ping and iperf3 between namespaces through taps, Lua bridges and delayed links in real time: round trips and lateness (needs root)", runRealtimePath},
}

// Cases lists the suite.
func Cases() []Case { return append([]Case(nil), cases...) }

// Run runs the cases whose names are in names (all of them if names is
// empty) and returns their figures. It calls progress, if not nil, before
// each case.
func Run(cfg Config, names []string, progress func(Case)) ([]Figure, error) {
	for _, n := range names {
		if _, ok := find(n); !ok {
			return nil, fmt.Errorf("no benchmark called %q (benchmarks: %s)", n, strings.Join(caseNames(), ", "))
		}
	}
	var figs []Figure
	for _, c := range cases {
		if len(names) > 0 && !contains(names, c.Name) {
			continue
		}
		if progress != nil {
			progress(c)
		}
		fs, err := c.Run(cfg)
		if err != nil {
			return figs, fmt.Errorf("%s: %w", c.Name, err)
		}
		figs = append(figs, fs...)
	}
	return figs, nil
}

// Known reports whether the suite has a case called name.
func Known(name string) bool {
	_, ok := find(name)
	return ok
}

func find(name string) (Case, bool) {
	for _, c := range cases {
		if c.Name == name {
			return c, true
		}
	}
	return Case{}, false
}

func caseNames() []string {
	var s []string
	for _, c := range cases {
		s = append(s, c.Name)
	}
	return s
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
