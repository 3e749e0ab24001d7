-- ping: an IPv4 host that answers ping. It answers ARP requests for its
-- address and ICMP echo requests to it, from the MAC of the port they came
-- in on. With a target it also pings: it sends echo requests every
-- interval and logs each reply as "reply from IP seq=N time=Tms".
--
-- It learns the MAC of an address from ARP and from the IPv4 frames that
-- address sends. While it does not know the target's, it sends an ARP
-- request and the echo request to the broadcast address: on a tun link,
-- where no ARP is answered, the kernel answers the echo, and its reply
-- tells the MAC.
--
-- With a gateway, it sends to the gateway's MAC the echo requests for a
-- target outside its subnet (args.ip's prefix), holding the latest one
-- while it asks the gateway's MAC with ARP. It logs the ICMP errors about
-- its requests: "time exceeded from IP seq=N", "net unreachable from ...".
--
-- args: ip (this node's address, required, with a prefix length for a
--       gateway: "10.1.0.2/24"), target (an address to ping), gateway (the
--       router for targets outside the subnet), interval (between
--       requests, default "1s"), count (requests to send, default no end),
--       size (bytes of data, default 56), ttl (of requests, default 64),
--       port (the port to ping from, default 1)
-- functions for node:call: stats() -> {answered =, sent =, received =,
-- errors =}: echo requests answered, sent, replies to them received, and
-- ICMP errors about them received
local inet = require "inet"
local mac = require "mac"
local args = require("args").check("ping args", node.args, {
  ip = {"string", required = true},
  target = {"string"},
  gateway = {"string"},
  interval = {"duration", 1, above = 0},
  count = {"whole", min = 1},
  size = {"whole", 56, min = 0, max = 65507},
  ttl = {"whole", 64, min = 1, max = 255},
  port = {"whole", 1, min = 1},
})
local ip, prefix = inet.parse_prefix(args.ip)
if not ip then ip = args.ip end
local target, gateway = args.target, args.gateway
assert(inet.ip_bytes(ip), 'ping: args.ip is the node\'s IPv4 address, such as "10.9.0.2" or "10.9.0.2/24"')
assert(target == nil or inet.ip_bytes(target), 'ping: args.target is an IPv4 address to ping, such as "10.9.0.1"')
assert(gateway == nil or inet.ip_bytes(gateway), 'ping: args.gateway is an IPv4 address, such as "10.9.0.1"')
assert(gateway == nil or prefix, 'ping: args.gateway needs args.ip with a prefix length, such as "10.9.0.2/24"')
local ttl, port = args.ttl, args.port
local broadcast = "ff:ff:ff:ff:ff:ff"
local macs = {} -- address -> MAC
local sent_at = {} -- seq -> when its request left
local counts = {answered = 0, sent = 0, received = 0, errors = 0}
local seq = 0
local size = args.size
local data = ("meshlua ping "):rep(math.floor(size / 13) + 1):sub(1, size)

-- ident is the echo identifier: the same for a node's name on every run.
local ident = 0
for i = 1, #node.name do ident = (ident * 31 + node.name:byte(i)) % 65536 end

local function mac_of(index)
  local _, by_port = mac.own(node)
  return by_port[index]
end

local function for_me(dst, index)
  return mac.is_group(dst) or dst == mac_of(index)
end

local function send_ip(index, dst_mac, dst_ip, message, hops)
  node.send{port = index, dst = dst_mac, type = inet.IPV4,
    payload = inet.ipv4{src = ip, dst = dst_ip, protocol = inet.ICMP, id = seq, ttl = hops, payload = message}}
end

-- hop is the address whose MAC a request for the target goes to: the
-- gateway's for a target outside the subnet, else the target's.
local hop = target
if gateway and target then
  local net = inet.network(inet.ip_number(ip), prefix)
  if inet.network(inet.ip_number(target), prefix) ~= net then hop = gateway end
end
local held -- the latest echo request waiting for the gateway's MAC

local function on_arp(f, index)
  local a = inet.parse_arp(f.payload)
  if not a then return end
  macs[a.sender_ip] = a.sender_mac
  if held and a.sender_ip == hop then
    send_ip(port, a.sender_mac, target, held, ttl)
    held = nil
  end
  if a.op == 1 and a.target_ip == ip then
    node.send{port = index, dst = f.src, type = inet.ARP, payload = inet.arp{op = 2,
      sender_mac = mac_of(index), sender_ip = ip, target_mac = a.sender_mac, target_ip = a.sender_ip}}
  end
end

local unreachable = {[0] = "net unreachable", [1] = "host unreachable", [2] = "protocol unreachable",
  [3] = "port unreachable", [4] = "fragmentation needed"}

local function on_ipv4(f, index)
  local p = for_me(f.dst, index) and inet.parse_ipv4(f.payload)
  if not p or p.dst ~= ip or p.protocol ~= inet.ICMP or p.fragment then return end
  macs[p.src] = f.src
  local m = inet.parse_icmp(p.payload)
  if not m then return end
  if m.type == 8 and m.code == 0 then
    counts.answered = counts.answered + 1
    send_ip(index, f.src, p.src, inet.icmp{type = 0, id = m.id, seq = m.seq, data = m.data})
  elseif m.type == 0 and m.code == 0 and m.id == ident and p.src == target and sent_at[m.seq] then
    counts.received = counts.received + 1
    node.log(("reply from %s seq=%d time=%.3fms"):format(p.src, m.seq, (node.now() - sent_at[m.seq]) * 1000))
    sent_at[m.seq] = nil
  elseif m.type == 11 or m.type == 3 then
    local q = inet.parse_quote(m.data)
    local e = q and q.src == ip and q.dst == target and q.icmp
    if not (e and e.type == 8 and e.id == ident and sent_at[e.seq]) then return end
    counts.errors = counts.errors + 1
    local what = m.type == 11 and "time exceeded" or unreachable[m.code] or ("unreachable (code %d)"):format(m.code)
    node.log(("%s from %s seq=%d"):format(what, p.src, e.seq))
    sent_at[e.seq] = nil
  end
end

function on_frame(f, index)
  if f.type == inet.ARP then
    on_arp(f, index)
  elseif f.type == inet.IPV4 then
    on_ipv4(f, index)
  end
end

local timer
local function request()
  if args.count and seq >= args.count then
    timer:cancel()
    return
  end
  seq = (seq % 65535) + 1
  local mac = macs[hop]
  if not mac then
    node.send{port = port, type = inet.ARP, payload = inet.arp{op = 1,
      sender_mac = mac_of(port), sender_ip = ip, target_mac = "00:00:00:00:00:00", target_ip = hop}}
  end
  sent_at[seq] = node.now()
  counts.sent = counts.sent + 1
  local echo = inet.icmp{type = 8, id = ident, seq = seq, data = data}
  if mac or hop == target then
    send_ip(port, mac or broadcast, target, echo, ttl)
  else
    held = echo
  end
end

function on_start()
  if target then
    timer = node.every(args.interval, request)
    request()
  end
end

function stats()
  return {answered = counts.answered, sent = counts.sent, received = counts.received, errors = counts.errors}
end
