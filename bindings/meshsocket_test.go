package bindings

import (
	"strings"
	"testing"
)

// msNode is a node program on meshsocket (args.routing: "dv" or "lsr")
// that keeps every message and every join and leave it hears, answers
// "ping" with a reply, and lets the script send.
const msNode = `local msNode = [[
  local ms = require("meshsocket").new{routing = node.args.routing}
  on_start, on_frame, on_link = ms.on_start, ms.on_frame, ms.on_link
  local got, events = {}, {}
  ms.on_message(function(msg)
    got[#got + 1] = msg
    if msg.data == "ping" then assert(ms.reply(msg, "pong")) end
  end)
  ms.on_join(function(name, port) events[#events + 1] = ("join %s %d %.3f"):format(name, port, node.now()) end)
  ms.on_leave(function(name, port) events[#events + 1] = ("leave %s %d %.3f"):format(name, port, node.now()) end)
  send, broadcast, whisper, stats, neighbours = ms.send, ms.broadcast, ms.whisper, ms.stats, ms.neighbours
  function received() local g = got got = {} return g end
  function heard() local e = events events = {} return table.concat(e, ", ") end
]]
`

// A message sent to a node five hops away arrives in 5 hops, and its
// reply comes back to the sender, who is no neighbour, with re naming the
// message; on a line and on a random network, over dv and over lsr.
func TestMeshsocketReplyReachesSenderFiveHopsAway(t *testing.T) {
	for _, routing := range []string{"dv", "lsr"} {
		out := mustRun(t, `
mesh.seed(5)
`+msNode+`
local function ask(nodes, from, to)
  mesh.run(3)                       -- the routes converge
  local id = assert(from:call("send", to.name, "ping"))
  mesh.run(1)
  local asked = to:call("received")[1]
  local answer = from:call("received")[1]
  print(to.name, asked.kind, asked.from, asked.hops, asked.id == id,
    answer.kind, answer.from, answer.data, answer.hops, answer.re == id)
end
local line = mesh.topo.line(6, {program = msNode, args = {routing = "`+routing+`"}, link = {delay = "5ms"}, prefix = "l"})
ask(line, line[1], line[6])
local net = mesh.topo.random(40, 0.1, {connected = true, program = msNode, args = {routing = "`+routing+`"}, link = {delay = "5ms"}})
local far
for name, d in pairs(mesh.paths(net[1])) do if d == 5 and (not far or name < far) then far = name end end
ask(net, net[1], mesh.get(far))
`)
		lines := scriptLines(out)
		if len(lines) != 2 {
			t.Fatalf("%s: want two lines, got\n%s", routing, out)
		}
		for _, l := range lines {
			if f := strings.SplitN(l, "\t", 2); f[1] != "send\tl1\t5\ttrue\treply\t"+f[0]+"\tpong\t5\ttrue" &&
				f[1] != "send\tn1\t5\ttrue\treply\t"+f[0]+"\tpong\t5\ttrue" {
				t.Errorf("%s: got %q, want the message and its reply in 5 hops each", routing, l)
			}
		}
	}
}

// A whisper reaches the nodes on the whisperer's links once each and goes
// no farther: on a line, the two neighbours get it and the nodes two hops
// away do not; on a shared link, every node on it does, and nobody passes
// it on.
func TestMeshsocketWhisperNeverTravelsTwoHops(t *testing.T) {
	out := mustRun(t, `
mesh.seed(2)
`+msNode+`
local nodes = mesh.topo.line(5, {program = msNode, args = {routing = "lsr"}, link = {delay = "1ms"}})
local lan = mesh.link("lan", {delay = "1ms"})
for _, name in ipairs{"a", "b", "c"} do mesh.node(name, {program = msNode, args = {routing = "lsr"}, links = {lan}}) end
mesh.connect(mesh.get("a"), mesh.get("n1-n2"))        -- a is also a neighbour of n1 and n2
mesh.run(2)
for _, n in ipairs(mesh.nodes()) do n:call("received") end
nodes[3]:call("whisper", "n3 says")
mesh.get("b"):call("whisper", "b says")
mesh.run(2)
local names = {}
for _, n in ipairs(mesh.nodes()) do names[#names + 1] = n.name end
table.sort(names)
local forwarded = 0
for _, name in ipairs(names) do
  local n, list = mesh.get(name), {}
  for _, m in ipairs(n:call("received")) do list[#list + 1] = m.kind .. ":" .. m.data .. ":" .. m.hops end
  forwarded = forwarded + n:call("stats").forwarded
  print(name, table.concat(list, ","))
end
print("forwarded", forwarded)
`)
	want := "a\twhisper:b says:1\nb\t\nc\twhisper:b says:1\nn1\t\nn2\twhisper:n3 says:1\nn3\t\n" +
		"n4\twhisper:n3 says:1\nn5\t\nforwarded\t0\n"
	if got := strings.Join(scriptLines(out), "\n") + "\n"; got != want {
		t.Errorf("whispers:\n got %q\nwant %q", got, want)
	}
}

