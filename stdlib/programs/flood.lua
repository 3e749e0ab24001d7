-- flood: sends messages to every node of a network, each exactly once.
--
-- A message carries its origin, a sequence number, a TTL and a hop count.
-- Every node forwards a message it has not seen on all its other ports and
-- remembers its (origin, sequence) for `window` seconds, so a flood on a
-- graph with cycles ends and each node delivers each message once; the TTL
-- bounds how far a message goes even after its id is forgotten.
--
-- args: ttl (hops, default 16), window (seconds, default 60),
--       quiet (true: do not log deliveries)
-- functions for node:call: send(text) -> seq, count() -> messages
-- delivered here, received() -> list of {origin, seq, hops, text, at},
-- stats() -> {sent, delivered, forwarded (passed on to another port),
-- duplicates (copies dropped), expired (TTL ran out)}
local seen = require "seen"
local ports = require "ports"
local ttl = node.args.ttl or 16
local window = node.args.window or 60
local quiet = node.args.quiet
assert(type(ttl) == "number" and ttl >= 1, "flood: args.ttl is a number of hops >= 1")
assert(type(window) == "number", "flood: args.window is a number of seconds")
local seq = 0
local ids = seen.new(window) -- the ids of the messages seen: origin#seq
local got = {}
local counts = {sent = 0, delivered = 0, forwarded = 0, duplicates = 0, expired = 0}

local function encode(origin, s, t, hops, text)
  return ("FLOOD1\n%s\n%d %d %d\n%s"):format(origin, s, t, hops, text)
end

-- decode splits a message with plain finds: gopher-lua compiles a pattern
-- on every match, which would cost more than the rest of a hop.
local find, sub = string.find, string.sub
local function decode(p)
  if sub(p, 1, 7) ~= "FLOOD1\n" then return end
  local e1 = find(p, "\n", 8, true)
  if not e1 then return end
  local sp1 = find(p, " ", e1 + 1, true)
  local sp2 = sp1 and find(p, " ", sp1 + 1, true)
  local e2 = sp2 and find(p, "\n", sp2 + 1, true)
  if not e2 then return end
  local s, t, hops = tonumber(sub(p, e1 + 1, sp1 - 1)), tonumber(sub(p, sp1 + 1, sp2 - 1)), tonumber(sub(p, sp2 + 1, e2 - 1))
  if s and t and hops then
    return sub(p, 8, e1 - 1), s, t, hops, sub(p, e2 + 1)
  end
end

function send(text)
  seq = seq + 1
  ids:add(node.name .. "#" .. seq)
  counts.sent = counts.sent + 1
  ports.flood(node, encode(node.name, seq, ttl, 0, tostring(text)))
  return seq
end

function on_frame(f)
  local origin, s, t, hops, text = decode(f.payload)
  if not origin then
    return
  end
  local id = origin .. "#" .. s
  if ids:has(id) then
    counts.duplicates = counts.duplicates + 1
    return
  end
  ids:add(id)
  hops = hops + 1
  counts.delivered = counts.delivered + 1
  got[#got + 1] = {origin = origin, seq = s, hops = hops, text = text, at = node.now()}
  if not quiet then
    node.log(("got %q from %s (#%d, %d %s)"):format(text, origin, s, hops, hops == 1 and "hop" or "hops"))
  end
  if t > 1 then
    if ports.flood(node, encode(origin, s, t - 1, hops, text), f.port) > 0 then
      counts.forwarded = counts.forwarded + 1
    end
  else
    counts.expired = counts.expired + 1
  end
end

function count() return #got end
function received() return got end
function stats() return counts end
