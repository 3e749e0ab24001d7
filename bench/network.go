package bench

import (
	"fmt"
	goruntime "runtime"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// buildTarget is the most time building the 100,000-node network may take.
const buildTarget = 10 * time.Second

// networkDegree is the mean number of links per node of the random network.
const networkDegree = 4

// buildNetwork makes N nodes running flood and joins each pair of them
// with probability DEGREE / (N - 1), then chains the components together:
// the graph mesh.topo.random(N, p, {connected = true}) makes. It draws the
// pairs by skipping over absent ones (gaps are geometric; Batagelj and
// Brandes, 2005), which takes time in proportion to the links rather than
// to the N² pairs topo.random walks, which at N = 100,000 is 5·10⁹ draws.
const buildNetwork = `
local n, p = N, DEGREE / (N - 1)
nodes = {}
for i = 1, n do nodes[i] = mesh.node("n" .. i, {program = "flood", args = {quiet = true}}) end
local parent = {}
local function find(i)
  local r = i
  while parent[r] do r = parent[r] end
  while parent[i] do parent[i], i = r, parent[i] end
  return r
end
local function join(a, b)
  local l = mesh.link("n" .. a .. "-n" .. b)
  mesh.connect(nodes[a], l)
  mesh.connect(nodes[b], l)
  local ra, rb = find(a), find(b)
  if ra ~= rb then parent[ra] = rb end
end
local lq = math.log(1 - p)
local v, w = 1, -1
while v < n do
  w = w + 1 + math.floor(math.log(1 - math.random()) / lq)
  while w >= v and v < n do w, v = w - v, v + 1 end
  if v < n then join(w + 1, v + 1) end
end
for i = 2, n do
  if find(i) ~= find(1) then join(math.random(i - 1), i) end
end
mesh.run(0)`

// Network builds a random network of n Lua nodes running flood (as
// buildNetwork), then floods one message from the first node until the
// network is quiet. It returns how long each took, how many of the other
// nodes got the message, and the heap per node once built.
func Network(n int) (build, flood time.Duration, reached int, heap float64, err error) {
	sc := newScript()
	defer sc.close()
	sc.L.SetGlobal("N", lua.LNumber(n))
	sc.L.SetGlobal("DEGREE", lua.LNumber(networkDegree))
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	start := time.Now()
	if err = sc.run(buildNetwork); err != nil {
		return
	}
	build = time.Since(start)
	goruntime.GC()
	goruntime.ReadMemStats(&after)
	heap = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
	start = time.Now()
	if err = sc.run(`nodes[1]:call("send", "hello") mesh.run(1)`); err != nil {
		return
	}
	flood = time.Since(start)
	err = sc.run(`reached = 0 for i = 2, #nodes do reached = reached + nodes[i]:call("count") end`)
	reached = int(lua.LVAsNumber(sc.L.GetGlobal("reached")))
	return
}

func runNetwork(cfg Config) ([]Figure, error) {
	n := cfg.pick(100_000, 1_000)
	build, flood, reached, heap, err := Network(n)
	if err != nil {
		return nil, err
	}
	return []Figure{
		atMost("network-build", build.Seconds(), "s", buildTarget.Seconds(),
			fmt.Sprintf("build a random network of %d Lua nodes running flood, mean degree %d", n, networkDegree)),
		{Name: "network-flood", Value: flood.Seconds(), Unit: "s", Target: fmt.Sprintf("all %d reached", n-1),
			Ratio: float64(reached) / float64(n-1),
			About: fmt.Sprintf("flood one message from one node until the network is quiet: %d of %d reached", reached, n-1)},
		{Name: "network-heap", Value: heap, Unit: "bytes/node",
			About: "heap per node of the built network: VM, flood's state, ports and links"},
	}, nil
}
