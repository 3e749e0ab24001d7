package bindings

import (
	"strings"
	"testing"
)

// pingall prints Mininet's list in columns and its results line, and
// returns the same figures in a table whose tostring is the summary.
func TestPingallPrintsAndReturnsTheMatrix(t *testing.T) {
	out := mustRun(t, `
local nodes = mesh.topo.line(3, {program = "bridge", link = {delay = "5ms"}})
mesh.node("lonely", {program = "counter"})
local r = pingall()
print(r.dropped, r.sent, r.received, r.rtt_min, r.rtt_avg, r.rtt_max)
print(r.reached.n1.n3, r.reached.n1.lonely, r.reached.lonely.n2, r.reached.n3.n1)
print(tostring(r))
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}})
mesh.remove(nodes[1]); mesh.remove(nodes[2]); mesh.remove(nodes[3]); mesh.remove(mesh.get("lonely"))
local b = mesh.node("b", {links = {l}})
r = pingall{count = 2}
print(r.dropped, r.sent, r.received)`)
	want := `*** Ping: testing reachability
n1     -> n2     n3     X
n2     -> n1     n3     X
n3     -> n1     n2     X
lonely -> X      X      X
*** Results: 50% dropped (6/12 received)
*** Round trips: min/avg/max 10.000ms/13.333ms/20.000ms
0.5	12	6	0.01	0.013333333	0.02
true	false	false	true
pingall: 50% dropped (6/12 received)
*** Ping: testing reachability
a -> b
b -> a
*** Results: 0% dropped (4/4 received)
*** Round trips: min/avg/max 0.000ms/0.000ms/0.000ms
0	4	4
`
	if got := strings.Join(scriptLines(out), "\n") + "\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// ping and pingall read their options alike: a whole number of probes of
// at least 1, durations above 0, each refused with the option named.
func TestPingOptionsAreChecked(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
mesh.node("a", {links = {l}})
mesh.node("b", {links = {l}})
for _, call in ipairs({
  function() return pingall{count = 1.5} end,
  function() return pingall{timeout = 0} end,
  function() return ping("a", "b", {count = 0}) end,
  function() return ping("a", "b", {interval = "soon"}) end,
}) do print(select(2, pcall(call))) end`)
	for _, want := range []string{
		`option count: want a whole number of probes >= 1, got 1.5`,
		`option timeout: want a duration above 0, got 0`,
		`option count: want a whole number of probes >= 1, got 0`,
		`option interval:`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
