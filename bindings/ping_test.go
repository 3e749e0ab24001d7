package bindings

import (
	"strings"
	"testing"
)

func TestTwoPingNodesPingEachOther(t *testing.T) {
	script := `
mesh.seed(1)
local l = mesh.link("l", {delay = "5ms"})
local a = mesh.node("a", {program = "ping", args = {ip = "10.0.0.1", target = "10.0.0.2", count = 3}, links = {l}})
local b = mesh.node("b", {program = "ping", args = {ip = "10.0.0.2", target = "10.0.0.1", interval = "500ms", count = 2}, links = {l}})
mesh.run(5)
for _, n in ipairs{a, b} do
  local s = n:call("stats")
  print(n.name, s.answered, s.sent, s.received)
end`
	want := `[0.010000] a: reply from 10.0.0.2 seq=1 time=10.000ms
[0.010000] b: reply from 10.0.0.1 seq=1 time=10.000ms
[0.510000] b: reply from 10.0.0.1 seq=2 time=10.000ms
[1.010000] a: reply from 10.0.0.2 seq=2 time=10.000ms
[2.010000] a: reply from 10.0.0.2 seq=3 time=10.000ms
a	2	3	3
b	3	2	2
`
	if out := mustRun(t, script); out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestPingAnswersARPAndEchoAndIgnoresTheRest(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local p = mesh.node("p", {program = "ping", args = {ip = "10.0.0.2"}, links = {l}})
local prober = mesh.node("prober", {links = {l}, program = [[
  local inet = require "inet"
  local me = node.ports()[1].mac
  function go(dst)
    local function echo(to, mangle)
      local m = inet.icmp{type = 8, id = 77, seq = 5, data = "abc"}
      if mangle then m = m:sub(1, -2) .. "x" end
      return inet.ipv4{src = "10.0.0.1", dst = to, protocol = inet.ICMP, payload = m}
    end
    node.send{type = inet.ARP, payload = inet.arp{op = 1, sender_mac = me, sender_ip = "10.0.0.1",
      target_mac = "00:00:00:00:00:00", target_ip = "10.0.0.2"}}
    node.send{type = inet.ARP, payload = inet.arp{op = 1, sender_mac = me, sender_ip = "10.0.0.1",
      target_mac = "00:00:00:00:00:00", target_ip = "10.0.0.3"}}
    node.send{dst = dst, type = inet.IPV4, payload = echo("10.0.0.2")}
    node.send{dst = dst, type = inet.IPV4, payload = echo("10.0.0.3")}           -- another address
    node.send{dst = dst, type = inet.IPV4, payload = echo("10.0.0.2", true)}     -- a bad checksum
    node.send{dst = "02:99:99:99:99:99", type = inet.IPV4, payload = echo("10.0.0.2")} -- another MAC
    for _, junk in ipairs{"", "\69", ("\96"):rep(40), ("\69"):rep(40)} do
      node.send{dst = dst, type = inet.IPV4, payload = junk}
      node.send{dst = dst, type = inet.ARP, payload = junk}
    end
  end
  function on_frame(f)
    local d = f:decode()
    if d.arp then
      print("arp", d.arp.op, d.arp.sender_ip, d.arp.sender_mac == f.src, d.arp.target_ip, f.dst == me)
    elseif d.icmpv4 then
      local ip = inet.parse_ipv4(f.payload)
      local m = inet.parse_icmp(ip.payload)
      print("icmp", d.ipv4.src, d.ipv4.dst, d.icmpv4.type, d.icmpv4.id, d.icmpv4.seq, m.data, f.dst == me)
    end
  end]]})
prober:call("go", p:ports()[1].mac)
mesh.run(1)
local s = p:stats()
print(s.stopped, p:call("stats").answered)
-- the Internet checksum of a known IPv4 header (RFC 1071's sum, 0xb861)
print(mesh.node("c", {program = [[
  local inet = require "inet"
  local h = "\69\0\0\115\0\0\64\0\64\17\0\0\192\168\0\1\192\168\0\199"
  function sums() return inet.checksum(h), inet.checksum(h:sub(1, 10) .. "\184\97" .. h:sub(13)) end]]}):call("sums"))`)
	want := "[0.000000] prober: arp\t2\t10.0.0.2\ttrue\t10.0.0.1\ttrue\n" +
		"[0.000000] prober: icmp\t10.0.0.2\t10.0.0.1\t0\t77\t5\tabc\ttrue\n" +
		"false\t1\n" +
		"47201\t0\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestPingArgsAreChecked(t *testing.T) {
	for args, want := range map[string]string{
		`{}`:                                 `ping args: option ip: required: want a string`,
		`{ip = "10.0.0.300"}`:                `ping: args.ip is the node's IPv4 address`,
		`{ip = "10.0.0.1", target = "host"}`: `ping: args.target is an IPv4 address to ping`,
	} {
		out := mustRun(t, `mesh.node("p", {program = "ping", args = `+args+`})`)
		if !strings.Contains(out, want) {
			t.Errorf("args %s: got %q, want %q", args, out, want)
		}
	}
}

func TestInetHelpersForRouting(t *testing.T) {
	out := mustRun(t, `print(mesh.node("n", {program = [[
  local inet = require "inet"
  function check()
    local out = {}
    local function say(...) out[#out + 1] = table.concat({...}, " ") end
    say(inet.ip_number("10.1.2.3"), inet.number_ip(167838211), inet.number_ip(inet.ip_number("255.255.255.255")), tostring(inet.ip_number("10.1.2")))
    say(inet.parse_prefix("10.1.0.0/16"))
    say(tostring(inet.parse_prefix("10.1.0.0/33")), tostring(inet.parse_prefix("10.1.0.0")), tostring(inet.parse_prefix("x/8")))
    say(inet.number_ip(inet.network(inet.ip_number("10.1.2.3"), 16)), inet.number_ip(inet.network(inet.ip_number("10.1.2.3"), 0)),
      inet.number_ip(inet.network(inet.ip_number("10.1.2.3"), 32)), inet.number_ip(inet.network(inet.ip_number("10.1.2.130"), 25)))
    -- decrement_ttl updates the checksum by arithmetic: it must verify, and
    -- match a checksum summed again, for any header.
    local bad = 0
    for i = 1, 3000 do
      local ttl = math.random(1, 255)
      local h = inet.ipv4{src = inet.number_ip(math.random(0, 2^32 - 1)), dst = inet.number_ip(math.random(0, 2^32 - 1)),
        protocol = math.random(0, 255), ttl = ttl, id = math.random(0, 65535), payload = ""}
      local d = inet.decrement_ttl(h)
      local again = inet.ipv4{src = inet.ip_string(h:sub(13, 16)), dst = inet.ip_string(h:sub(17, 20)),
        protocol = h:byte(10), ttl = ttl - 1, id = h:byte(5) * 256 + h:byte(6), payload = ""}
      local p = inet.parse_ipv4(d)
      if not p or p.ttl ~= ttl - 1 or (d ~= again and d:sub(11, 12) ~= "\0\0" and d:sub(11, 12) ~= "\255\255") then bad = bad + 1 end
    end
    say("decrement_ttl wrong", bad)
    -- an error quotes the header and 8 bytes of data
    local echo = inet.icmp{type = 8, id = 77, seq = 9, data = "0123456789"}
    local pkt = inet.ipv4{src = "10.1.0.2", dst = "10.2.0.2", protocol = inet.ICMP, ttl = 1, id = 5, payload = echo}
    local err = inet.parse_icmp(inet.icmp_error(11, 0, pkt))
    local q = inet.parse_quote(err.data)
    say(err.type, err.code, #err.data, q.src, q.dst, q.protocol, q.ttl, q.id, #q.data, q.icmp.type, q.icmp.id, q.icmp.seq)
    say(tostring(inet.parse_quote("short")), tostring(inet.parse_quote(("\96"):rep(28))), inet.parse_ipv4(pkt .. "pad").length)
    return table.concat(out, "\n")
  end]]}):call("check"))`)
	want := `167838211 10.1.2.3 255.255.255.255 nil
10.1.0.0 16
nil nil nil
10.1.0.0 0.0.0.0 10.1.2.3 10.1.2.128
decrement_ttl wrong 0
11 0 28 10.1.0.2 10.2.0.2 1 1 5 8 8 77 9
nil nil 38
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestPingThroughAGatewayChecksItsArgs(t *testing.T) {
	for args, want := range map[string]string{
		`{ip = "10.0.0.1", gateway = "10.0.0.254"}`: `ping: args.gateway needs args.ip with a prefix length, such as "10.9.0.2/24"`,
		`{ip = "10.0.0.1/24", gateway = "router"}`:  `ping: args.gateway is an IPv4 address, such as "10.9.0.1"`,
		`{ip = "10.0.0.1/24", ttl = 0}`:             `ping args: option ttl: want a whole number from 1 to 255, got 0`,
		`{ip = "10.0.0.1/40"}`:                      `ping: args.ip is the node's IPv4 address, such as "10.9.0.2" or "10.9.0.2/24"`,
	} {
		out := mustRun(t, `mesh.node("p", {program = "ping", args = `+args+`})`)
		if !strings.Contains(out, want) {
			t.Errorf("args %s: got %q, want %q", args, out, want)
		}
	}
}
