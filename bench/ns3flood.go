package bench

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ns3Script is meshlua's side of the flood comparison, run as a script
// file by a meshlua child process.
//
//go:embed ns3/flood.lua
var ns3Script string

// floodSeed is the seed of the graph both sides flood.
const floodSeed = 1

// rssAllowance is how many times ns-3's peak RSS meshlua may take.
const rssAllowance = 1.5

// runCommand runs cmd, a child process other than meshlua, to its end and
// returns what it cost, measured as runScript measures meshlua.
func runCommand(cmd *exec.Cmd) (cost, error) {
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		return cost{}, err
	}
	watch := watchPeak(cmd.Process.Pid)
	waitErr := cmd.Wait()
	rss, err := watch.end(cmd.ProcessState)
	if waitErr != nil {
		return cost{}, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), waitErr, stderr.String())
	}
	ps := cmd.ProcessState
	return cost{cpu: ps.UserTime() + ps.SystemTime(), maxRSS: rss, out: out.String()}, err
}

// floodSide is one way of flooding the graph: meshlua, or ns-3 in one of
// its two ways (see bench/ns3/flood.cc).
type floodSide struct {
	name            string                           // in the figures' names
	run             func(graph string) (cost, error) // floods graph once
	best            cost                             // the least CPU time and the least RSS of its runs
	reached, frames int
}

// floodOutput reads what a side prints: "reached R of N-1 frames F".
func floodOutput(out string) (reached, of, frames int, err error) {
	if _, err = fmt.Sscanf(out, "reached %d of %d frames %d", &reached, &of, &frames); err != nil {
		err = fmt.Errorf("want \"reached R of N frames F\", got %q", out)
	}
	return
}

// FloodVsNS3 floods one message over a random connected graph of n nodes
// (mean degree networkDegree, from floodSeed) with meshlua's stdlib flood
// program, and over the same graph in ns-3, each side rounds times in
// turn, each run a child process measured from outside. It returns the
// sides with the least CPU time and the least peak RSS of their runs, the
// ns-3 version, or an error wrapping errNoNS3 when ns-3 or g++ is not
// here. Every side must reach every node with the same frames.
func FloodVsNS3(meshlua string, n, rounds int) (sides []*floodSide, version string, err error) {
	bin, version, err := buildNS3()
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "meshlua-flood-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	graph := filepath.Join(dir, "graph.txt")
	f, err := os.Create(graph)
	if err != nil {
		return nil, "", err
	}
	_, err = RandomGraph(n, networkDegree, floodSeed).WriteTo(f)
	if err := errors.Join(err, f.Close()); err != nil {
		return nil, "", err
	}
	cfg := Config{Meshlua: meshlua}
	sides = []*floodSide{
		{name: "meshlua", run: func(g string) (cost, error) { return cfg.runScript(ns3Script, map[string]string{}, g) }},
		{name: "ns3", run: func(g string) (cost, error) { return runCommand(exec.Command(bin, g, "device")) }},
		{name: "ns3-udp", run: func(g string) (cost, error) { return runCommand(exec.Command(bin, g, "udp")) }},
	}
	for r := 0; r < rounds; r++ {
		for _, s := range sides {
			c, err := s.run(graph)
			if err != nil {
				return nil, "", err
			}
			reached, of, frames, err := floodOutput(c.out)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %v", s.name, err)
			}
			if reached != n-1 || of != n-1 {
				return nil, "", fmt.Errorf("%s reached %d nodes of %d", s.name, reached, n-1)
			}
			if r == 0 {
				s.best = c
			}
			s.best.cpu, s.best.maxRSS = min(s.best.cpu, c.cpu), min(s.best.maxRSS, c.maxRSS)
			s.reached, s.frames = reached, frames
		}
	}
	for _, s := range sides[1:] {
		if s.frames != sides[0].frames {
			return nil, "", fmt.Errorf("%s received %d frames, %s %d: not the same flood", s.name, s.frames, sides[0].name, sides[0].frames)
		}
	}
	return sides, version, nil
}

func runFloodVsNS3(cfg Config) ([]Figure, error) {
	n := cfg.pick(10_000, 1_000)
	sides, version, err := FloodVsNS3(cfg.Meshlua, n, cfg.pick(3, 1))
	if errors.Is(err, errNoNS3) {
		return []Figure{{Name: "flood-cpu", Unit: "s", About: "skipped: " + err.Error()}}, nil
	}
	if err != nil {
		return nil, err
	}
	mesh, ns3, udp := sides[0].best, sides[1].best, sides[2].best
	what := fmt.Sprintf("%d nodes, %d frames", n, sides[0].frames)
	const mib = 1 << 20
	return []Figure{
		atMost("flood-cpu", mesh.cpu.Seconds(), "s", ns3.cpu.Seconds(),
			"meshlua's CPU time (user and system), whole process, to flood one message over a random graph of "+what+"; target: ns-3's"),
		atMost("flood-rss", float64(mesh.maxRSS)/mib, "MiB", rssAllowance*float64(ns3.maxRSS)/mib,
			fmt.Sprintf("meshlua's peak RSS in that flood; target: %g times ns-3's", rssAllowance)),
		{Name: "flood-ns3-cpu", Value: ns3.cpu.Seconds(), Unit: "s", Target: "reference",
			About: "ns-3 " + version + " on the same graph: point-to-point links, packets handed to the devices (no IP)"},
		{Name: "flood-ns3-rss", Value: float64(ns3.maxRSS) / mib, Unit: "MiB", Target: "reference",
			About: "ns-3's peak RSS in that flood"},
		{Name: "flood-ns3-udp-cpu", Value: udp.cpu.Seconds(), Unit: "s", Target: "reference",
			About: "ns-3 with an IPv4 stack on every node, UDP to each link's broadcast address"},
		{Name: "flood-ns3-udp-rss", Value: float64(udp.maxRSS) / mib, Unit: "MiB", Target: "reference",
			About: "ns-3's peak RSS in the UDP flood"},
	}, nil
}
