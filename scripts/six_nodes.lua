-- six_nodes: six nodes on four shared links (red, green, blue, purple),
-- like the older Python library's example, with filters on their ports.
--
-- "source" broadcasts a numbered tick every half second on its three links,
-- and now and then an IPv4-typed frame. Three relays pass broadcasts on to
-- their other links; a dedup filter on each relay's input stops copies from
-- circling the loops. "watch" prints mesh ticks only (a match filter drops
-- the IPv4 frames); "flaky" prints through a drop filter that loses half of
-- what arrives. The summary shows what each filter dropped.
mesh.seed(6)

local red    = mesh.link("red",    {delay = "2ms"})
local green  = mesh.link("green",  {delay = "3ms"})
local blue   = mesh.link("blue",   {delay = "2ms"})
local purple = mesh.link("purple", {delay = "4ms"})

local source = mesh.node("source", {links = {red, green, blue}, program = [[
  local n = 0
  node.every(0.5, function()
    n = n + 1
    node.broadcast("tick " .. n)
    if n % 3 == 0 then node.broadcast("an IPv4 packet", 0x0800) end
  end)
]]})

local relay = [[
  function on_frame(f)
    for _, p in ipairs(node.ports()) do
      if p.index ~= f.port then
        node.send{port = p.index, dst = f.dst, src = f.src, type = f.type, payload = f.payload}
      end
    end
  end
]]
local r1 = mesh.node("relay1", {program = relay, links = {red, green}})
local r2 = mesh.node("relay2", {program = relay, links = {green, blue}})
local r3 = mesh.node("relay3", {program = relay, links = {blue, purple}})
for _, r in ipairs{r1, r2, r3} do
  r:filter("in", "dedup", {window = 5})
end

local printer = [[
  function on_frame(f)
    node.log(("%s via port %d"):format(f.payload, f.port))
  end
]]
local watch = mesh.node("watch", {program = printer, links = {purple, red}})
watch:filter("in", "match", {type = 0x88b5})
watch:filter("in", "dedup")
local flaky = mesh.node("flaky", {program = printer, links = {purple}})
flaky:filter("in", "drop", {p = 0.5})

mesh.run(2.2)

print()
print("node     received  sent  filtered")
for _, n in ipairs(mesh.nodes()) do
  local s = n:stats()
  print(("%-8s %8d %5d %9d"):format(n.name, s.received, s.sent, s.drops.filter or 0))
end
