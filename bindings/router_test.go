package bindings

import (
	"strings"
	"testing"
)

// routerStats prints the named counters of the router r, in that order.
const routerStats = `
function counters(r, ...)
  local s, out = r:call("stats"), {}
  for i, k in ipairs{...} do out[i] = k .. "=" .. s[k] end
  print(r.name .. ": " .. table.concat(out, " "))
end
`

func TestRouterJoinsTwoSubnets(t *testing.T) {
	out := mustRun(t, routerStats+`
local l1, l2 = mesh.link("l1", {delay = "1ms"}), mesh.link("l2", {delay = "1ms"})
local r = mesh.node("r", {program = "router", links = {l1, l2},
  args = {ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}}})
local a = mesh.node("a", {program = "ping", links = {l1},
  args = {ip = "10.1.0.2/24", gateway = "10.1.0.1", target = "10.2.0.2", count = 3}})
local b = mesh.node("b", {program = "ping", links = {l2}, args = {ip = "10.2.0.2/24", gateway = "10.2.0.1"}})
mesh.node("c", {program = "ping", links = {l1}, args = {ip = "10.1.0.3/24", gateway = "10.1.0.1", target = "10.2.0.1", count = 1}})
mesh.run(5)
counters(r, "received", "local", "answered", "forwarded", "arp_requests", "arp_replies")
print("b answered", b:call("stats").answered)
local arp = r:call("arp")
print("arp", arp["10.1.0.2"] == a:ports()[1].mac, arp["10.2.0.2"] == b:ports()[1].mac)
for _, route in ipairs(r:call("routes")) do print(route.to, route.port, route.via) end`)
	// a asks its gateway's MAC, then sends; r asks b's MAC once, while the
	// first request waits; b answers to the MAC it came from. c pings the
	// router's address on the other link.
	want := `[0.004000] c: reply from 10.2.0.1 seq=1 time=4.000ms
[0.008000] a: reply from 10.2.0.2 seq=1 time=8.000ms
[1.004000] a: reply from 10.2.0.2 seq=2 time=4.000ms
[2.004000] a: reply from 10.2.0.2 seq=3 time=4.000ms
r: received=7 local=1 answered=1 forwarded=6 arp_requests=1 arp_replies=2
b answered	3
arp	true	true
10.1.0.0/24	1	nil
10.2.0.0/24	2	nil
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// chain is a - r1 - r2 - b: 10.1.0.0/24, 10.12.0.0/30 between the
// routers, 10.2.0.0/24; r1 has a static route to 10.2.0.0/16, r2 a default
// route back.
const chain = routerStats + `
local l1, l12, l2 = mesh.link("l1", {delay = "1ms"}), mesh.link("l12", {delay = "1ms"}), mesh.link("l2", {delay = "1ms"})
r1 = mesh.node("r1", {program = "router", links = {l1, l12}, args = {
  ports = {{ip = "10.1.0.1/24"}, {ip = "10.12.0.1/30"}}, routes = {{to = "10.2.0.0/16", via = "10.12.0.2"}}}})
r2 = mesh.node("r2", {program = "router", links = {l12, l2}, args = {
  ports = {{ip = "10.12.0.2/30"}, {ip = "10.2.0.1/24"}}, routes = {{to = "default", via = "10.12.0.1"}}}})
b = mesh.node("b", {program = "ping", links = {l2}, args = {ip = "10.2.0.2/24", gateway = "10.2.0.1"}})
function pinger(name, ip, args)
  args.ip, args.gateway, args.count = ip .. "/24", "10.1.0.1", args.count or 1
  return mesh.node(name, {program = "ping", links = {l1}, args = args})
end
`

func TestRouterChainWithStaticRoutesAndICMPErrors(t *testing.T) {
	out := mustRun(t, chain+`
local a = pinger("a", "10.1.0.2", {target = "10.2.0.2", count = 2})
pinger("ttl1", "10.1.0.3", {target = "10.2.0.2", ttl = 1})
pinger("ttl2", "10.1.0.4", {target = "10.2.0.2", ttl = 2})
pinger("ttl3", "10.1.0.5", {target = "10.2.0.2", ttl = 3})
pinger("far", "10.1.0.6", {target = "10.9.0.1"})
pinger("to_r2", "10.1.0.7", {target = "10.2.0.1"})
mesh.run(5)
counters(r1, "forwarded", "ttl_exceeded", "no_route", "arp_requests")
counters(r2, "forwarded", "ttl_exceeded", "no_route", "arp_requests", "answered")
for _, route in ipairs(r1:call("routes")) do print(route.to, route.port, route.via) end
local s = a:call("stats")
print("a", s.sent, s.received, s.errors)`)
	want := `[0.004000] ttl1: time exceeded from 10.1.0.1 seq=1
[0.004000] far: net unreachable from 10.1.0.1 seq=1
[0.008000] ttl2: time exceeded from 10.12.0.2 seq=1
[0.008000] to_r2: reply from 10.2.0.1 seq=1 time=8.000ms
[0.012000] a: reply from 10.2.0.2 seq=1 time=12.000ms
[0.012000] ttl3: reply from 10.2.0.2 seq=1 time=12.000ms
[1.006000] a: reply from 10.2.0.2 seq=2 time=6.000ms
r1: forwarded=10 ttl_exceeded=1 no_route=1 arp_requests=1
r2: forwarded=6 ttl_exceeded=1 no_route=0 arp_requests=1 answered=1
10.12.0.0/30	2	nil
10.1.0.0/24	1	nil
10.2.0.0/16	2	10.12.0.2
a	2	2	0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRouterReachesANetworkByPort(t *testing.T) {
	// 10.5.0.0/24 is on l2's link without an address of the router's in it:
	// the route names the port, and the router asks ARP for the host itself.
	out := mustRun(t, routerStats+`
local l1, l2 = mesh.link("l1", {delay = "1ms"}), mesh.link("l2", {delay = "1ms"})
local r = mesh.node("r", {program = "router", links = {l1, l2}, args = {
  ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}, routes = {{to = "10.5.0.0/24", port = 2}}}})
mesh.node("a", {program = "ping", links = {l1},
  args = {ip = "10.1.0.2/24", gateway = "10.1.0.1", target = "10.5.0.7", count = 2}})
mesh.node("far", {program = "ping", links = {l2}, args = {ip = "10.5.0.7/24", gateway = "10.2.0.1"}})
mesh.run(3)
counters(r, "forwarded", "arp_requests", "unresolved")
print(r:call("arp")["10.5.0.7"] == mesh.get("far"):ports()[1].mac)`)
	want := `[0.008000] a: reply from 10.5.0.7 seq=1 time=8.000ms
[1.004000] a: reply from 10.5.0.7 seq=2 time=4.000ms
r: forwarded=4 arp_requests=1 unresolved=0
true
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRouterArgsAreChecked(t *testing.T) {
	ports := `ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}`
	for args, want := range map[string]string{
		`{}`:                            `router args: option ports: required: want a table`,
		`{ports = {{ip = "10.1.0.1"}}}`: `router: args.ports[1].ip is an address with a prefix length, such as "10.1.0.1/24"`,
		`{` + ports + `, routes = {{to = "10.3.0.0", via = "10.2.0.2"}}}`:    `router: args.routes[1].to is a network with a prefix length, such as "10.3.0.0/16", or "default"`,
		`{` + ports + `, routes = {{to = "10.3.1.0/16", via = "10.2.0.2"}}}`: `router: args.routes[1].to 10.3.1.0/16 has bits set past its prefix length`,
		`{` + ports + `, routes = {{to = "default", via = "10.9.0.2"}}}`:     `router: args.routes[1].via 10.9.0.2 is on none of the router's subnets`,
		`{` + ports + `, routes = {{to = "default", via = "gw"}}}`:           `router: args.routes[1].via is an IPv4 address`,
		`{` + ports + `, routes = {{to = "default"}}}`:                       `router: args.routes[1] needs via (a next-hop address) or port (a port with an address)`,
		`{` + ports + `, queue = 0}`:                                         `router args: option queue: want a whole number >= 1, got 0`,
		`{` + ports + `, arp_timeout = "soon"}`:                              `router args: option arp_timeout: bad duration "soon"`,
	} {
		out := mustRun(t, `mesh.node("r", {program = "router", args = `+args+`})`)
		if !strings.Contains(out, "r: stopped: ") || !strings.Contains(out, want) {
			t.Errorf("args %s: got %q, want the node stopped for %q", args, out, want)
		}
	}
}

