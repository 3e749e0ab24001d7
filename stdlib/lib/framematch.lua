-- framematch: the frame-matching rule shared by the match and drop filters.
-- A rule is a table of optional fields; a frame matches when every field
-- given matches: type (ethertype), src, dst (MAC strings), port (number),
-- contains (a plain substring of the payload).
local M = {}

local fields = {type = true, src = true, dst = true, port = true, contains = true, p = true}

-- check raises an error naming an unknown field of rule.
function M.check(rule, filter)
  for k in pairs(rule) do
    if not fields[k] then
      error(("%s filter: unknown option %q (options: contains, dst, p, port, src, type)"):format(filter, tostring(k)), 3)
    end
  end
end

function M.matches(rule, f)
  return (rule.type == nil or f.type == rule.type)
    and (rule.src == nil or f.src == rule.src)
    and (rule.dst == nil or f.dst == rule.dst)
    and (rule.port == nil or f.port == rule.port)
    and (rule.contains == nil or f.payload:find(rule.contains, 1, true) ~= nil)
end

return M
