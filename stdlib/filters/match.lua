-- match: passes only the frames that match, drops the rest.
-- opts: any of type, src, dst, port, contains (see framematch).
local rule = ... or {}
local fm = require "framematch"
fm.check(rule, "match")
return function(f)
  return fm.matches(rule, f)
end
