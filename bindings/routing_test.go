package bindings

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// routingCheck defines wrong(nodes): how many routes of the nodes disagree
// with the truth the test computes from the links. A route is right when
// its metric is the BFS hop count (mesh.paths), its next hop is joined to
// the node by the link of the port it gives, and the next hop's own metric
// to the destination is one less (so the route lies on a shortest path).
// Every destination a node reaches must have a route, and no other.
const routingCheck = `
local function wrong(nodes)
  local all, bad = {}, 0
  for _, n in ipairs(nodes) do all[n.name] = n:call("routes") end
  for _, n in ipairs(nodes) do
    local truth, r, by_port = mesh.paths(n.name), all[n.name], {}
    for _, p in ipairs(n:ports()) do
      by_port[p.index] = {}
      for _, m in ipairs(mesh.get(p.link):nodes()) do by_port[p.index][m.name] = true end
    end
    for dest, d in pairs(truth) do
      local e = r[dest]
      if dest ~= n.name then
        if not e or e.metric ~= d or not (by_port[e.port] and by_port[e.port][e.next]) then
          bad = bad + 1
        elseif d == 1 then
          if e.next ~= dest then bad = bad + 1 end
        elseif not (all[e.next][dest] and all[e.next][dest].metric == d - 1) then
          bad = bad + 1
        end
      end
    end
    for dest in pairs(r) do if not truth[dest] or dest == n.name then bad = bad + 1 end end
  end
  return bad
end

-- busiest(nodes) -> the link that carries the most routes: the route of
-- each (source, destination) pair is followed hop by hop, and counts on
-- every link it crosses.
local function busiest(nodes)
  local all, link_of = {}, {} -- by name: the routes; the link of each port
  for _, n in ipairs(nodes) do
    local ports = {}
    for _, p in ipairs(n:ports()) do ports[p.index] = p.link end
    all[n.name], link_of[n.name] = n:call("routes"), ports
  end
  local load, best = {}, nil
  for _, src in ipairs(nodes) do
    for dest in pairs(all[src.name]) do
      local at = src.name
      while at ~= dest do
        local r = all[at][dest]
        local l = link_of[at][r.port]
        load[l], at = (load[l] or 0) + 1, r.next
      end
    end
  end
  for l, c in pairs(load) do
    if not best or c > load[best] or (c == load[best] and l < best) then best = l end
  end
  return mesh.get(best), load[best]
end
`

// routingScript builds a random connected network of n nodes running proto,
// runs it until every route is right, sends a datagram and a traceroute
// from the first node to the farthest, takes the busiest link down and
// runs until every route is right again. It prints what the test checks.
func routingScript(proto string, n, seed int, check string) string {
	return fmt.Sprintf(`
mesh.seed(%d)
local proto, N, check = %q, %d, %s
local nodes = mesh.topo.random(N, 4 / N, {connected = true, program = proto, args = {quiet = true}, link = {delay = "5ms"}})
`+routingCheck+`
local t = mesh.run(30, {check = check, stop = function() return wrong(nodes) == 0 end})
local s = mesh.stats()
print("converged", t, wrong(nodes), s.sent)

-- a datagram and a traceroute to the farthest node
local src, dest, far = nodes[1], nil, -1
for name, d in pairs(mesh.paths(src)) do
  if d > far or (d == far and name < dest) then dest, far = name, d end
end
print("sent", src:call("send", dest, "hello " .. dest))
src:call("traceroute", dest)
mesh.run(1)
local got = mesh.get(dest):call("received")
local last = got[#got]
print("datagram", #got, last.from == src.name, last.payload == "hello " .. dest, last.hops == far)
local path = src:call("traces")[dest]
local along = path[1] == src.name and path[#path] == dest and #path == far + 1
for i = 1, #path - 1 do
  local r = mesh.get(path[i]):call("routes")[dest]
  along = along and r.next == path[i + 1]
end
print("traceroute", along, table.concat(path, " "))
print("no route", src:call("send", "nowhere", "x"))

-- the busiest link fails
local link, routes = busiest(nodes)
local t0, sent0 = mesh.now(), mesh.stats().sent
link:down()
local t1 = mesh.run(30, {check = check, stop = function() return wrong(nodes) == 0 end})
print("repaired", t1 - t0, wrong(nodes), mesh.stats().sent - sent0, link.name, routes)
`, seed, proto, n, check)
}

