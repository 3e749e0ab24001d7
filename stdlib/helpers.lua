-- Helpers for the REPL and for scripts: each prints what it shows.
--   nodes()   every node: program, ports, counters
--   links()   every link: settings, who is on it, counters, drops
--   net()     who is joined to what
--   stats()   counters per node and link, and the totals by drop reason
-- (pingall(), ping(), iperf() and help() are built in Go; see docs/repl.md.)
local H = {}

local function drops(t)
  local parts = {}
  for reason, n in pairs(t) do parts[#parts + 1] = reason .. " " .. n end
  table.sort(parts)
  return table.concat(parts, ", ")
end

local function settings(l)
  local s, parts = l:settings(), {}
  if s.delay > 0 then parts[#parts + 1] = ("delay %gms"):format(s.delay * 1000) end
  if s.jitter > 0 then parts[#parts + 1] = ("jitter %gms"):format(s.jitter * 1000) end
  if s.loss > 0 then parts[#parts + 1] = ("loss %g"):format(s.loss) end
  if s.rate > 0 then parts[#parts + 1] = ("rate %gMbit queue %d"):format(s.rate / 1e6, s.queue) end
  if not s.up then parts[#parts + 1] = "DOWN" end
  return #parts > 0 and table.concat(parts, ", ") or "ideal"
end

function H.nodes()
  print(("%-10s %-28s %-18s %8s %8s %8s"):format("node", "program", "ports", "sent", "received", "dropped"))
  for _, n in ipairs(mesh.nodes()) do
    local s, ports = n:stats(), {}
    for _, p in ipairs(s.ports) do ports[#ports + 1] = p.index .. ":" .. p.link end
    print(("%-10s %-28s %-18s %8d %8d %8d%s"):format(n.name, n.program, table.concat(ports, " "),
      s.sent, s.received, s.dropped, s.stopped and "  STOPPED" or ""))
  end
end

function H.links()
  print(("%-10s %-44s %8s %9s %8s  %s"):format("link", "settings", "offered", "delivered", "dropped", "drops"))
  for _, l in ipairs(mesh.links()) do
    local s = l:stats()
    local line = ("%-10s %-44s %8d %9d %8d  %s"):format(l.name, settings(l), s.offered, s.delivered, s.dropped, drops(s.drops))
    print((line:gsub("%s+$", "")))
  end
end

function H.net()
  for _, l in ipairs(mesh.links()) do
    local on = {}
    for _, n in ipairs(mesh.nodes()) do
      for _, p in ipairs(n:ports()) do
        if p.link == l.name then on[#on + 1] = n.name .. "." .. p.index end
      end
    end
    print(("%s (%s): %s"):format(l.name, settings(l), #on > 0 and table.concat(on, " ") or "nobody"))
  end
  for _, n in ipairs(mesh.nodes()) do
    if #n:ports() == 0 then print(n.name .. ": no links") end
  end
end

function H.stats()
  H.nodes()
  print()
  H.links()
  local s = mesh.stats()
  print()
  print(("total: sent %d, delivered %d, received %d, in flight %d, dropped %d%s"):format(
    s.sent, s.delivered, s.received, s.in_flight, s.dropped, s.dropped > 0 and " (" .. drops(s.drops) .. ")" or ""))
end

return H