// A broadcast on a network with cycles reaches every other node exactly
// once (copies that come back over other paths are dropped and counted),
// never its sender, in as many hops as the shortest path.
func TestMeshsocketBroadcastReachesAllOnce(t *testing.T) {
	for _, routing := range []string{"dv", "lsr"} {
		out := mustRun(t, `
mesh.seed(11)
`+msNode+`
local nodes = mesh.topo.random(50, 0.1, {connected = true, program = msNode, args = {routing = "`+routing+`"}, link = {delay = "2ms"}})
mesh.run(1)
local id = nodes[7]:call("broadcast", {text = "to all", n = 7})
mesh.run(2)
local once, wrong, dups, paths = 0, 0, 0, mesh.paths(nodes[7])
for _, n in ipairs(nodes) do
  local got = 0
  for _, m in ipairs(n:call("received")) do
    if m.id == id then
      got = got + 1
      if m.kind ~= "broadcast" or m.from ~= "n7" or m.data.text ~= "to all" or m.hops ~= paths[n.name] then wrong = wrong + 1 end
    end
  end
  if got == 1 then once = once + 1 elseif n ~= nodes[7] or got ~= 0 then wrong = wrong + 1 end
  dups = dups + n:call("stats").duplicates
end
print(once, wrong, dups > 0)
`)
		if got := strings.TrimSpace(out); got != "49\t0\ttrue" {
			t.Errorf("%s: got %q (nodes reached once, wrong deliveries, copies dropped), want 49 0 true", routing, got)
		}
	}
}

// Join and leave fire at both ends of a link at once when it goes down
// and comes up (on_link), and after the router's hold time when the link
// silently loses every frame.
func TestMeshsocketJoinAndLeave(t *testing.T) {
	out := mustRun(t, `
mesh.seed(3)
`+msNode+`
local nodes = mesh.topo.line(3, {program = msNode, args = {routing = "dv"}, link = {delay = "10ms"}})
mesh.run(1)
print("start", nodes[2]:call("heard"), table.concat(nodes[2]:call("neighbours"), " "))
nodes[1]:call("heard") nodes[3]:call("heard")
local l = mesh.get("n1-n2")
mesh.at(2, function() l:down() end)
mesh.at(3, function() l:up() end)
mesh.run(4)
print("n1", nodes[1]:call("heard"))
print("n2", nodes[2]:call("heard"))
mesh.get("n2-n3"):set{loss = 1}                    -- silent: only the hold time finds it
mesh.run(30)
-- dv's hold time is 3.5 updates of 4 s, checked every quarter of it: n3
-- heard n2 last in the 4 s before the loss, and forgets it 14 s later, at
-- most 3.5 s after that.
local heard = nodes[3]:call("heard")
local at = tonumber(heard:match("^leave n2 1 ([%d.]+)$"))
print("n3", at and at >= 14 and at <= 4 + 14 + 3.5, #nodes[3]:call("neighbours"))
`)
	want := "start\tjoin n1 1 0.010, join n3 2 0.010\tn1 n3\n" +
		"n1\tleave n2 1 2.000, join n2 1 3.010\n" +
		"n2\tleave n1 1 2.000, join n1 1 3.010\n" +
		"n3\ttrue\t0\n"
	if got := strings.Join(scriptLines(out), "\n") + "\n"; got != want {
		t.Errorf("join and leave:\n got %q\nwant %q\n%s", got, want, out)
	}
}

