package bindings

import (
	"strings"
	"testing"
)

// mesh.paths agrees with a breadth-first search the test writes in Lua over
// link:nodes(), on random networks with shared links and links down; and
// mesh.graph's neighbours are exactly the nodes one hop away.
func TestPathsAndGraphAgreeWithTheLinks(t *testing.T) {
	out := mustRun(t, `
mesh.seed(11)
local bad = 0
for trial = 1, 20 do
  local down = {}
  for _, n in ipairs(mesh.nodes()) do mesh.remove(n) end
  for _, l in ipairs(mesh.links()) do mesh.remove(l) end
  local nodes = mesh.topo.random(30, 0.07, {prefix = "t" .. trial .. "n"})
  for i = 1, 3 do                        -- a few shared links, one of them down
    local lan = mesh.link("lan" .. trial .. "_" .. i)
    for _ = 1, 4 do mesh.connect(nodes[math.random(#nodes)], lan) end
    if i == 3 then lan:down() down[lan.name] = true end
  end
  local links = mesh.links()
  local cut = links[math.random(#links)]
  cut:down() down[cut.name] = true
  -- the test's own BFS, from the links and their nodes
  local from = nodes[math.random(#nodes)].name
  local hops, queue = {[from] = 0}, {from}
  while #queue > 0 do
    local n = table.remove(queue, 1)
    for _, l in ipairs(mesh.links()) do
      local names, here = {}, false
      for _, m in ipairs(l:nodes()) do names[#names + 1] = m.name; here = here or m.name == n end
      if here and not down[l.name] then
        for _, m in ipairs(names) do
          if hops[m] == nil then hops[m] = hops[n] + 1; queue[#queue + 1] = m end
        end
      end
    end
  end
  local got = mesh.paths(from)
  for name, d in pairs(hops) do if got[name] ~= d then bad = bad + 1 end end
  for name, d in pairs(got) do if hops[name] ~= d then bad = bad + 1 end end
  local g = mesh.graph()
  for name, list in pairs(g) do
    local one = mesh.paths(name)
    local count = 0
    for _, d in pairs(one) do if d == 1 then count = count + 1 end end
    if count ~= #list then bad = bad + 1 end
    for _, m in ipairs(list) do if one[m] ~= 1 then bad = bad + 1 end end
  end
end
print("disagreements", bad)
`)
	if !strings.Contains(out, "disagreements\t0") {
		t.Errorf("mesh.paths or mesh.graph disagree with the links:\n%s", out)
	}
}

// ping(a, b) reaches a node two hops away through bridges, with the round
// trip the delays give, and reports all lost when a link is down.
func TestPingBetweenTwoNodes(t *testing.T) {
	out := mustRun(t, `
local nodes = mesh.topo.line(3, {program = "bridge", link = {delay = "5ms"}})
local lost, rtt = ping("n1", nodes[3], {count = 2, interval = "10ms"})
print(lost, rtt)
mesh.get("n2-n3"):down()
print(ping("n3", "n1", {count = 2}))
print(pcall(ping, "n1", "nope"))`)
	lines := scriptLines(out)
	want := []string{"0\t0.02", "1\tnil", `false	test.lua:7: ping: there is no node "nope"`}
	var got []string
	for _, l := range lines {
		if !strings.Contains(l, "seq=") && !strings.Contains(l, "sent,") {
			got = append(got, l)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ping:\n got %q\nwant %q\n%s", got, want, out)
	}
}
