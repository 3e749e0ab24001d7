-- framematch: the frame-matching rule shared by the match and drop filters.
-- A rule is a table of optional fields; a frame matches when every field
-- given matches: type (ethertype), src, dst (MAC strings), port (number),
-- contains (a plain substring of the payload).
local M = {}

local fields = {type = true, src = true, dst = true, port = true, contains = true}

-- check raises an error naming an option of rule that is neither a field
-- nor one of extra (the filter's own options).
function M.check(rule, filter, extra)
  for k in pairs(rule) do
    if not fields[k] and not (extra and extra[k]) then
      local names = {"contains", "dst", "port", "src", "type"}
      for name in pairs(extra or {}) do names[#names + 1] = name end
      table.sort(names)
      error(("%s filter: unknown option %q (options: %s)"):format(filter, tostring(k), table.concat(names, ", ")), 3)
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
