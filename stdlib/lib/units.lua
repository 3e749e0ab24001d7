-- units: durations and rates given to programs and filters, read as mesh
-- reads them for links and timers. Each returns the value, or nil and a
-- message saying what is wrong.
local M = {}

-- decimal reads a decimal number without a sign, "1", "1.5", ".5", "1e6",
-- or returns nil. Given a point, gopher-lua's tonumber reads it as Go's
-- strconv.ParseFloat (without one, as an integer, which "1e6" and
-- numbers past 2^63 are not).
local function decimal(s)
  if not (s:find("^%d*%.?%d*[eE]?[-+]?%d*$") and s:find("^%.?%d")) then return nil end
  if not s:find(".", 1, true) then s = s:gsub("^%d*", "%0.", 1) end
  return tonumber(s)
end

-- The longest duration, in seconds: 2^63 nanoseconds, as mesh's.
local longest = 2^63 / 1e9

-- The longest string a duration or rate may be, as mesh's: the patterns
-- below take time quadratic in the length, and a string from the network
-- must not use up a node's budget.
local longest_string = 64

local scale = {ns = 1e-9, us = 1e-6, ["µs"] = 1e-6, ["μs"] = 1e-6, ms = 1e-3, s = 1, m = 60, h = 3600}

-- duration(v) -> seconds: v is a number of seconds >= 0, or a string of
-- numbers with units, "250ms", "2s", "1m", "1h30m" (ns, us, ms, s, m, h).
function M.duration(v)
  if type(v) == "number" then
    if v >= 0 and v * 1e9 < 2^63 then return v end
    return nil, ("a duration must be a number of seconds >= 0 (got %s)"):format(tostring(v))
  end
  if type(v) ~= "string" then
    return nil, ('a duration must be seconds (a number) or a string like "250ms" (got %s)'):format(type(v))
  end
  local rest = #v <= longest_string and v:match("^%s*(.-)%s*$") or ""
  if rest == "0" then return 0 end
  local total = rest ~= "" and 0
  while total and rest ~= "" do
    local num, unit, tail = rest:match("^([%d%.]+)([^%d%.]+)(.*)$")
    local n, mult = decimal(num or ""), scale[unit]
    if not (n and mult) then total = nil break end
    total, rest = total + n * mult, tail
  end
  if not total or total >= longest then
    return nil, ('bad duration %q: use seconds (2.5) or a string like "250ms", "2s", "1m"'):format(v)
  end
  return total
end

local per_bit = {[""] = 1, bit = 1, bps = 1, kbit = 1e3, kbps = 1e3, mbit = 1e6, mbps = 1e6, gbit = 1e9, gbps = 1e9}

-- rate(v) -> bits per second: v is a number of bits per second >= 0, or a
-- string "10Mbit", "512kbit", "1Gbps" (bit, kbit, mbit, gbit, or bps,
-- kbps, mbps, gbps, in any case). The second result is the unit as given
-- in lower case ("" for none), so a caller can tell "1000" from "1kbit".
function M.rate(v)
  if type(v) == "number" then
    if v >= 0 and v < 2^64 then return v, "" end
    return nil, ("a rate must be bits per second >= 0 (got %s)"):format(tostring(v))
  end
  if type(v) ~= "string" then
    return nil, ('a rate must be a number or a string like "10Mbit" (got %s)'):format(type(v))
  end
  if #v > longest_string then
    return nil, ('bad rate %q: use bits per second (1e6) or a string like "10Mbit", "512kbit", "1Gbit"'):format(v)
  end
  local s = v:match("^%s*(.-)%s*$")
  local num, unit = s:match("^(.-)(%D*)$")
  unit = unit:match("^%s*(.-)$"):lower()
  local n, mult = decimal(num), per_bit[unit]
  if not (n and mult and n * mult < 2^64) then
    return nil, ('bad rate %q: use bits per second (1e6) or a string like "10Mbit", "512kbit", "1Gbit"'):format(s)
  end
  return n * mult, unit
end

return M