// field returns the tab-separated fields of the line of out that starts
// with key.
func field(t *testing.T, out, key string) []string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Split(l, "\t"); f[0] == key {
			return f[1:]
		}
	}
	t.Fatalf("no line %q in\n%s", key, out)
	return nil
}

// dv and lsr converge on random connected networks to routes on shortest
// paths, carry a datagram and a traceroute along them, and after the
// busiest link goes down (on_link tells its two ends at once) repair
// every route, within a second of network time.
func TestRoutingConvergesAndRepairs(t *testing.T) {
	for _, c := range []struct {
		proto string
		n     int
		check string // how often the script checks the routes, in seconds
	}{
		{"dv", 50, "0.01"}, {"lsr", 50, "0.01"},
		{"dv", 100, "0.01"}, {"lsr", 100, "0.01"},
		{"dv", 200, "0.05"}, {"lsr", 200, "0.05"},
		{"dv", 500, "0.1"}, {"lsr", 500, "0.1"},
	} {
		t.Run(fmt.Sprintf("%s-%d", c.proto, c.n), func(t *testing.T) {
			if c.n > 200 && testing.Short() {
				t.Skip("a 500-node network takes half a minute of CPU")
			}
			out := mustRun(t, routingScript(c.proto, c.n, 7, c.check))
			conv := field(t, out, "converged")
			if conv[1] != "0" {
				t.Fatalf("%s routes wrong after %s s:\n%s", conv[1], conv[0], out)
			}
			if got := strings.Join(field(t, out, "datagram"), " "); got != "1 true true true" {
				t.Errorf("the datagram: got %q (count, from, payload, hops), want 1 true true true", got)
			}
			if got := field(t, out, "traceroute"); got[0] != "true" {
				t.Errorf("the traceroute did not follow the routes: %s", got[1])
			}
			if got := strings.Join(field(t, out, "sent"), " "); got != "true" {
				t.Errorf("send to a reachable node: got %q", got)
			}
			if got := strings.Join(field(t, out, "no route"), " "); got != "nil no route to nowhere" {
				t.Errorf("send to an unknown node: got %q", got)
			}
			rep := field(t, out, "repaired")
			if rep[1] != "0" {
				t.Fatalf("%s routes wrong %s s after %s went down:\n%s", rep[1], rep[0], rep[3], out)
			}
			if d, err := strconv.ParseFloat(rep[0], 64); err != nil || d >= 1 {
				t.Errorf("repairing the routes after %s went down (used by %s routes) took %s s, want under 1 s", rep[3], rep[4], rep[0])
			}
			t.Logf("converged in %s s (%s frames); %s down (%s routes through it): repaired in %s s (%s frames)",
				conv[0], conv[2], rep[3], rep[4], rep[0], rep[2])
		})
	}
}

// A node that sends garbage (random bytes, fragments of random bytes, and
// well-formed messages of the protocol with fields of the wrong types)
// stops neither dv nor lsr, and the malformed messages and fragments are
// counted. (What it claims may mislead the routes: the protocols trust
// their neighbours, as RIP and OSPF without authentication do.)
func TestRoutingSurvivesHostileMessages(t *testing.T) {
	for _, proto := range []string{"dv", "lsr"} {
		out := mustRun(t, `
mesh.seed(3)
local proto = "`+proto+`"
local nodes = mesh.topo.ring(6, {program = proto, args = {quiet = true}, link = {delay = "1ms"}})
local lan = mesh.link("lan")
mesh.connect(nodes[1], lan)
local evil = mesh.node("evil", {links = {lan}, args = {proto = proto}, program = [[
  local codec, fragment = require "codec", require "fragment"
  local f = fragment.new()
  local function any(depth)
    local k = math.random(depth > 2 and 4 or 6)
    if k == 1 then return math.random(-5, 70000) elseif k == 2 then return ("x"):rep(math.random(0, 8))
    elseif k == 3 then return math.random() < 0.5 elseif k == 4 then return 0/0 end
    local t = {}
    for i = 1, math.random(0, 4) do t[i] = any(depth + 1) end
    t.o, t.s, t.n = any(depth + 1), any(depth + 1), any(depth + 1)
    return t
  end
  local kinds = {"update", "request", "adverts", "hello", "datagram", "x"}
  node.every(0.01, function()
    local r = math.random(3)
    local bytes
    if r == 1 then
      bytes = tostring(math.random()) .. ("\0"):rep(math.random(0, 20))
    else
      local msg = {proto = node.args.proto, from = "n" .. math.random(8), kind = kinds[math.random(#kinds)]}
      for _, k in ipairs{"routes", "full", "dest", "seqno", "hops", "list", "src", "dst", "ttl", "data", "trace", "path"} do
        if math.random() < 0.5 then msg[k] = any(0) end
      end
      bytes = r == 2 and codec.encode(msg) or tostring(math.random())
      bytes = f:split(bytes, 1500)[1]
    end
    node.send{payload = bytes}
  end)]]})
mesh.run(10)
local stopped = 0
for _, n in ipairs(nodes) do if n:stats().stopped then stopped = stopped + 1 print(n:stats().error) end end
print("stopped", stopped, evil:stats().stopped)
print("malformed", nodes[1]:call("stats").malformed > 0, nodes[1]:call("stats").fragments_dropped > 0)`)
		for _, want := range []string{"stopped\t0\tfalse", "malformed\ttrue\ttrue"} {
			if !strings.Contains(out, want+"\n") {
				t.Errorf("%s: want %q in\n%s", proto, want, out)
			}
		}
	}
}

