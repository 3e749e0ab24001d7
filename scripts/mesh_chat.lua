-- mesh_chat: a chat room over meshsocket on a random network of 30 nodes,
-- most of whom never share a link. A line said to the room is a
-- broadcast; a private answer is a reply, which finds its way back to a
-- sender many hops away along the router's routes; "who is near?" is a
-- whisper, which only the neighbours hear. Joins and leaves show when a
-- link fails and comes back.
--
-- Arguments: the router, dv (default) or lsr, and the seed (default 1):
--   meshlua mesh_chat.lua lsr 4
local routing = arg[1] or "dv"
mesh.seed(tonumber(arg[2]) or 1)

local chat = [[
  local ms = require("meshsocket").new{routing = node.args.routing}
  on_start, on_frame, on_link = ms.on_start, ms.on_frame, ms.on_link

  ms.on_message(function(msg)
    if msg.kind == "broadcast" then
      -- the room: a question to all gets a private answer from the users
      -- named in it
      if msg.data.to == node.name then
        print(("%s asks the room for me (%d hops away): answering privately"):format(msg.from, msg.hops))
        ms.reply(msg, "hi " .. msg.from .. ", " .. node.name .. " here")
      end
    elseif msg.kind == "reply" then
      print(("private from %s, %d %s: %s"):format(msg.from, msg.hops, msg.hops == 1 and "hop" or "hops", msg.data))
    elseif msg.kind == "whisper" then
      ms.reply(msg, "near")                     -- a neighbour: one hop back
    elseif msg.kind == "send" then
      print(("%s writes: %s"):format(msg.from, msg.data))
    end
  end)
  ms.on_join(function(name, port) if node.now() > 1 then print("+ " .. name .. " on port " .. port) end end)
  ms.on_leave(function(name, port) print("- " .. name .. " on port " .. port) end)

  function say(text, to) return ms.broadcast{text = text, to = to} end
  function whisper(text) return ms.whisper(text) end
  function write(to, text) return ms.send(to, text) end
  function stats() return ms.stats() end
]]

local nodes = mesh.topo.random(30, 0.1, {connected = true, program = chat, args = {routing = routing},
  link = {delay = "5ms"}})
mesh.run(2) -- the routes converge

-- the user farthest from n1
local far, hops = nil, -1
for name, d in pairs(mesh.paths(nodes[1])) do
  if d > hops or (d == hops and name < far) then far, hops = name, d end
end
print(("n1 asks the room for %s, %d hops away"):format(far, hops))
nodes[1]:call("say", "is " .. far .. " here?", far)
mesh.run(1)

print("n1 whispers: who is near?")
nodes[1]:call("whisper", "who is near?")
mesh.run(1)

print("n1 writes to " .. far .. " directly")
nodes[1]:call("write", far, "see you")
mesh.run(1)

local link = mesh.get(nodes[1]:ports()[1].link)
print(link.name .. " goes down, then up")
link:down()
mesh.run(1)
link:up()
mesh.run(1)

local s = {sent = 0, replies = 0, broadcasts = 0, whispers = 0, received = 0, forwarded = 0, duplicates = 0}
for _, n in ipairs(nodes) do
  for k, v in pairs(n:call("stats")) do if s[k] then s[k] = s[k] + v end end
end
print(("messages given to handlers: %d; broadcast copies passed on: %d, dropped as seen: %d"):format(
  s.received, s.forwarded, s.duplicates))
