-- rate: a token bucket that passes frames up to a rate and drops the rest.
-- opts: rate (required): frames per second (a number), or a bit rate (a
--       string with a unit, "1Mbit", as for links); burst: the bucket's
--       size, in frames for a frame rate and in bytes for a bit rate
--       (default: a tenth of a second at the rate, at least one frame,
--       or 1514 bytes).
-- The bucket starts full. A frame costs one token (a frame rate) or its
-- length in bytes, header included (a bit rate); it passes if the bucket
-- holds that much, else it is dropped.
local opts = ... or {}
local units = require "units"
for k in pairs(opts) do
  if k ~= "rate" and k ~= "burst" then
    error(("rate filter: unknown option %q (options: burst, rate)"):format(tostring(k)), 2)
  end
end
local rate, bytes = opts.rate, false -- tokens a second; whether a token is a byte
if type(rate) == "string" then
  local bits, unit = units.rate(rate)
  if not bits then error("rate filter: rate: " .. unit, 2) end
  if unit == "" then
    error(('rate filter: rate %q has no unit: a number is frames per second, a string a bit rate such as "1Mbit"'):format(rate), 2)
  end
  rate, bytes = bits / 8, true
end
if type(rate) ~= "number" or not (rate > 0 and rate < math.huge) then
  error('rate filter: rate is frames per second (a number above 0) or a bit rate such as "1Mbit"', 2)
end
local burst = opts.burst or math.max(rate / 10, bytes and 1514 or 1)
if type(burst) ~= "number" or not (burst > 0 and burst < math.huge) then
  error("rate filter: burst is a number above 0 (frames, or bytes for a bit rate)", 2)
end

-- The bucket is kept in nanosecond-tokens (tokens * 1e9) and time in
-- nanoseconds, so that with whole rates the sums are whole numbers and a
-- frame sent exactly on time is never refused for a rounding error.
local floor, now = math.floor, node.now
local full = burst * 1e9
local level, last = full, floor(now() * 1e9 + 0.5)
return function(f)
  local t = floor(now() * 1e9 + 0.5)
  if t > last then
    level = level + (t - last) * rate
    if level > full then level = full end
    last = t
  end
  local cost = (bytes and f.len or 1) * 1e9
  if level < cost then
    return false
  end
  level = level - cost
  return true
end
