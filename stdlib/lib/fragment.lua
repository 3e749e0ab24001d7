-- fragment: messages larger than a link's MTU, split into fragments that fit
-- and put back together at the other end.
--
--   local fragment = require "fragment"
--   local f = fragment.new()                              -- one per node
--   for _, piece in ipairs(f:split(message, port.mtu)) do node.send{port = port.index, payload = piece} end
--   ...
--   local message = f:receive(frame.src, frame.payload) -- nil until the last piece comes
--
-- A fragment is a 10-byte header and a piece of the message:
--
--   "F1" | message id (4 bytes) | index (2 bytes, from 1) | count (2 bytes) | piece
--
-- (numbers big-endian). Every message goes out this way, even one that
-- fits in one fragment, so a receiver treats all its input alike.
--
-- Reassembly keeps what it holds bounded: at most `max_messages` messages
-- in progress and `max_bytes` bytes of pieces (the oldest message in
-- progress makes room for a new one), at most `max_fragments` fragments
-- to a message, and a message whose fragments do not all come within
-- `timeout` seconds of its first is dropped. Every fragment received is
-- used in a message, held, or dropped with a counted reason, whatever
-- its bytes.
local byte, char, sub = string.byte, string.char, string.sub
local floor = math.floor

local HEADER = 10
local MAGIC = "F1"

local function u16(n) return char(floor(n / 256), n % 256) end
local function u32(n) return u16(floor(n / 65536)) .. u16(n % 65536) end

-- The options of fragment.new and their defaults.
local defaults = {max_messages = 16, max_bytes = 256 * 1024, max_fragments = 256, timeout = 2}

-- new(opts) -> a fragmenter: split for messages going out, receive for
-- fragments coming in, stats for its counters.
local function new(opts)
  opts = opts or {}
  local o = {}
  for k, v in pairs(opts) do
    if defaults[k] == nil then error(("fragment.new: unknown option %q (options: max_bytes, max_fragments, max_messages, timeout)"):format(tostring(k)), 2) end
    if type(v) ~= "number" or v <= 0 then error(("fragment.new: option %s: want a number above 0, got %s"):format(k, tostring(v)), 2) end
  end
  for k, v in pairs(defaults) do o[k] = opts[k] or v end
  o.max_fragments = math.min(o.max_fragments, 65535)

  -- The id of the next message split here: it starts at a random number
  -- (math.random follows the seed), so a node that restarts does not
  -- reuse the ids its neighbours may still hold pieces of.
  local next_id = math.random(0, 0x7fffffff)
  local counts = {split = 0, fragments = 0, received = 0, reassembled = 0, held = 0, bytes = 0, dropped = 0}
  local drops = {}
  -- The messages in progress, by sender and id: {count =, got =, pieces =,
  -- bytes =, at =}; order lists their keys, oldest first.
  local pending, order = {}, {}

  local function drop(reason, fragments)
    drops[reason] = (drops[reason] or 0) + fragments
    counts.dropped = counts.dropped + fragments
  end

  -- forget drops the message in progress at key (its fragments counted
  -- under reason, if one is given).
  local function forget(key, reason)
    local m = pending[key]
    pending[key] = nil
    counts.held, counts.bytes = counts.held - m.got, counts.bytes - m.bytes
    for i, k in ipairs(order) do
      if k == key then table.remove(order, i) break end
    end
    if reason then drop(reason, m.got) end
  end

  local function expire(now)
    while order[1] and now - pending[order[1]].at > o.timeout do forget(order[1], "timeout") end
  end

  -- f:split(message, mtu) -> the fragments of message, a list of strings
  -- of at most mtu bytes each.
  local function split(_, message, mtu)
    if type(message) ~= "string" then error("fragment: split wants a message string, got " .. type(message), 2) end
    if type(mtu) ~= "number" or mtu <= HEADER then error(("fragment: split wants an MTU above %d bytes (the header), got %s"):format(HEADER, tostring(mtu)), 2) end
    local size = mtu - HEADER
    local count = math.max(1, math.ceil(#message / size))
    if count > o.max_fragments then
      error(("fragment: a message of %d bytes needs %d fragments of %d bytes, more than max_fragments (%d)"):format(#message, count, mtu, o.max_fragments), 2)
    end
    local id = u32(next_id)
    next_id = (next_id + 1) % 0x100000000
    local out, total = {}, u16(count)
    for i = 1, count do
      out[i] = MAGIC .. id .. u16(i) .. total .. sub(message, (i - 1) * size + 1, i * size)
    end
    counts.split, counts.fragments = counts.split + 1, counts.fragments + count
    return out
  end

  -- f:receive(from, fragment) -> the whole message when fragment completes
  -- one; else nil, and the reason when the fragment was dropped. from names
  -- the sender (frame.src): fragments of one message come from one sender.
  local function receive(_, from, fragment)
    counts.received = counts.received + 1
    expire(node.now())
    if type(fragment) ~= "string" or #fragment < HEADER or sub(fragment, 1, 2) ~= MAGIC then
      drop("malformed", 1)
      return nil, "malformed"
    end
    local a, b, c, d, i1, i2, n1, n2 = byte(fragment, 3, 10)
    local index, count = i1 * 256 + i2, n1 * 256 + n2
    if index < 1 or index > count then
      drop("malformed", 1)
      return nil, "malformed"
    end
    if count > o.max_fragments then
      drop("too_big", 1)
      return nil, "too_big"
    end
    local piece = sub(fragment, HEADER + 1)
    if count == 1 then
      counts.reassembled = counts.reassembled + 1
      return piece
    end
    local key = tostring(from) .. "/" .. (((a * 256 + b) * 256 + c) * 256 + d)
    local m = pending[key]
    if m and m.count ~= count then
      drop("mismatch", 1)
      return nil, "mismatch"
    end
    if m and m.pieces[index] then
      drop("duplicate", 1)
      return nil, "duplicate"
    end
    -- Every piece but the last is full: a message of count of them
    -- needs at least (count - 1) times this one's bytes.
    if #piece > o.max_bytes or (index < count and (count - 1) * #piece >= o.max_bytes) then
      drop("too_big", 1)
      return nil, "too_big"
    end
    -- Make room: the oldest other messages in progress go first.
    local function crowded()
      return counts.bytes + #piece > o.max_bytes or (not m and #order >= o.max_messages)
    end
    local i = 1
    while crowded() and order[i] do
      if order[i] == key then i = i + 1 else forget(order[i], "evicted") end
    end
    if crowded() then -- this message alone does not fit
      if m then forget(key, "too_big") end
      drop("too_big", 1)
      return nil, "too_big"
    end
    if not m then
      m = {count = count, got = 0, pieces = {}, bytes = 0, at = node.now()}
      pending[key] = m
      order[#order + 1] = key
    end
    m.pieces[index], m.got, m.bytes = piece, m.got + 1, m.bytes + #piece
    counts.held, counts.bytes = counts.held + 1, counts.bytes + #piece
    if m.got < count then return nil end
    forget(key)
    counts.reassembled = counts.reassembled + 1
    return table.concat(m.pieces)
  end

  -- f:stats() -> {split, fragments, received, reassembled, held, bytes,
  -- dropped, drops = {reason = fragments}}: messages split and the
  -- fragments made of them; fragments received, messages put back
  -- together, fragments and bytes held now, fragments dropped.
  local function stats()
    expire(node.now())
    local t = {drops = {}}
    for k, v in pairs(counts) do t[k] = v end
    for k, v in pairs(drops) do t.drops[k] = v end
    return t
  end

  return {split = split, receive = receive, stats = stats}
end

return {new = new, header = HEADER}
