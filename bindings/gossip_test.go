package bindings

import (
	"strings"
	"testing"
)

// discovery's neighbour tables equal mesh.graph once every node has said
// hello, and lose a neighbour at once when the link to it goes down.
func TestDiscoveryFindsTheGraph(t *testing.T) {
	out := mustRun(t, `
mesh.seed(4)
local nodes, links = mesh.topo.random(60, 0.08, {connected = true, program = "discovery", args = {quiet = true}})
mesh.run(1.5)
local function mismatches()
  local bad, g = 0, mesh.graph()
  for _, n in ipairs(nodes) do
    local have = n:call("neighbours")
    local count = 0
    for _ in pairs(have) do count = count + 1 end
    if count ~= #g[n.name] then bad = bad + 1 end
    for _, m in ipairs(g[n.name]) do if not have[m] then bad = bad + 1 end end
  end
  return bad
end
print("after hellos", mismatches())
links[1]:down()
mesh.run(0.01)                         -- far less than a hello period
print("after a link went down", mismatches())
`)
	if want := "after hellos\t0\nafter a link went down\t0\n"; out != want {
		t.Errorf("discovery against mesh.graph:\n got %q\nwant %q", out, want)
	}
}

// gossip with a fanout as large as any node's degree passes every message
// on every other port, as flood does, and reaches every node; a smaller
// fanout sends fewer frames.
func TestGossipWideFanoutIsAFlood(t *testing.T) {
	out := mustRun(t, `
mesh.seed(8)
local function run(prefix, fanout)
  local nodes = mesh.topo.random(80, 0.06, {connected = true, prefix = prefix, program = "gossip", args = {fanout = fanout, quiet = true}})
  mesh.run(0)
  nodes[1]:call("publish", "x")
  mesh.run(5)
  local reached, frames = 0, 0
  for _, n in ipairs(nodes) do reached = reached + n:call("count") frames = frames + n:call("stats").forwarded end
  return reached, frames
end
local r1, f1 = run("a", 1000)
local r2, f2 = run("b", 1)
print(r1, r2 < r1, f2 < f1)
`)
	if got := strings.TrimSpace(out); got != "79\ttrue\ttrue" {
		t.Errorf("gossip: %q, want every other node reached with a wide fanout, fewer with fanout 1", got)
	}
}
