package bindings

import "testing"

// TestFloodKeepsWhatItDelivered checks flood's record of what it
// delivered and its counts, which it keeps as plain values and builds
// tables of only when asked.
func TestFloodKeepsWhatItDelivered(t *testing.T) {
	out := mustRun(t, `
local nodes = mesh.topo.ring(3, {program = "flood", args = {quiet = true}, link = {delay = "10ms"}})
mesh.run(0)
nodes[1]:call("send", "one")
mesh.run(0.5)
nodes[2]:call("send", 2)
mesh.run(0.5)
for _, n in ipairs(nodes) do
  local s = n:call("stats")
  print(n.name, n:call("count"), s.sent, s.delivered, s.forwarded, s.duplicates, s.expired)
  for _, m in ipairs(n:call("received")) do
    print("", m.origin, m.seq, m.hops, m.text, ("%.3f"):format(m.at))
  end
end`)
	want := `n1	1	1	1	1	1	0
	n2	1	1	2	0.510
n2	1	1	1	1	1	0
	n1	1	1	one	0.010
n3	2	0	2	2	2	0
	n1	1	1	one	0.010
	n2	1	1	2	0.510
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