// Bad args stop the node with the shared checker's error (args.check),
// which names the program and the arg, with a suggestion for a misspelt
// one; good ones, durations as strings among them, are taken.
func TestRoutingArgsAreChecked(t *testing.T) {
	out := mustRun(t, `
mesh.node("a", {program = "dv", args = {updat = 1}})
mesh.node("b", {program = "lsr", args = {hello = "fast"}})
mesh.node("c", {program = "lsr", args = {ttl = 0}})
mesh.node("d", {program = "dv", args = {update = "2s", quiet = true}})
mesh.run(1)
print(mesh.get("d"):call("send", {}, "x"))
print(mesh.get("d"):call("send", "a", 5))`)
	for _, want := range []string{
		`dv args: unknown option "updat" (did you mean "update"?) (options: hold, key, quiet, triggered, ttl, update)`,
		`lsr args: option hello: bad duration "fast"`,
		`lsr args: option ttl: want a whole number >= 1, got 0`,
		"nil\tdv: the destination is a node's name, got table\n",
		"nil\tdv: the payload is a string, got number\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "d: stopped") {
		t.Errorf("good args refused:\n%s", out)
	}
}

// routingLoops defines loops(nodes, off): how many routes of the nodes
// (but off, a node not running dv) come back, followed hop by hop, to a
// node they passed, and the largest metric of any route.
const routingLoops = `
local function loops(nodes, off)
  local all = {}
  for _, n in ipairs(nodes) do if n ~= off then all[n.name] = n:call("routes") end end
  local bad, largest = 0, 0
  for src, r in pairs(all) do
    for dest, e in pairs(r) do
      largest = math.max(largest, e.metric)
      local at, passed = src, {}
      while at ~= dest and all[at] and all[at][dest] do
        if passed[at] then bad = bad + 1 break end
        passed[at] = true
        at = all[at][dest].next
      end
    end
  end
  return bad, largest
end
`

// A dv node that restarts (its program reloaded: its sequence numbers and
// routes lost, while its neighbours still hold routes with its older
// numbers) is back in every route at once: it asks its neighbours for
// their full updates, and requests raise its number past what they hold.
// The same after it was silent for longer than the hold time. Meanwhile
// no route loops and no metric counts up past the network's size.
func TestDVReconvergesAfterARestart(t *testing.T) {
	out := mustRun(t, `
mesh.seed(7)
local N = 40
local nodes = mesh.topo.random(N, 4 / N, {connected = true, program = "dv", args = {quiet = true}, link = {delay = "5ms"}})
`+routingCheck+routingLoops+`
mesh.run(30, {check = 0.05, stop = function() return wrong(nodes) == 0 end})
local victim, off, looped, largest = nodes[1], nil, 0, 0
local function watch()
  local l, m = loops(nodes, off)
  looped, largest = looped + l, math.max(largest, m)
  return off == nil and wrong(nodes) == 0
end
local t0 = mesh.now()
victim:reload()                               -- a quick restart
print("restart", mesh.run(30, {check = 0.01, stop = watch}) - t0 < 0.5, wrong(nodes))
victim:reload("-- silent")
off = victim
mesh.run(20, {check = 0.5, stop = watch})     -- its neighbours lose it after 14 s
off, t0 = nil, mesh.now()
victim:reload("dv")
print("back", mesh.run(30, {check = 0.01, stop = watch}) - t0 < 0.5, wrong(nodes))
print("loops", looped, "largest metric below N", largest < N)
`)
	if want := "restart\ttrue\t0\nback\ttrue\t0\nloops\t0\tlargest metric below N\ttrue\n"; out != want {
		t.Errorf("dv after a restart (reconverged within 0.5 s, routes wrong):\n got %q\nwant %q", out, want)
	}
}