// A node that sends the socket's messages with fields of any type, and
// datagrams to it with any payload, stops no node; what the sockets cannot
// read is counted as malformed, and a ping still gets its reply.
func TestMeshsocketSurvivesHostileMessages(t *testing.T) {
	out := mustRun(t, `
mesh.seed(6)
`+msNode+`
local nodes = mesh.topo.ring(5, {program = msNode, args = {routing = "dv"}, link = {delay = "1ms"}})
local lan = mesh.link("lan", {delay = "1ms"})
mesh.connect(nodes[1], lan)
local evil = mesh.node("evil", {links = {lan}, program = [[
  local codec, fragment = require "codec", require "fragment"
  local f = fragment.new()
  local function any(depth)
    local k = math.random(depth > 1 and 5 or 6)
    if k == 1 then return math.random(-5, 70000) elseif k == 2 then return ("x"):rep(math.random(0, 8))
    elseif k == 3 then return math.random() < 0.5 elseif k == 4 then return 0/0 elseif k == 5 then return nil end
    local t = {}
    for i = 1, math.random(0, 3) do t[i] = any(depth + 1) end
    t.t, t.id, t.data, t.re = any(depth + 1), any(depth + 1), any(depth + 1), any(depth + 1)
    return t
  end
  local kinds = {"broadcast", "whisper", "send", "reply", "x"}
  node.every(0.01, function()
    local msg = {proto = "dv", from = "evil", kind = "meshsocket"}
    if math.random() < 0.5 then
      msg.kind, msg.src, msg.dst, msg.ttl, msg.hops, msg.app = "datagram", "evil", "n" .. math.random(5), 8, 0, "meshsocket"
      msg.data = any(0)
    else
      msg.t = math.random() < 0.8 and kinds[math.random(#kinds)] or any(1)
      for _, k in ipairs{"id", "data", "origin", "ttl", "hops"} do
        if math.random() < 0.7 then msg[k] = any(1) end
      end
    end
    node.send{payload = f:split(codec.encode(msg), 1500)[1]}
  end)]]})
mesh.run(10)
local stopped, malformed = 0, 0
for _, n in ipairs(mesh.nodes()) do
  if n:stats().stopped then stopped = stopped + 1 print(n.name, n:stats().error) end
end
for _, n in ipairs(nodes) do malformed = malformed + n:call("stats").malformed end
for _, n in ipairs(nodes) do n:call("received") end
local id = nodes[3]:call("send", "n1", "ping")
mesh.run(1)
local answer
for _, m in ipairs(nodes[3]:call("received")) do if m.re == id then answer = m end end
print("stopped", stopped, "malformed", malformed > 0, "reply", answer and answer.data)
`)
	if got := strings.Join(scriptLines(out), "\n"); got != "stopped\t0\tmalformed\ttrue\treply\tpong" {
		t.Errorf("got %q, want no node stopped, malformed counted, the reply", got)
	}
}

// Bad options stop the node with an error that names the option.
func TestMeshsocketOptionsAreChecked(t *testing.T) {
	out := mustRun(t, `
mesh.node("a", {program = [[require("meshsocket").new{routing = "ospf"}]]})
mesh.node("b", {program = [[require("meshsocket").new{ttl = 0}]]})
mesh.node("c", {program = [[require("meshsocket").new{windw = 1}]]})
mesh.node("d", {program = [[require("meshsocket").new{routing = "lsr", router = {helo = 1}}]]})
mesh.node("e", {program = [[require("meshsocket").new().on_message(5)]]})
mesh.run(1)`)
	for _, want := range []string{
		`meshsocket: option routing: want "dv" or "lsr", got "ospf"`,
		`meshsocket: option ttl: want a whole number >= 1, got 0`,
		`meshsocket: unknown option "windw" (did you mean "window"?)`,
		`lsr args: unknown option "helo" (did you mean "hello"?)`,
		`meshsocket: on_message wants a function, got number`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}
