-- dedup: drops a frame whose payload was seen in the last `window` seconds
-- (default 10), so copies arriving over several paths pass once.
local opts = ... or {}
local seen = require "seen"
local window = opts.window or 10
for k in pairs(opts) do
  if k ~= "window" then error(("dedup filter: unknown option %q (options: window)"):format(tostring(k)), 2) end
end
if type(window) ~= "number" then error("dedup filter: window is a number of seconds", 2) end
local payloads = seen.new(window)
return function(f)
  if payloads:has(f.payload) then
    return false
  end
  payloads:add(f.payload)
  return true
end
