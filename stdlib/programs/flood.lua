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
local ttl = node.args.ttl or 16
local window = node.args.window or 60
local quiet = node.args.quiet
assert(type(ttl) == "number" and ttl >= 1, "flood: args.ttl is a number of hops >= 1")
assert(type(window) == "number", "flood: args.window is a number of seconds")
local seq = 0
local seen, seen_at = {}, {} -- id -> true; ids in the order first seen
local oldest = 1
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

-- remember records an id and forgets ids older than the window.
local function remember(id)
  local now = node.now()
  seen[id] = true
  seen_at[#seen_at + 1] = {id = id, at = now}
  while seen_at[oldest] and seen_at[oldest].at < now - window do
    seen[seen_at[oldest].id] = nil
    seen_at[oldest] = nil
    oldest = oldest + 1
  end
end

-- forward sends payload on every port but except and returns how many.
local function forward(except, payload)
  local n = 0
  for _, p in ipairs(node.ports()) do
    if p.index ~= except then
      node.send{port = p.index, payload = payload}
      n = n + 1
    end
  end
  return n
end

function send(text)
  seq = seq + 1
  remember(node.name .. "#" .. seq)
  counts.sent = counts.sent + 1
  forward(nil, encode(node.name, seq, ttl, 0, tostring(text)))
  return seq
end

function on_frame(f)
  local origin, s, t, hops, text = decode(f.payload)
  if not origin then
    return
  end
  local id = origin .. "#" .. s
  if seen[id] then
    counts.duplicates = counts.duplicates + 1
    return
  end
  remember(id)
  hops = hops + 1
  counts.delivered = counts.delivered + 1
  got[#got + 1] = {origin = origin, seq = s, hops = hops, text = text, at = node.now()}
  if not quiet then
    node.log(("got %q from %s (#%d, %d %s)"):format(text, origin, s, hops, hops == 1 and "hop" or "hops"))
  end
  if t > 1 then
    if forward(f.port, encode(origin, s, t - 1, hops, text)) > 0 then
      counts.forwarded = counts.forwarded + 1
    end
  else
    counts.expired = counts.expired + 1
  end
end

function count() return #got end
function received() return got end
function stats() return counts end
