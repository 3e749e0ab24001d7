package bench

import (
	"fmt"
	"strconv"
	"time"
)

// buildTarget is the most time building the 100,000-node network may take.
const buildTarget = 10 * time.Second

// networkDegree is the mean number of links per node of the random network.
const networkDegree = 4

// networkScript makes arg[1] nodes running flood and joins each pair of
// them with probability arg[2] / (arg[1] - 1), then chains the components
// together: the graph mesh.topo.random(N, p, {connected = true}) makes.
// It draws the pairs by skipping over absent ones (gaps are geometric;
// Batagelj and Brandes, 2005), which takes time in proportion to the links
// rather than to the N² pairs topo.random walks, which at N = 100,000 is
// 5·10⁹ draws. Then it floods one message from the first node until the
// network is quiet, and prints the seconds the build and the flood took
// (gopher-lua's os.clock is the wall time since the process started) and
// how many of the other nodes got the message.
const networkScript = `
local n, degree = tonumber(arg[1]), tonumber(arg[2])
local p = degree / (n - 1)
local began = os.clock()
local nodes = {}
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
mesh.run(0)
local built = os.clock()
nodes[1]:call("send", "hello")
mesh.run(1)
local flooded = os.clock()
local reached = 0
for i = 2, n do reached = reached + nodes[i]:call("count") end
print(built - began, flooded - built, reached)
`

// Network runs the network script with n nodes and returns how long the
// build and the flood took, how many of the other nodes got the message,
// and what the whole process cost.
func (c Config) Network(n int) (build, flood time.Duration, reached int, got cost, err error) {
	if got, err = c.runScript(networkScript, map[string]string{}, strconv.Itoa(n), strconv.Itoa(networkDegree)); err != nil {
		return
	}
	var b, f float64
	if _, err = fmt.Sscan(got.out, &b, &f, &reached); err != nil {
		err = fmt.Errorf("the network script printed %q: %v", got.out, err)
		return
	}
	return seconds(b), seconds(f), reached, got, nil
}

// seconds is a duration of s seconds.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func runNetwork(cfg Config) ([]Figure, error) {
	n := cfg.pick(100_000, 1_000)
	build, flood, reached, got, err := cfg.Network(n)
	if err != nil {
		return nil, err
	}
	return []Figure{
		atMost("network-build", build.Seconds(), "s", buildTarget.Seconds(),
			fmt.Sprintf("build a random network of %d Lua nodes running flood, mean degree %d", n, networkDegree)),
		{Name: "network-flood", Value: flood.Seconds(), Unit: "s", Target: fmt.Sprintf("all %d reached", n-1),
			Ratio: float64(reached) / float64(n-1),
			About: fmt.Sprintf("flood one message from one node until the network is quiet: %d of %d reached", reached, n-1)},
		{Name: "network-rss", Value: float64(got.maxRSS) / (1 << 20), Unit: "MiB",
			About: "peak RSS of the process that built and flooded the network"},
	}, nil
}
