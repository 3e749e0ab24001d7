-- inet: IPv4, ARP and ICMP for node programs: parse and build packets, and
-- the Internet checksum. Addresses are strings ("10.9.0.2",
-- "02:00:00:00:00:01"), packets strings of bytes. Lua 5.1 has no bit
-- operations, so the checksum is a sum folded by arithmetic.
local M = {}

M.IPV4, M.ARP, M.ICMP = 0x0800, 0x0806, 1

local byte, char, sub, floor = string.byte, string.char, string.sub, math.floor

local function u16(s, i)
  local a, b = byte(s, i, i + 1)
  return a * 256 + b
end

local function be16(n)
  return char(floor(n / 256) % 256, n % 256)
end

-- ip_bytes("10.9.0.2") -> the address's 4 bytes, or nil.
function M.ip_bytes(s)
  local a, b, c, d = tostring(s):match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  a, b, c, d = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
  if not (a and a < 256 and b < 256 and c < 256 and d < 256) then return nil end
  return char(a, b, c, d)
end

function M.ip_string(b)
  return ("%d.%d.%d.%d"):format(byte(b, 1, 4))
end

-- ip_number("10.9.0.2") -> the address as a number from 0 to 2^32-1, or nil.
function M.ip_number(s)
  local b = M.ip_bytes(s)
  if not b then return nil end
  local a1, a2, a3, a4 = byte(b, 1, 4)
  return ((a1 * 256 + a2) * 256 + a3) * 256 + a4
end

function M.number_ip(n)
  return ("%d.%d.%d.%d"):format(floor(n / 0x1000000) % 256, floor(n / 0x10000) % 256, floor(n / 256) % 256, n % 256)
end

-- parse_prefix("10.1.0.0/24") -> "10.1.0.0", 24; nil if s is not an
-- address with a prefix length from 0 to 32.
function M.parse_prefix(s)
  local ip, len = tostring(s):match("^([%d.]+)/(%d+)$")
  len = tonumber(len)
  if not (ip and M.ip_bytes(ip) and len <= 32) then return nil end
  return ip, len
end

-- network(n, len) -> the first address (a number) of the network of len
-- bits that holds the address n (a number).
function M.network(n, len)
  local size = 2 ^ (32 - len)
  return floor(n / size) * size
end

-- mac_bytes("02:00:00:00:00:01") -> the address's 6 bytes, or nil.
function M.mac_bytes(s)
  local h = {tostring(s):lower():match("^(%x%x)[:-](%x%x)[:-](%x%x)[:-](%x%x)[:-](%x%x)[:-](%x%x)$")}
  if #h ~= 6 then return nil end
  for i = 1, 6 do h[i] = tonumber(h[i], 16) end
  return char(h[1], h[2], h[3], h[4], h[5], h[6])
end

function M.mac_string(b)
  return ("%02x:%02x:%02x:%02x:%02x:%02x"):format(byte(b, 1, 6))
end

-- checksum(s) -> the Internet checksum of s (RFC 1071), a number: 0 over
-- bytes that hold their correct checksum.
function M.checksum(s)
  local sum, n = 0, #s
  for i = 1, n - 1, 2 do
    local a, b = byte(s, i, i + 1)
    sum = sum + a * 256 + b
  end
  if n % 2 == 1 then sum = sum + byte(s, n) * 256 end
  while sum > 0xffff do sum = sum % 0x10000 + floor(sum / 0x10000) end
  return 0xffff - sum
end

-- with_checksum puts the checksum of s into its bytes at <at, at+1>,
-- which hold zeros.
local function with_checksum(s, at)
  return sub(s, 1, at - 1) .. be16(M.checksum(s)) .. sub(s, at + 2)
end

-- parse_ipv4(packet) -> {src, dst, protocol, ttl, id, fragment, length,
-- payload} for an IPv4 packet with a correct header checksum, or nil.
-- length is the total length: what follows it in packet, such as Ethernet
-- padding, is left out of payload.
function M.parse_ipv4(p)
  if #p < 20 or floor(byte(p, 1) / 16) ~= 4 then return nil end
  local hl, total = byte(p, 1) % 16 * 4, u16(p, 3)
  if hl < 20 or total < hl or total > #p or M.checksum(sub(p, 1, hl)) ~= 0 then return nil end
  local frag = u16(p, 7)
  return {
    src = M.ip_string(sub(p, 13, 16)), dst = M.ip_string(sub(p, 17, 20)),
    protocol = byte(p, 10), ttl = byte(p, 9), id = u16(p, 5),
    fragment = frag % 0x2000 ~= 0 or floor(frag / 0x2000) % 2 == 1, -- an offset, or more to come
    length = total, payload = sub(p, hl + 1, total),
  }
