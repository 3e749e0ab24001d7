-- flood: sends messages to every node of a network, each exactly once.
--
-- A message carries its origin, a sequence number, a TTL and a hop count.
-- Every node forwards a message it has not seen on all its other ports and
-- remembers its (origin, sequence) for `window` seconds, so a flood on a
-- graph with cycles ends and each node delivers each message once; the TTL
-- bounds how far a message goes even after its id is forgotten.
--
-- args: ttl (hops, default 16), window (a duration, default 60),
--       quiet (true: do not log deliveries)
-- functions for node:call: send(text) -> seq, count() -> messages
-- delivered here, received() -> list of {origin, seq, hops, text, at},
-- stats() -> {sent, delivered, forwarded (passed on to another port),
-- duplicates (copies dropped), expired (TTL ran out)}
--
-- A flood touches every node of a network, so a hop is kept cheap: no
-- table is made for a message (what was delivered is kept as plain values
-- in one list, the counts in locals; received and stats build tables when
-- called), and a forwarded payload is the one received with its TTL and
-- hops rewritten.
local seen = require "seen"
local ports = require "ports"
local args = require("args").check("flood args", node.args, {
  ttl = {"whole", 16, min = 1},
  window = {"duration", 60, above = 0},
  quiet = {"boolean", false},
})
local ttl, window, quiet = args.ttl, args.window, args.quiet
local seq = 0
-- The ids of the messages seen: "ORIGIN\nSEQ", as the payload has them.
local ids = seen.new(window)
-- got holds the messages delivered here, five slots each: origin, seq,
-- hops, text and the time.
local got = {}
local sent, delivered, forwarded, duplicates, expired = 0, 0, 0, 0, 0
local find, sub, tonumber = string.find, string.sub, tonumber

-- send(text) sends a new message from this node on every port.
function send(text)
  seq = seq + 1
  ids:add(node.name .. "\n" .. seq)
  sent = sent + 1
  ports.flood(node, ("FLOOD1\n%s\n%d %d 0\n%s"):format(node.name, seq, ttl, tostring(text)))
  return seq
end

-- on_frame reads a message with plain finds (gopher-lua compiles a pattern
-- at every match, which would cost more than the rest of a hop):
-- "FLOOD1\n" ORIGIN "\n" SEQ " " TTL " " HOPS "\n" TEXT, the id from its
-- first byte to the space after SEQ (exclusive).
function on_frame(f, port)
  local p = f.payload
  if sub(p, 1, 7) ~= "FLOOD1\n" then return end
  local e1 = find(p, "\n", 8, true)
  local sp1 = e1 and find(p, " ", e1 + 1, true)
  local sp2 = sp1 and find(p, " ", sp1 + 1, true)
  local e2 = sp2 and find(p, "\n", sp2 + 1, true)
  if not e2 then return end
  local s, t, hops = tonumber(sub(p, e1 + 1, sp1 - 1)), tonumber(sub(p, sp1 + 1, sp2 - 1)), tonumber(sub(p, sp2 + 1, e2 - 1))
  if not (s and t and hops) then return end
  local id = sub(p, 8, sp1 - 1)
  if ids:has(id) then
    duplicates = duplicates + 1
    return
  end
  ids:add(id)
  hops = hops + 1
  delivered = delivered + 1
  local origin, text, n = sub(p, 8, e1 - 1), sub(p, e2 + 1), #got
  if n == 0 then
    got = {origin, s, hops, text, node.now()} -- room for one (see seen.lua)
  else
    got[n + 1], got[n + 2], got[n + 3], got[n + 4], got[n + 5] = origin, s, hops, text, node.now()
  end
  if not quiet then
    node.log(("got %q from %s (#%d, %d %s)"):format(text, origin, s, hops, hops == 1 and "hop" or "hops"))
  end
  if t > 1 then
    if ports.flood(node, sub(p, 1, sp1) .. (t - 1) .. " " .. hops .. sub(p, e2), port) > 0 then
      forwarded = forwarded + 1
    end
  else
    expired = expired + 1
  end
end

function count() return #got / 5 end

function received()
  local list = {}
  for i = 1, #got, 5 do
    list[#list + 1] = {origin = got[i], seq = got[i + 1], hops = got[i + 2], text = got[i + 3], at = got[i + 4]}
  end
  return list
end

function stats()
  return {sent = sent, delivered = delivered, forwarded = forwarded, duplicates = duplicates, expired = expired}
end
