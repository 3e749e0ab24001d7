-- seen: the ids (strings, numbers) a node has seen in the last `window`
-- seconds of network time, to drop the copies of a message that comes back
-- over several paths. An id older than the window is forgotten, so the
-- memory it takes is bounded by what arrives in one window.
--
--   local ids = seen.new(60)
--   if ids:has(id) then return end -- a copy
--   ids:add(id)

-- A set holds at[id] = when id was added last, and order, the list of
-- {id =, at =} from the oldest, from order[first] to order[last].

-- expire forgets the ids added before now - window.
local function expire(s, now)
  local order, at, limit = s.order, s.at, now - s.window
  local i = s.first
  while i <= s.last and order[i].at < limit do
    local e = order[i]
    if at[e.id] == e.at then at[e.id] = nil end -- not added again since
    order[i] = nil
    i = i + 1
  end
  s.first = i
end

-- ids:has(id) -> whether id was added in the last window seconds.
local function has(s, id)
  expire(s, node.now())
  return s.at[id] ~= nil
end

-- ids:add(id) remembers id from now on for window seconds.
local function add(s, id)
  local now = node.now()
  expire(s, now)
  s.at[id] = now
  s.last = s.last + 1
  s.order[s.last] = {id = id, at = now}
end

local set = {__index = {has = has, add = add}} -- constructors: see mac.lua

-- new(window) -> an empty set of ids that remembers each for window
-- seconds (a number).
local function new(window)
  assert(type(window) == "number", "seen.new: window is a number of seconds")
  return setmetatable({window = window, at = {}, order = {}, first = 1, last = 0}, set)
end

return {new = new}
