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
		`{}`:                                 `ping: args.ip is the node's IPv4 address`,
		`{ip = "10.0.0.300"}`:                `ping: args.ip is the node's IPv4 address`,
		`{ip = "10.0.0.1", target = "host"}`: `ping: args.target is an IPv4 address to ping`,
	} {
		out := mustRun(t, `mesh.node("p", {program = "ping", args = `+args+`})`)
		if !strings.Contains(out, want) {
			t.Errorf("args %s: got %q, want %q", args, out, want)
		}
	}
}
