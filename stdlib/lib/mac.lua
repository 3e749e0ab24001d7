-- mac: Ethernet addresses as node programs meet them, strings such as
-- "02:00:00:00:00:01" (frame.src, frame.dst, node.ports()[i].mac).
local sub = string.sub

-- is_group(addr) -> whether addr is a group address, broadcast or
-- multicast: the low bit of its first byte is set.
local function is_group(addr)
  return tonumber(sub(addr, 2, 2), 16) % 2 == 1
end

-- own(node) -> the node's own addresses, as its ports have them now: a
-- set {[mac] = port index, ...}, and {[port index] = mac, ...}. A program
-- that keeps them asks again when a frame comes in on a port it does not
-- know: the node joined a link since.
local function own(node)
  local macs, by_port = {}, {}
  for _, p in ipairs(node.ports()) do
    macs[p.mac], by_port[p.index] = p.index, p.mac
  end
  return macs, by_port
end

-- The module is one table constructor: gopher-lua gives a table that
-- gets its keys one by one room for 32 of them, and every node that
-- requires a module has its own copy.
return {is_group = is_group, own = own}