func TestRouterAsksARPOnceAndAgainAfterArpAge(t *testing.T) {
	out := mustRun(t, routerStats+`
local l1, l2 = mesh.link("l1", {delay = "1ms"}), mesh.link("l2", {delay = "1ms"})
local r = mesh.node("r", {program = "router", links = {l1, l2},
  args = {ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}, arp_age = "10s"}})
mesh.node("a", {program = "ping", links = {l1},
  args = {ip = "10.1.0.2/24", gateway = "10.1.0.1", target = "10.2.0.2", count = 15, interval = 1}})
mesh.node("b", {program = "ping", links = {l2}, args = {ip = "10.2.0.2/24"}})
mesh.node("watch", {links = {l2}, program = [[
  local n = 0
  function on_frame(f) if f.type == 0x0806 then n = n + 1 end end
  function arps() return n end]]})
mesh.run(9.5)
counters(r, "forwarded", "arp_requests")
print("ARP frames on l2", mesh.get("watch"):call("arps"))
mesh.run(10)
counters(r, "forwarded", "arp_requests")
print("ARP frames on l2", mesh.get("watch"):call("arps"))
print("a received", mesh.get("a"):call("stats").received)`)
	// Ten requests and replies in the first 9.5 s with one ARP request for
	// b (learnt at 0.005 s; its answer is unicast, unseen by watch). r
	// learnt a from a's request at 0.001 s: it asks for a again as the
	// reply of 10 s comes by (10.003 s), and for b with the request of 11 s.
	want := `r: forwarded=20 arp_requests=1
ARP frames on l2	1
r: forwarded=30 arp_requests=3
ARP frames on l2	2
a received	15
`
	if got := strings.Join(scriptLines(out), "\n") + "\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRouterHoldsPacketsForARPThenGivesUp(t *testing.T) {
	out := mustRun(t, routerStats+`
local l1, l2 = mesh.link("l1", {delay = "1ms"}), mesh.link("l2", {delay = "1ms"})
local r = mesh.node("r", {program = "router", links = {l1, l2},
  args = {ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}, queue = 2, arp_timeout = "2500ms"}})
mesh.node("a", {program = "ping", links = {l1},
  args = {ip = "10.1.0.2/24", gateway = "10.1.0.1", target = "10.2.0.99", count = 4, interval = 0.5}})
mesh.run(5)
counters(r, "forwarded", "arp_requests", "queue_full", "unresolved")`)
	// The first request (at r at 0.003 s) starts the ARP, which is asked
	// again at 1.003 and 2.003 s; the second waits with it, the next two find
	// the queue full; at 2.503 s the two waiting get an ICMP host unreachable.
	want := `[2.504000] a: host unreachable from 10.1.0.1 seq=1
[2.504000] a: host unreachable from 10.1.0.1 seq=2
r: forwarded=4 arp_requests=3 queue_full=2 unresolved=2
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRouterForwardsOnlyWhatIsSentToIt(t *testing.T) {
	// A prober (10.1.0.2) on l1 sends packets by hand; a sink (10.2.0.2) on
	// l2 prints what arrives, and so does the prober. Only a packet to the
	// router's MAC, with a good checksum, a TTL above 1, a unicast
	// destination and a size l2 takes (its MTU is 50) is forwarded: with its
	// TTL one less, its checksum still right, from the router's MAC to the
	// sink's. A UDP packet with TTL 1 gets a time exceeded back; an ICMP
	// error with TTL 1 does not.
	out := mustRun(t, routerStats+`
local l1, l2 = mesh.link("l1"), mesh.link("l2", {mtu = 50})
local r = mesh.node("r", {program = "router", links = {l1, l2},
  args = {ports = {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}}})
local host = [[
  local inet = require "inet"
  local me = node.ports()[1].mac
  function on_frame(f)
    if f.type == inet.ARP then
      local a = inet.parse_arp(f.payload)
      node.send{dst = f.src, type = inet.ARP, payload = inet.arp{op = 2, sender_mac = me, sender_ip = node.args.ip,
        target_mac = a.sender_mac, target_ip = a.sender_ip}}
      return
    end
    local p = inet.parse_ipv4(f.payload)
    print(f.src == node.args.router, f.dst == me, p.src, p.dst, p.protocol, p.ttl, p.id, inet.checksum(f.payload:sub(1, 20)), #f.payload)
  end
  function go(router)
    local function udp(dst, ttl, id, data) -- 8 bytes of UDP header, then data
      return inet.ipv4{src = "10.1.0.2", dst = dst, protocol = 17, ttl = ttl, id = id, payload = "\0\1\0\2\0\12\0\0" .. (data or "data")}
    end
    local function send(payload, dst) node.send{dst = dst or router, type = inet.IPV4, payload = payload} end
    send(udp("10.2.0.2", 9, 1) .. "padding")
    send(udp("10.2.0.2", 200, 0xfff0))
    send(udp("10.2.0.2", 9, 2), "ff:ff:ff:ff:ff:ff")                 -- to the broadcast MAC
    send(udp("10.2.0.2", 9, 3), "02:99:00:00:00:01")                 -- to another MAC
    send(udp("10.2.0.2", 9, 4):sub(1, 10) .. "\0\0" .. udp("10.2.0.2", 9, 4):sub(13)) -- no checksum
    send(udp("10.2.0.255", 9, 5))                                    -- to the subnet's broadcast address
    send("\69\0\0")                                               -- junk
    send(udp("10.2.0.2", 9, 6, ("x"):rep(30)))                       -- 58 bytes: too big for l2
    send(udp("10.2.0.2", 1, 7))                                      -- TTL 1: time exceeded
    send(inet.ipv4{src = "10.1.0.2", dst = "10.2.0.2", protocol = inet.ICMP, ttl = 1, id = 8,
      payload = inet.icmp_error(11, 0, udp("10.9.0.9", 1, 9))})     -- an ICMP error, TTL 1: no error about it
  end]]
mesh.node("sink", {links = {l2}, program = host, args = {ip = "10.2.0.2", router = r:ports()[2].mac}})
local prober = mesh.node("prober", {links = {l1}, program = host, args = {ip = "10.1.0.2", router = r:ports()[1].mac}})
prober:call("go", r:ports()[1].mac)
mesh.run(1)
counters(r, "received", "forwarded", "ttl_exceeded", "broadcast", "bad", "not_sent")`)
	want := `[0.000000] sink: true	true	10.1.0.2	10.2.0.2	17	8	1	0	32
[0.000000] sink: true	true	10.1.0.2	10.2.0.2	17	199	65520	0	32
[0.000000] prober: true	true	10.1.0.1	10.1.0.2	1	64	0	0	56
r: received=6 forwarded=3 ttl_exceeded=2 broadcast=1 bad=2 not_sent=1
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
