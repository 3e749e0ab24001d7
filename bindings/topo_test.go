package bindings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each random builder makes the graph its definition says, checked through
// mesh.graph and mesh.paths.
func TestRandomGraphBuilders(t *testing.T) {
	out := mustRun(t, `
mesh.seed(9)
local function degrees(prefix)
  local d, max, sum, n = {}, 0, 0, 0
  for name, list in pairs(mesh.graph()) do
    if name:sub(1, #prefix) == prefix then
      d[name] = #list
      max, sum, n = math.max(max, #list), sum + #list, n + 1
    end
  end
  return d, max, sum / n
end
local function reached(node)
  local c = 0
  for _ in pairs(mesh.paths(node)) do c = c + 1 end
  return c
end

-- Barabási–Albert: m(m+1)/2 + (n-m-1)m links, connected, a hub far above the mean.
local ba, bal = mesh.topo.ba(300, 3, {prefix = "ba"})
local _, max, mean = degrees("ba")
print("ba", #bal == 6 + 296 * 3, reached(ba[1]) == 300, max >= 3 * mean)

-- Watts–Strogatz with beta 0 is the ring lattice; with beta it keeps nk/2 links.
local ws = mesh.topo.ws(40, 4, 0, {prefix = "wl"})
local lattice = true
for i, node in ipairs(ws) do
  local want = {}
  for _, d in ipairs{-2, -1, 1, 2} do want["wl" .. ((i - 1 + d) % 40 + 1)] = true end
  local list = mesh.graph()[node.name]
  if #list ~= 4 then lattice = false end
  for _, m in ipairs(list) do if not want[m] then lattice = false end end
end
local _, wsl = mesh.topo.ws(100, 6, 0.3, {prefix = "ws"})
local _, _, wmean = degrees("ws")
print("ws", lattice, #wsl == 300, wmean == 6)

-- Geometric: two nodes are joined exactly when at most radius apart.
local geo, _, places = mesh.topo.geometric(150, 0.15, {prefix = "geo"})
local g, wrong = mesh.graph(), 0
for i = 1, #geo do
  local near = {}
  for _, m in ipairs(g[geo[i].name]) do near[m] = true end
  for j = 1, #geo do
    if j ~= i then
      local d = math.sqrt((places[i].x - places[j].x) ^ 2 + (places[i].y - places[j].y) ^ 2)
      if (d <= 0.15) ~= (near[geo[j].name] == true) then wrong = wrong + 1 end
    end
  end
end
print("geo", wrong)
`)
	want := "ba\ttrue\ttrue\ttrue\nws\ttrue\ttrue\ttrue\ngeo\t0\n"
	if out != want {
		t.Errorf("random builders:\n got %q\nwant %q", out, want)
	}
}

// mesh.topo.load builds what an edge list or a NetJSON file holds, and
// says what is wrong with a bad one, and where.
func TestReadTopologyFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	edges := write("g.txt", "# comment\nr1 r2\n\nr2 r3 # trailing\nr3 r1\n")
	netjson := write("g.json", `{"type": "NetworkGraph", "protocol": "olsr", "version": "1", "metric": "etx",
  "nodes": [{"id": "j1"}, {"id": "j2"}, {"id": "j3"}, {"id": "lonely"}],
  "links": [{"source": "j1", "target": "j2", "cost": 1.0}, {"source": "j3", "target": "j2", "cost": 2.5}]}`)
	out := mustRun(t, `
local function show(nodes, links)
  local n, l = {}, {}
  for _, x in ipairs(nodes) do n[#n + 1] = x.name end
  for _, x in ipairs(links) do l[#l + 1] = x.name end
  print(table.concat(n, " ") .. " | " .. table.concat(l, " "))
end
show(mesh.topo.load("`+edges+`", {link = {delay = "1ms"}}))
show(mesh.topo.load("`+netjson+`"))
print(mesh.get("r1-r2"):settings().delay)
`)
	want := "r1 r2 r3 | r1-r2 r2-r3 r3-r1\nj1 j2 j3 lonely | j1-j2 j3-j2\n0.001\n"
	if out != want {
		t.Errorf("read:\n got %q\nwant %q", out, want)
	}
	for _, c := range []struct{ name, text, want string }{
		{"short.txt", "a b\nc\n", `short.txt:2: want two node names, got "c"`},
		{"loop.txt", "a a\n", "loop.txt:1: a link from a to itself"},
		{"twice.txt", "a b\nb a\n", "twice.txt:2: b and a are joined twice"},
		{"empty.txt", "# nothing\n", "empty.txt: no nodes"},
		{"bad.json", "{nope", "bad.json: not JSON"},
		{"type.json", `{"type": "DeviceConfiguration"}`, `type is "DeviceConfiguration", want a NetJSON "NetworkGraph"`},
		{"unknown.json", `{"type": "NetworkGraph", "nodes": [{"id": "a"}], "links": [{"source": "a", "target": "q"}]}`, `links[0]: "q" is not among the nodes`},
	} {
		p := write(c.name, c.text)
		_, err := runLua(t, "", `mesh.topo.load("`+p+`")`)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "test.lua:1: mesh.topo.load: ") {
			t.Errorf("%s: error %v, want one at the script's line with %q", c.name, err, c.want)
		}
	}
}
