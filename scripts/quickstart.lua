-- quickstart: six hosts on two LANs, joined by a slow lossy WAN cable and
-- a lossy radio link, flood five messages to each other. Every node logs
-- each message it gets, with the time and the hops it took; the summary
-- shows what each node did and what each link dropped, and why.
--
--   meshlua quickstart          (or: go run ./cmd/meshlua quickstart)
mesh.seed(42)

local home   = mesh.link("home",   {delay = "1ms"})
local office = mesh.link("office", {delay = "1ms"})
local wan    = mesh.link("wan",    {delay = "30ms", rate = "1Mbit", loss = 0.25})
local radio  = mesh.link("radio",  {delay = "5ms", jitter = "3ms", loss = 0.4})

-- flood (from meshlua's stdlib) forwards each new message on the node's
-- other ports and drops copies it has already seen.
local function host(name, links)
  return mesh.node(name, {program = "flood", links = links})
end
local alice = host("alice", {home})
local bob   = host("bob",   {home, radio})
local gw1   = host("gw1",   {home, wan})
local gw2   = host("gw2",   {office, wan})
local carol = host("carol", {office, radio})
local dave  = host("dave",  {office})

mesh.run(0.1)
for i, who in ipairs{alice, dave, alice, carol, bob} do
  print(("-- %.3fs: %s sends message %d"):format(mesh.now(), who.name, i))
  who:call("send", "message " .. i)
  mesh.run(0.5)
end

print()
print("node    got  forwarded  duplicates")
for _, n in ipairs(mesh.nodes()) do
  local s = n:call("stats")
  print(("%-6s %4d %10d %11d"):format(n.name, s.delivered, s.forwarded, s.duplicates))
end
print()
print("link    offered  delivered  dropped")
for _, l in ipairs(mesh.links()) do
  local s = l:stats()
  local why = {}
  for reason, count in pairs(s.drops) do why[#why + 1] = reason .. " " .. count end
  table.sort(why)
  print(("%-7s %7d %10d %8d  %s"):format(l.name, s.offered, s.delivered, s.dropped, table.concat(why, ", ")))
end
