package bench

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Targets of the ring of 100,000 nodes whose program is inline: the
// script's wall time and its peak RSS.
const (
	ringTimeTarget = 10 * time.Second
	ringRSSTarget  = 1536 << 20
)

// ringProgram floods a message around a ring: each node passes the first
// copy it gets to its other port.
const ringProgram = `local seen = false
function on_frame(f)
  if seen then return end
  seen = true
  for p = 1, 2 do if p ~= f.port then node.send(f, p) end end
end
function start(msg)
  seen = true
  node.send{port = 1, payload = msg}
  node.send{port = 2, payload = msg}
end
function got() return seen end
`

// ringScript makes a ring of arg[1] nodes running PROGRAM, each joined to
// the next by a link, floods a message around it from the first, and
// prints how many nodes got it.
const ringScript = `local n = tonumber(arg[1])
local program = PROGRAM
local links, nodes = {}, {}
for i = 1, n do links[i] = mesh.link("l" .. i) end
for i = 1, n do
  nodes[i] = mesh.node("n" .. i, {program = program, links = {links[i], links[(i - 2) % n + 1]}})
end
mesh.run(0)
nodes[1]:call("start", "hello")
mesh.run(60)
local reached = 0
for i = 1, n do if nodes[i]:call("got") then reached = reached + 1 end end
print(reached)
`

// Ring runs the ring script with n nodes, the program inline or from a
// file, and returns what the process cost.
func (c Config) Ring(n int, inline bool) (cost, error) {
	script, files := withProgram(ringScript, ringProgram, inline)
	got, err := c.runScript(script, files, strconv.Itoa(n))
	if err != nil {
		return got, err
	}
	if reached, _ := strconv.Atoi(strings.TrimSpace(got.out)); reached != n {
		return got, fmt.Errorf("the flood reached %q nodes of %d", strings.TrimSpace(got.out), n)
	}
	return got, nil
}

func runRing(cfg Config) ([]Figure, error) {
	n := cfg.pick(100_000, 1_000)
	return bothWays(func(inline bool) ([]Figure, error) {
		got, err := cfg.Ring(n, inline)
		if err != nil {
			return nil, err
		}
		about := fmt.Sprintf("a ring of %d Lua nodes, program %s, built, flooded, each asked: ", n, programWay(inline))
		wall, cpu, rss := got.wall.Seconds(), got.cpu.Seconds(), float64(got.maxRSS)/(1<<20)
		if inline {
			return []Figure{
				atMost("network-inline", wall, "s", ringTimeTarget.Seconds(), about+"wall time"),
				{Name: "network-inline-cpu", Value: cpu, Unit: "s", About: about + "user and system CPU time"},
				atMost("network-inline-rss", rss, "MiB", ringRSSTarget>>20, about+"peak RSS"),
			}, nil
		}
		return []Figure{
			{Name: "network-file", Value: wall, Unit: "s", Target: "reference", About: about + "wall time"},
			{Name: "network-file-cpu", Value: cpu, Unit: "s", Target: "reference", About: about + "user and system CPU time"},
			{Name: "network-file-rss", Value: rss, Unit: "MiB", Target: "reference", About: about + "peak RSS"},
		}, nil
	})
}
