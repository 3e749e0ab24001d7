-- ports: sending on several of a node's ports at once.

-- flood(node, what, except) sends what on every port of node but except
-- (a port index; nil: every port) and returns on how many ports it sent,
-- whether or not each send went out. what is a frame, which leaves as it
-- is (node.send(frame, port)), or a payload string for a frame to the
-- broadcast address of the mesh's type.
local function flood(node, what, except)
  local send, n = node.send, 0
  -- one table for every port: node.send copies what it reads from it
  local payload = type(what) == "string" and {payload = what}
  for _, p in ipairs(node.ports()) do
    if p.index ~= except then
      if payload then
        payload.port = p.index
        send(payload)
      else
        send(what, p.index)
      end
      n = n + 1
    end
  end
  return n
end

return {flood = flood} -- one constructor: see mac.lua
