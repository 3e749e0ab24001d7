package bindings

import "testing"

// A radio joins exactly the pairs within range, with the loss its
// distance gives, and its links follow the nodes: a pair that parts loses
// its link, one that meets gets one.
func TestRadioFollowsThePlaces(t *testing.T) {
	out := mustRun(t, `
mesh.seed(6)
local nodes = mesh.topo.geometric(40, 0.01, {prefix = "r"}) -- places, and almost no links
local radio = mesh.radio(nodes, {range = 0.3, loss = 0.5, every = false})
local function check()
  local bad, pairs_ = 0, 0
  for i = 1, #nodes do
    local ax, ay = nodes[i]:position()
    for j = i + 1, #nodes do
      local bx, by = nodes[j]:position()
      local d = math.sqrt((ax - bx) ^ 2 + (ay - by) ^ 2)
      local l = radio.links["radio:" .. nodes[i].name .. "-" .. nodes[j].name]
      if (d <= 0.3) ~= (l ~= nil) then bad = bad + 1 end
      if l then
        pairs_ = pairs_ + 1
        if math.abs(l:settings().loss - 0.5 * (d / 0.3) ^ 2) > 1e-9 then bad = bad + 1 end
      end
    end
  end
  return bad, pairs_
end
local bad1, n1 = check()
mesh.waypoints(nodes, {speed = {0.2, 0.4}})
mesh.run(3)
radio:update()
local bad2, n2 = check()
print(bad1, n1, bad2, n2)
`)
	var bad1, n1, bad2, n2 int
	if _, err := sscan(out, &bad1, &n1, &bad2, &n2); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if bad1 != 0 || bad2 != 0 || n1 == 0 || n2 == 0 {
		t.Errorf("radio links wrong before (%d of %d) or after moving (%d of %d)", bad1, n1, bad2, n2)
	}
}

// The same seed moves the nodes the same way.
func TestWaypointsFollowTheSeed(t *testing.T) {
	script := func(seed string) string {
		return mustRun(t, `mesh.seed(`+seed+`)
local nodes = {}
for i = 1, 5 do nodes[i] = mesh.node("w" .. i) end
mesh.waypoints(nodes, {area = {100, 50}, speed = {1, 5}, pause = "2s", step = "250ms"})
mesh.run(30)
for _, n in ipairs(nodes) do print(n:position()) end`)
	}
	a, b, c := script("1"), script("1"), script("2")
	if a != b || a == c {
		t.Errorf("waypoints: same seed same places %v, other seed other places %v", a == b, a != c)
	}
}
