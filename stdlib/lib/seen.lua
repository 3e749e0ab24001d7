-- seen: the ids (strings, numbers) a node has seen in the last `window`
-- seconds of network time, to drop the copies of a message that comes back
-- over several paths. An id is forgotten `window` seconds after it was
-- last added, so the memory it takes is bounded by what arrives in one
-- window.
--
--   local ids = seen.new(60)
--   if ids:has(id) then return end -- a copy
--   ids:add(id)

-- new(window) -> an empty set of ids that remembers each for window
-- seconds (a number). Its state lives in the closures of its two methods,
-- which costs a node less than a metatable and fields (see mac.lua).
local function new(window)
  assert(type(window) == "number", "seen.new: window is a number of seconds")
  -- at[id] = when id was added last. order lists the additions from the
  -- oldest, two slots each (the id, then its time), from order[first] to
  -- order[last]: no table per id, which would cost more than the set.
  local at, order, first, last = {}, {}, 1, 0

  -- expire forgets the ids added before now - window.
  local function expire(now)
    local limit = now - window
    while first < last and order[first + 1] < limit do
      local id = order[first]
      if at[id] == order[first + 1] then at[id] = nil end -- not added again since
      order[first], order[first + 1] = nil, nil
      first = first + 2
    end
  end

  -- ids:has(id) -> whether id was added in the last window seconds.
  local function has(_, id)
    if first < last then expire(node.now()) end
    return at[id] ~= nil
  end

  -- ids:add(id) remembers id from now on for window seconds.
  local function add(_, id)
    local now = node.now()
    expire(now)
    at[id] = now
    if first > last then
      -- Empty: a new list made with its first entry has room for that
      -- entry only, where the first entry set in an empty table makes
      -- room for 32 (512 bytes, in every node that sees an id).
      order, first, last = {id, now}, 1, 2
    else
      order[last + 1], order[last + 2] = id, now
      last = last + 2
    end
  end

  return {has = has, add = add}
end

return {new = new}
