-- gossip_fanout: how far does push gossip reach, and at what cost, as its
-- fan-out grows? On a random connected network (default 300 nodes, mean
-- degree 6) ten messages are published from ten nodes for each fan-out
-- from 1 to 6, and flood, which passes each message on every port, is the
-- reference. It prints, per fan-out, the share of nodes each message
-- reached on average and at worst, and the frames sent per message.
-- Arguments: meshlua gossip_fanout.lua [nodes] [seed]
local N = tonumber(arg[1]) or 300
mesh.seed(tonumber(arg[2]) or 7)

local function study(label, program, args)
  local nodes = mesh.topo.random(N, 6 / N, {connected = true, prefix = label .. "-", program = program, args = args})
  mesh.run(0)
  local sent_before = mesh.stats().sent
  local start = {}
  for i = 1, 10 do start[i] = nodes[math.random(#nodes)] end
  for i, n in ipairs(start) do
    n:call(program == "flood" and "send" or "publish", "message " .. i)
    mesh.run(1)
  end
  local frames = mesh.stats().sent - sent_before
  local delivered, worst = 0, math.huge
  local reached = {}
  for _, n in ipairs(nodes) do
    local s = n:call("stats")
    delivered = delivered + s.delivered
    for _, m in ipairs(n:call("received")) do
      local k = m.text
      reached[k] = (reached[k] or 0) + 1
    end
  end
  for i = 1, 10 do worst = math.min(worst, (reached["message " .. i] or 0) / (N - 1)) end
  print(("%-8s %6.1f%%  %6.1f%%  %8.1f"):format(label, 100 * delivered / 10 / (N - 1), 100 * worst, frames / 10))
  for _, n in ipairs(nodes) do mesh.remove(n) end
  for _, l in ipairs(mesh.links()) do mesh.remove(l) end
end

print(("%d nodes, 10 messages each"):format(N))
print("fan-out  reached  worst   frames/message")
for fanout = 1, 6 do study("gossip" .. fanout, "gossip", {fanout = fanout, quiet = true}) end
study("flood", "flood", {quiet = true})
