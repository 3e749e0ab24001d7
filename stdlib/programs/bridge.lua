-- bridge: a learning Ethernet bridge between all its ports. It learns the
-- port behind each source MAC, sends a unicast frame to a known destination
-- out of that port only (and drops it if that is the port it came in on),
-- and floods broadcast, multicast and unknown destinations out of every
-- other port. Frames leave unchanged, from their original sender. A learnt
-- address is forgotten after `age` without a frame from it. Frames to the
-- bridge's own MACs and to the reserved group addresses 01:80:c2:00:00:00
-- to 0f (STP, LLDP, pause: IEEE 802.1D says a bridge does not pass them)
-- are not forwarded.
--
-- args: age (a duration, default 300 seconds)
-- functions for node:call: macs() -> {mac = port, ...}, the live entries;
--   stats() -> {received, forwarded, flooded, filtered, learned, moved, aged}
local mac = require "mac"
local ports = require "ports"
local age = require("args").check("bridge args", node.args, {age = {"duration", 300, above = 0}}).age

local send, now = node.send, node.now
local port_of, seen_at = {}, {} -- MAC -> port; MAC -> when it last sent
local counts = {received = 0, forwarded = 0, flooded = 0, filtered = 0, learned = 0, moved = 0, aged = 0}
local is_group = mac.is_group
local mine, known = mac.own(node) -- the bridge's own MACs; its ports

-- alive returns the port of a learnt address, forgetting it if it aged out.
local function alive(addr, t)
  local port = port_of[addr]
  if port and t - seen_at[addr] >= age then
    port_of[addr], seen_at[addr] = nil, nil
    counts.aged = counts.aged + 1
    return nil
  end
  return port
end

local function flood(f, from)
  counts.flooded = counts.flooded + 1
  ports.flood(node, f, from)
end

function on_frame(f, port)
  counts.received = counts.received + 1
  if not known[port] then mine, known = mac.own(node) end -- joined a link since
  local t = now()
  local src, dst = f.src, f.dst
  if not is_group(src) then
    local was = alive(src, t)
    if not was then
      counts.learned = counts.learned + 1
    elseif was ~= port then
      counts.moved = counts.moved + 1
    end
    port_of[src], seen_at[src] = port, t
  end
  if is_group(dst) then
    if dst:sub(1, 16) == "01:80:c2:00:00:0" then
      counts.filtered = counts.filtered + 1
    else
      flood(f, port)
    end
    return
  end
  if mine[dst] then
    counts.filtered = counts.filtered + 1
    return
  end
  local out = alive(dst, t)
  if out == port then
    counts.filtered = counts.filtered + 1
  elseif out and send(f, out) then
    counts.forwarded = counts.forwarded + 1
  else
    if out then -- its port is gone: forget the address, flood as for an unknown one
      port_of[dst], seen_at[dst] = nil, nil
      mine, known = mac.own(node)
    end
    flood(f, port)
  end
end

-- sweep forgets what aged out, so the table does not keep addresses that
-- went quiet for ever.
node.every(age, function()
  local t = now()
  for addr in pairs(port_of) do alive(addr, t) end
end)

-- macs lists the learnt addresses that have not aged out, with their ports.
function macs()
  local t, out = now(), {}
  for addr in pairs(port_of) do out[addr] = alive(addr, t) end
  return out
end

function stats() return counts end -- node:call copies it
