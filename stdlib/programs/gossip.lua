-- gossip: push gossip. A message published at one node spreads by each
-- node passing a new message to `fanout` of its other ports chosen at
-- random, not to all of them as flood does: fewer frames, at the risk of
-- nodes the message never reaches. A node remembers the ids it has seen
-- for `window` seconds and drops copies; `ttl` bounds the hops.
--
-- args: fanout (ports to pass a message to, default 2), ttl (hops,
--       default 16), window (a duration, default 60), quiet (true: do not
--       log deliveries)
-- functions for node:call: publish(text) -> id, received() -> list of
-- {id, origin, hops, text, at}, count() -> messages delivered here,
-- stats() -> {published, delivered, forwarded, duplicates, expired}
local codec = require "codec"
local seen = require "seen"
local args = require("args").check("gossip args", node.args, {
  fanout = {"whole", 2, min = 1},
  ttl = {"whole", 16, min = 1},
  window = {"duration", 60, above = 0},
  quiet = {"boolean", false},
})
local ids = seen.new(args.window)
local seq = 0
local got = {}
local counts = {published = 0, delivered = 0, forwarded = 0, duplicates = 0, expired = 0}

-- push sends msg on up to fanout ports other than except, chosen at random
-- (math.random follows the run's seed), and returns on how many.
local function push(msg, except)
  local choices = {}
  for _, p in ipairs(node.ports()) do
    if p.index ~= except and p.up then choices[#choices + 1] = p.index end
  end
  local payload = codec.encode(msg)
  local n = math.min(args.fanout, #choices)
  for i = 1, n do
    local j = math.random(i, #choices) -- a partial Fisher-Yates shuffle
    choices[i], choices[j] = choices[j], choices[i]
    node.send{port = choices[i], payload = payload}
  end
  return n
end

function publish(text)
  seq = seq + 1
  local id = node.name .. "#" .. seq
  ids:add(id)
  counts.published = counts.published + 1
  push({id = id, origin = node.name, hops = 0, ttl = args.ttl, text = tostring(text)})
  return id
end

function on_frame(f, port)
  local msg = codec.decode(f.payload)
  if type(msg) ~= "table" or type(msg.id) ~= "string" or type(msg.hops) ~= "number" then return end
  if ids:has(msg.id) then
    counts.duplicates = counts.duplicates + 1
    return
  end
  ids:add(msg.id)
  msg.hops = msg.hops + 1
  counts.delivered = counts.delivered + 1
  got[#got + 1] = {id = msg.id, origin = msg.origin, hops = msg.hops, text = msg.text, at = node.now()}
  if not args.quiet then print(("%s from %s, %d hops: %s"):format(msg.id, tostring(msg.origin), msg.hops, tostring(msg.text))) end
  if msg.hops >= msg.ttl then
    counts.expired = counts.expired + 1
    return
  end
  counts.forwarded = counts.forwarded + push(msg, port)
end

function received() return got end
function count() return counts.delivered end

function stats()
  local t = {}
  for k, v in pairs(counts) do t[k] = v end
  return t
end
