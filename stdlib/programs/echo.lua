-- echo: replies to every frame addressed to this node (or to a group
-- address) with a copy of it, sent back to its sender on the port it came in
-- on. Frames for other nodes, seen while a link still floods, are ignored.
local mac = require "mac"
local mine = {}

local function for_me(dst)
  if mine[dst] then
    return true
  end
  mine = mac.own(node) -- it may have joined a link since
  return mine[dst] or mac.is_group(dst)
end

function on_frame(f)
  if for_me(f.dst) then
    node.send{port = f.port, dst = f.src, type = f.type, payload = f.payload}
  end
end
