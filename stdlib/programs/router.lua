-- router: a static IPv4 router between its ports. Each port has an address
-- and a subnet; it answers ARP for the port's address and ICMP echo to any
-- of its addresses, and forwards other IPv4 packets by longest-prefix match
-- over its connected subnets and static routes, with the TTL one less and
-- the header checksum updated. A packet whose TTL runs out gets an ICMP
-- time exceeded back, one without a route an ICMP net unreachable. The
-- next hop's MAC comes from ARP: packets wait for the answer in a bounded
-- queue, and after `arp_timeout` are dropped with an ICMP host unreachable.
--
-- args: ports = {{ip = "10.1.0.1/24"}, ...}, one per port in port order
--       (required); routes = {{to = "10.3.0.0/16", via = "10.2.0.2"}, ...}
--       (to = "default" or "0.0.0.0/0" for a default route; port = N
--       instead of via for a subnet on that port's link); arp_age
--       (default 300 s), arp_timeout (default 3 s), queue (packets waiting
--       for one next hop, default 16)
-- functions for node:call: stats() -> counts, routes() -> the routing
--   table, arp() -> {[ip] = mac, ...}
local inet = require "inet"
local mac = require "mac"
local args = require("args").check("router args", node.args, {
  ports = {"table", required = true},
  routes = {"table", {}},
  arp_age = {"duration", 300, above = 0},
  arp_timeout = {"duration", 3, above = 0},
  queue = {"whole", 16, min = 1},
})
local IPV4, ARP, ICMP = inet.IPV4, inet.ARP, inet.ICMP
local send, now = node.send, node.now
local parse_ipv4, ip_number, network = inet.parse_ipv4, inet.ip_number, inet.network
local floor = math.floor

local function fail(msg, ...) error("router: " .. msg:format(...), 0) end

local arp_age, arp_timeout, queue_limit = args.arp_age, args.arp_timeout, args.queue

-- ports[i] = {ip =, len =, net = (a number), mac =}; mine[ip] = port.
local ports, mine = {}, {}
if #args.ports == 0 then
  fail('args.ports lists each port\'s address and prefix length: {{ip = "10.1.0.1/24"}, {ip = "10.2.0.1/24"}}')
end
for i, p in ipairs(args.ports) do
  local ip, len = inet.parse_prefix(type(p) == "table" and p.ip)
  if not ip then fail('args.ports[%d].ip is an address with a prefix length, such as "10.1.0.1/24"', i) end
  ports[i] = {ip = ip, len = len, net = network(ip_number(ip), len)}
  mine[ip] = i
end
local function refresh_macs()
  local _, by_port = mac.own(node)
  for i, m in pairs(by_port) do
    if ports[i] then ports[i].mac = m end
  end
end
refresh_macs()

-- The routing table, longest prefix first; among equal prefixes connected
-- subnets come first, then static routes in the order given.
local rib = {}
for i, p in ipairs(ports) do
  rib[#rib + 1] = {net = p.net, len = p.len, port = i}
end
for i, r in ipairs(args.routes) do
  local to, len = r.to, nil
  if to == "default" then to, len = "0.0.0.0", 0 else to, len = inet.parse_prefix(to) end
  if not to then fail('args.routes[%d].to is a network with a prefix length, such as "10.3.0.0/16", or "default"', i) end
  local net = ip_number(to)
  if network(net, len) ~= net then fail("args.routes[%d].to %s/%d has bits set past its prefix length", i, to, len) end
  local route = {net = net, len = len, via = r.via, port = r.port}
  if r.via then
    if not inet.ip_bytes(r.via) then fail("args.routes[%d].via is an IPv4 address", i) end
    for j, p in ipairs(ports) do
      if network(ip_number(r.via), p.len) == p.net and (not route.port or route.port == j) then route.port = j break end
    end
    if not route.port or not ports[route.port] then fail("args.routes[%d].via %s is on none of the router's subnets", i, r.via) end
  elseif not ports[r.port or 0] then
    fail("args.routes[%d] needs via (a next-hop address) or port (a port with an address)", i)
  end
  rib[#rib + 1] = route
end
local order = {}
for i, r in ipairs(rib) do order[r] = i end
table.sort(rib, function(a, b)
  if a.len ~= b.len then return a.len > b.len end
  return order[a] < order[b]
end)

local function lookup(n)
  for _, r in ipairs(rib) do
    if network(n, r.len) == r.net then return r end
  end
end

-- received = local + forwarded + ttl_exceeded + no_route + broadcast
local counts = {
  received = 0, ["local"] = 0, answered = 0, forwarded = 0, ttl_exceeded = 0, no_route = 0, broadcast = 0,
  bad = 0, unresolved = 0, queue_full = 0, not_sent = 0, arp_requests = 0, arp_replies = 0,
}

-- neighbours[ip] = {mac =, at =, port =}: the MACs of neighbours, when and
-- on which port they were learnt.
-- waiting[ip] = {port =, packets = {...}, give_up =, retry =}: packets for
-- a neighbour whose MAC is being asked, and the timers that ask again every
-- second and give up after arp_timeout.
local neighbours, waiting = {}, {}

local function ask(port, ip)
  local p = ports[port]
  counts.arp_requests = counts.arp_requests + 1
  send{port = port, type = ARP, payload = inet.arp{op = 1, sender_mac = p.mac, sender_ip = p.ip,
    target_mac = "00:00:00:00:00:00", target_ip = ip}}
end

local send_ip

-- transmit sends packet out of port to the neighbour at hop, asking its MAC
-- first if it is not known.
local function transmit(port, hop, packet)
  local e = neighbours[hop]
  if e and now() - e.at < arp_age then
    if not send{port = port, dst = e.mac, type = IPV4, payload = packet} then counts.not_sent = counts.not_sent + 1 end
    return
  end
  neighbours[hop] = nil
  local w = waiting[hop]
  if w then
    if #w.packets >= queue_limit then
      counts.queue_full = counts.queue_full + 1
    else
      w.packets[#w.packets + 1] = packet
    end
    return
  end
  w = {port = port, packets = {packet}}
  waiting[hop] = w
  ask(port, hop)
  w.give_up = node.after(arp_timeout, function()
    w.retry:cancel()
    waiting[hop] = nil
    counts.unresolved = counts.unresolved + #w.packets
    for _, pkt in ipairs(w.packets) do send_ip(inet.icmp_error(3, 1, pkt), pkt) end
  end)
  w.retry = node.every(1, function() ask(port, hop) end) -- fires after give_up when both are due
end

-- route sends an IPv4 packet to dst (a number) by the routing table, and
-- returns whether it found a route.
local function route(dst, packet)
  local r = lookup(dst)
  if not r then return false end
  transmit(r.port, r.via or inet.number_ip(dst), packet)
  return true
end

-- send_ip sends an ICMP message of this router's: an error about the
-- packet about, to its source, or (about nil) an echo reply from src to dst.
-- It sends no error about an ICMP error, a fragment past the first, or a
-- packet from the router or from no one's unicast address.
function send_ip(message, about, src, dst)
  if about then
    local p = parse_ipv4(about)
    if not p or about:byte(7) % 32 * 256 + about:byte(8) ~= 0 then return end -- a fragment past the first
    local s = ip_number(p.src)
    if s == 0 or s >= 0xe0000000 or floor(s / 0x1000000) == 127 or mine[p.src] then return end
    if p.protocol == ICMP then
      local t = p.payload:byte(1)
      if t ~= 0 and t ~= 8 and t ~= 13 and t ~= 14 then return end -- an error: never answered
    end
    dst = p.src
  end
  local n = ip_number(dst)
  local r = lookup(n)
  if not r then return end
  local packet = inet.ipv4{src = src or ports[r.port].ip, dst = dst, protocol = ICMP, payload = message}
  route(n, packet)
end

local function on_arp(f, index)
  local a = inet.parse_arp(f.payload)
  local p = ports[index]
  if not a or not p then return end
  local ours = a.target_ip == p.ip
  local w, known = waiting[a.sender_ip], neighbours[a.sender_ip]
  if (w and w.port == index) or (known and known.port == index)
    or (ours and network(ip_number(a.sender_ip), p.len) == p.net) then
    neighbours[a.sender_ip] = {mac = a.sender_mac, at = now(), port = index}
    if w then
      waiting[a.sender_ip] = nil
      w.give_up:cancel()
      w.retry:cancel()
      for _, pkt in ipairs(w.packets) do transmit(w.port, a.sender_ip, pkt) end
    end
  end
  if a.op == 1 and ours then
    counts.arp_replies = counts.arp_replies + 1
    send{port = index, dst = a.sender_mac, type = ARP, payload = inet.arp{op = 2,
      sender_mac = p.mac, sender_ip = p.ip, target_mac = a.sender_mac, target_ip = a.sender_ip}}
  end
end

local function on_ipv4(f, index, group)
  local p = parse_ipv4(f.payload)
  if not p then
    counts.bad = counts.bad + 1
    return
  end
  local local_ = mine[p.dst]
  if group and not local_ then return end -- not sent to this router: not to be forwarded
  counts.received = counts.received + 1
  if local_ then
    counts["local"] = counts["local"] + 1
    local m = p.protocol == ICMP and inet.parse_icmp(p.payload)
    if m and m.type == 8 and m.code == 0 and not p.fragment then
      counts.answered = counts.answered + 1
      send_ip(inet.icmp{type = 0, id = m.id, seq = m.seq, data = m.data}, nil, p.dst, p.src)
    end
    return
  end
  local n = ip_number(p.dst)
  local r = lookup(n)
  if r and not r.via and r.len < 31 and n == r.net + 2 ^ (32 - r.len) - 1 or n == 0xffffffff then
    counts.broadcast = counts.broadcast + 1
    return -- a broadcast: not forwarded (RFC 2644)
  end
  local packet = f.payload:sub(1, p.length)
  if p.ttl <= 1 then
    counts.ttl_exceeded = counts.ttl_exceeded + 1
    send_ip(inet.icmp_error(11, 0, packet), packet)
    return
  end
  if route(n, inet.decrement_ttl(packet)) then
    counts.forwarded = counts.forwarded + 1
  else
    counts.no_route = counts.no_route + 1
    send_ip(inet.icmp_error(3, 0, packet), packet)
  end
end

function on_frame(f, index)
  local p = ports[index]
  if not p then return end
  if not p.mac then refresh_macs() end
  local dst = f.dst
  local group = mac.is_group(dst)
  if not group and dst ~= p.mac then return end -- for another node, flooded by the link
  local t = f.type
  if t == ARP then
    on_arp(f, index)
  elseif t == IPV4 then
    on_ipv4(f, index, group)
  end
end

function stats() return counts end -- node:call copies it

function arp()
  local t, out = now(), {}
  for ip, e in pairs(neighbours) do
    if t - e.at < arp_age then out[ip] = e.mac end
  end
  return out
end

function routes()
  local out = {}
  for i, r in ipairs(rib) do
    out[i] = {to = inet.number_ip(r.net) .. "/" .. r.len, port = r.port, via = r.via}
  end
  return out
end
