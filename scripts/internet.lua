-- internet: two labs, each with a mesh of its own behind a NAT, joined
-- across the internet by a udp link with a rendezvous: any machine with a
-- public address and a free UDP port (7777 here).
--
--   on the public machine (203.0.113.7, say):
--     meshlua internet rendezvous "shared secret"
--   on a machine of lab A:
--     meshlua internet lab-a "shared secret" 203.0.113.7:7777
--   on a machine of lab B:
--     meshlua internet lab-b "shared secret" 203.0.113.7:7777
--
-- Each lab runs three nodes on a line, the first of them also on the udp
-- link; every 5 seconds the last node of each lab floods a hello, and the
-- other lab prints it. The labs punch a hole through their NATs and talk
-- directly; where that fails (a NAT that maps every peer anew) the
-- rendezvous relays. Every 10 seconds each process prints its peers:
-- address, direct or relayed, frames each way (and, at the rendezvous,
-- how many of each peer's frames it passed on). Ctrl-C ends it.
local name, key, rendezvous = arg[1], arg[2], arg[3]
if not name or not key or name ~= "rendezvous" and not rendezvous then
  error("usage: meshlua internet rendezvous KEY | meshlua internet LAB KEY RENDEZVOUS-HOST:PORT")
end
local port = tonumber(os.getenv("MESHLUA_INTERNET_PORT") or "7777")
local wan = mesh.link("wan", {kind = "udp", key = key, port = port,
  rendezvous = name == "rendezvous" or rendezvous})

mesh.every(10, function()
  local d = wan:stats().device
  for _, p in ipairs(d.peers) do
    local how = p.rendezvous and "rendezvous" or p.relayed and "relayed" or p.direct and "direct" or "trying"
    print(("* peer %s %s: %d frames in, %d out, %d passed on"):format(p.addr or "?", how, p.rx, p.tx, p.relays))
  end
end)

if name ~= "rendezvous" then
  local gw = mesh.node(name .. "-1", {program = "flood", links = {wan}, args = {quiet = true}})
  local prev, last = gw, nil
  for i = 2, 3 do
    local l = mesh.link(name .. "-l" .. i, {delay = "1ms"})
    mesh.connect(prev, l)
    last = mesh.node(name .. "-" .. i, {program = "flood", links = {l}})
    prev = last
  end
  local k = 0
  mesh.every(5, function()
    k = k + 1
    last:call("send", ("hello %d from %s"):format(k, name))
  end)
end
print(("* %s on udp port %d: Ctrl-C to end"):format(name, port))
while true do mesh.run(3600) end
