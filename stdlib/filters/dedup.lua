-- dedup: drops a frame whose payload was seen in the last `window` seconds
-- (default 10), so copies arriving over several paths pass once.
local opts = ... or {}
local window = opts.window or 10
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
