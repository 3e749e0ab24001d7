-- dedup: drops a frame whose payload was seen in the last `window` seconds
-- (default 10), so copies arriving over several paths pass once.
local opts = ... or {}
local window = opts.window or 10
for k in pairs(opts) do
  if k ~= "window" then error(("dedup filter: unknown option %q (options: window)"):format(tostring(k)), 2) end
end
if type(window) ~= "number" then error("dedup filter: window is a number of seconds", 2) end
local seen, order, oldest = {}, {}, 1
return function(f)
  local now = node.now()
  while order[oldest] and order[oldest].at < now - window do
    seen[order[oldest].key] = nil
    order[oldest] = nil
    oldest = oldest + 1
  end
  if seen[f.payload] then
    return false
  end
  seen[f.payload] = true
  order[#order + 1] = {key = f.payload, at = now}
  return true
end
