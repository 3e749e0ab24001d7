-- dedup: drops a frame whose payload was seen in the last `window` seconds
-- (default 10), so copies arriving over several paths pass once.
local opts = require("args").check("dedup filter", ..., {window = {"duration", 10, above = 0}})
local seen = require "seen"
local payloads = seen.new(opts.window)
return function(f)
  if payloads:has(f.payload) then
    return false
  end
  payloads:add(f.payload)
  return true
end
