-- random_flood: a random network of 300 nodes (each pair joined with
-- probability 0.02, then chained into one component) floods ten messages
-- from ten different nodes. Links have delay, jitter and 2% loss, so some
-- copies are lost; flooding's redundancy still gets messages through.
-- It prints, per message, how many of the other 299 nodes got it, the most
-- hops it took and how long the last node waited for it, then totals.
-- An argument changes the number of nodes: meshlua random_flood.lua 1000
mesh.seed(2024)

local N = tonumber(arg[1]) or 300
local nodes, links = mesh.topo.random(N, 6 / N, {
  connected = true,
  program = "flood",
  args = {quiet = true, ttl = 32},
  link = {delay = "5ms", jitter = "2ms", loss = 0.02},
})
print(("%d nodes, %d links"):format(#nodes, #links))

mesh.run(0.01)
local origins, sent_at = {}, {}
for i = 1, 10 do
  local who = nodes[math.random(#nodes)]
  origins[i], sent_at[i] = who.name, mesh.now()
  who:call("send", "message " .. i)
  mesh.run(0.2)
end
mesh.run(5)

local reached, deepest, last = {}, {}, {}
for i = 1, 10 do reached[i], deepest[i], last[i] = 0, 0, 0 end
local dups = 0
for _, n in ipairs(nodes) do
  for _, m in ipairs(n:call("received")) do
    local i = tonumber(m.text:match("%d+"))
    reached[i] = reached[i] + 1
    deepest[i] = math.max(deepest[i], m.hops)
    last[i] = math.max(last[i], m.at - sent_at[i])
  end
  dups = dups + n:call("stats").duplicates
end

print()
print("message  from   reached  max hops  slowest")
for i = 1, 10 do
  print(("%7d  %-6s %4d/%d %9d %7.1fms"):format(i, origins[i], reached[i], #nodes - 1, deepest[i], last[i] * 1000))
end
local s = mesh.stats()
print()
print(("frames sent %d, copies suppressed as duplicates %d, lost on links %d"):format(s.sent, dups, s.drops.loss or 0))
