-- drop: drops the frames that match (all frames if no field is given),
-- each with probability p (default 1), and passes the rest.
-- opts: p, and any of type, src, dst, port, contains (see framematch).
local rule = ... or {}
local fm = require "framematch"
fm.check(rule, "drop", {p = true})
local p = rule.p or 1
return function(f)
  if fm.matches(rule, f) and (p >= 1 or math.random() < p) then
    return false
  end
  return true
end
