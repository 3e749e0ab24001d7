package bench

import (
	"fmt"
	"strconv"
	"strings"
)

// routingScript runs the routing program arg[1] on a random connected
// network of arg[2] nodes (four neighbours each on average, links of
// 5 ms) for 3 s of network time, from a cold start, and prints the routes
// the nodes have and the searches of the map they made (lsr's
// computations; 0 for dv).
const routingScript = `local proto, n = arg[1], tonumber(arg[2])
mesh.seed(7)
local nodes = mesh.topo.random(n, 4 / n, {connected = true, program = proto, args = {quiet = true}, link = {delay = "5ms"}})
mesh.run(3)
local routes, searches = 0, 0
for _, node in ipairs(nodes) do
  for _ in pairs(node:call("routes")) do routes = routes + 1 end
  searches = searches + (node:call("stats").computations or 0)
end
print(routes, searches)
`

// Routing runs the routing script with proto on n nodes and returns what
// the process cost and how many searches the nodes made.
func (c Config) Routing(proto string, n int) (cost, int, error) {
	got, err := c.runScript(routingScript, map[string]string{}, proto, strconv.Itoa(n))
	if err != nil {
		return got, 0, err
	}
	f := strings.Fields(got.out)
	if len(f) != 2 || f[0] != strconv.Itoa(n*(n-1)) {
		return got, 0, fmt.Errorf("%s: %q routes on %d nodes, want %d", proto, got.out, n, n*(n-1))
	}
	searches, _ := strconv.Atoi(f[1])
	return got, searches, nil
}

func runRouting(cfg Config) ([]Figure, error) {
	n := cfg.pick(500, 100)
	about := fmt.Sprintf("%%s on a random network of %d nodes, 3 s of network time from a cold start: ", n)
	var figs []Figure
	for _, proto := range []string{"dv", "lsr"} {
		got, searches, err := cfg.Routing(proto, n)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: "routing-" + proto + "-cpu", Value: got.cpu.Seconds(), Unit: "s", Target: "reference",
			About: fmt.Sprintf(about, proto) + "user and system CPU time"})
		if proto == "lsr" {
			figs = append(figs, Figure{Name: "routing-lsr-searches", Value: float64(searches), Unit: "searches", Target: "reference",
				About: fmt.Sprintf(about, proto) + "searches of the map (shortest paths), all nodes"})
		}
	}
	return figs, nil
}