end

-- decrement_ttl(packet) -> the IPv4 packet with its TTL (>= 1) one less and
-- its header checksum updated by arithmetic (RFC 1624: HC' = ~(~HC + ~m + m'),
-- m the 16-bit word of TTL and protocol), not summed again.
function M.decrement_ttl(p)
  local ttl, protocol = byte(p, 9, 10)
  local m = ttl * 256 + protocol
  local sum = (0xffff - u16(p, 11)) + (0xffff - m) + (m - 256)
  while sum > 0xffff do sum = sum % 0x10000 + floor(sum / 0x10000) end
  return sub(p, 1, 8) .. char(ttl - 1) .. sub(p, 10, 10) .. be16(0xffff - sum) .. sub(p, 13)
end

-- ipv4{src=, dst=, protocol=, payload=, ttl=64, id=0} -> an IPv4 packet
-- (no options, don't fragment).
function M.ipv4(t)
  local h = char(0x45, 0) .. be16(20 + #t.payload) .. be16(t.id or 0) .. char(0x40, 0, t.ttl or 64, t.protocol)
    .. "\0\0" .. M.ip_bytes(t.src) .. M.ip_bytes(t.dst)
  return with_checksum(h, 11) .. t.payload
end

-- parse_icmp(message) -> {type, code, id, seq, data} for an ICMP message
-- with a correct checksum (id and seq are those of an echo), or nil.
function M.parse_icmp(p)
  if #p < 8 or M.checksum(p) ~= 0 then return nil end
  return {type = byte(p, 1), code = byte(p, 2), id = u16(p, 5), seq = u16(p, 7), data = sub(p, 9)}
end

-- icmp{type=, code=0, id=, seq=, data=""} -> an ICMP message.
function M.icmp(t)
  return with_checksum(char(t.type, t.code or 0) .. "\0\0" .. be16(t.id) .. be16(t.seq) .. (t.data or ""), 3)
end

-- icmp_error(type, code, packet) -> an ICMP error message about the IPv4
-- packet: time exceeded (type 11), destination unreachable (type 3, code 0
-- net, 1 host), quoting the packet's header and the first 8 bytes of its data.
function M.icmp_error(type, code, packet)
  local hl = byte(packet, 1) % 16 * 4
  return M.icmp{type = type, code = code, id = 0, seq = 0, data = sub(packet, 1, hl + 8)}
end

-- parse_quote(data) -> {src, dst, protocol, ttl, id, data, icmp} for the
-- packet an ICMP error quotes (its data): data is the first bytes of the
-- quoted packet's payload, and icmp, if it held ICMP, {type, code, id, seq}.
-- nil if data holds no IPv4 header.
function M.parse_quote(p)
  if #p < 20 or floor(byte(p, 1) / 16) ~= 4 or byte(p, 1) % 16 < 5 then return nil end
  local hl = byte(p, 1) % 16 * 4
  if #p < hl then return nil end
  local q = {
    src = M.ip_string(sub(p, 13, 16)), dst = M.ip_string(sub(p, 17, 20)),
    protocol = byte(p, 10), ttl = byte(p, 9), id = u16(p, 5), data = sub(p, hl + 1),
  }
  if q.protocol == M.ICMP and #q.data >= 8 then
    q.icmp = {type = byte(q.data, 1), code = byte(q.data, 2), id = u16(q.data, 5), seq = u16(q.data, 7)}
  end
  return q
end

-- parse_arp(payload) -> {op, sender_mac, sender_ip, target_mac, target_ip}
-- for ARP over Ethernet for IPv4, or nil.
function M.parse_arp(p)
  if #p < 28 or sub(p, 1, 6) ~= "\0\1\8\0\6\4" then return nil end
  return {
    op = u16(p, 7),
    sender_mac = M.mac_string(sub(p, 9, 14)), sender_ip = M.ip_string(sub(p, 15, 18)),
    target_mac = M.mac_string(sub(p, 19, 24)), target_ip = M.ip_string(sub(p, 25, 28)),
  }
end

-- arp{op=, sender_mac=, sender_ip=, target_mac=, target_ip=} -> the payload
-- of an ARP frame (op 1 asks, 2 answers).
function M.arp(t)
  return "\0\1\8\0\6\4" .. be16(t.op) .. M.mac_bytes(t.sender_mac) .. M.ip_bytes(t.sender_ip)
    .. M.mac_bytes(t.target_mac) .. M.ip_bytes(t.target_ip)
end

return M