// dv converges on links that lose one frame in ten within 20 s of network
// time (the periodic full updates carry what triggered ones lost), and in
// the minute after no route loops and no metric counts past the network's
// size, though a neighbour whose updates are all lost for its hold time
// is dropped and found again.
func TestDVConvergesOnLossyLinks(t *testing.T) {
	for _, seed := range []string{"1", "2"} {
		out := mustRun(t, `
mesh.seed(`+seed+`)
local N = 50
local nodes = mesh.topo.random(N, 4 / N, {connected = true, program = "dv", args = {quiet = true}, link = {delay = "5ms", loss = 0.1}})
`+routingCheck+routingLoops+`
local t = mesh.run(60, {check = 0.2, stop = function() return wrong(nodes) == 0 end})
local looped, largest = 0, 0
mesh.run(60, {check = 2, stop = function()
  local l, m = loops(nodes)
  looped, largest = looped + l, math.max(largest, m)
end})
print(t <= 20, "loops", looped, "largest metric below N", largest < N)
`)
		if want := "true\tloops\t0\tlargest metric below N\ttrue\n"; out != want {
			t.Errorf("seed %s: dv on 10%% loss (converged within 20 s, loops, metrics):\n got %q\nwant %q", seed, out, want)
		}
	}
}

// lsr searches its map again only when an advert lists other neighbours:
// refreshes that change nothing are flooded to every node, and no node
// computes its paths for them; a link that fails makes every node compute
// again, a few times at most (spf_hold gathers the burst of adverts).
func TestLSRComputesOnlyForChanges(t *testing.T) {
	out := mustRun(t, `
mesh.seed(4)
local nodes = mesh.topo.random(40, 0.1, {connected = true, program = "lsr", args = {quiet = true, refresh = 1}, link = {delay = "5ms"}})
local function total(key)
  local sum, most = 0, 0
  for _, n in ipairs(nodes) do local v = n:call("stats")[key] sum, most = sum + v, math.max(most, v) end
  return sum, most
end
mesh.run(2)
local c0, o0 = total("computations"), total("originated")
mesh.run(5)                                    -- five refreshes of every advert
local c1, o1 = total("computations"), total("originated")
print("refreshes", o1 - o0 >= 4 * #nodes, "computations", c1 - c0)
mesh.get(nodes[1]:ports()[1].link):down()
mesh.run(1)
local c2 = total("computations")
print("after a failure", c2 - c1 >= #nodes - 2, (c2 - c1) / #nodes <= 3)
`)
	if want := "refreshes\ttrue\tcomputations\t0\nafter a failure\ttrue\ttrue\n"; out != want {
		t.Errorf("lsr's computations:\n got %q\nwant %q", out, want)
	}
}

// With a shared key, dv and lsr take only messages that carry its HMAC:
// a node that speaks the protocol with another key (or none) joins no
// route and becomes no one's neighbour, and what it sends is counted as
// forged; the nodes with the key route among themselves as before.
func TestRoutingAuthenticatesWithAKey(t *testing.T) {
	for _, proto := range []string{"dv", "lsr"} {
		out := mustRun(t, `
mesh.seed(5)
local proto = "`+proto+`"
local nodes = mesh.topo.ring(6, {program = proto, args = {quiet = true, key = "s3cret"}, link = {delay = "1ms"}})
local lan = mesh.link("lan", {delay = "1ms"})
mesh.connect(nodes[1], lan)
mesh.node("evil", {links = {lan}, program = proto, args = {quiet = true, key = "guess"}})
mesh.node("open", {links = {lan}, program = proto, args = {quiet = true}})
mesh.run(10)
local routes, to_evil = 0, 0
for _, n in ipairs(nodes) do
  for dest in pairs(n:call("routes")) do
    routes = routes + 1
    if dest == "evil" or dest == "open" then to_evil = to_evil + 1 end
  end
end
local s = nodes[1]:call("stats")
print(routes, to_evil, s.forged > 0, s.malformed, next(mesh.get("evil"):call("routes")))
`)
		if want := "30\t0\ttrue\t0\tnil\n"; out != want {
			t.Errorf("%s with a key (routes among the six, routes to the others, forged counted, malformed, evil's routes):\n got %q\nwant %q", proto, out, want)
		}
	}
}
