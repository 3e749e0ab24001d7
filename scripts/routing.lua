-- routing: the two routing programs, dv (distance vector) and lsr (link
-- state), side by side on the same random networks.
--
-- First table: for networks of N/4, N/2 and N nodes (each node joined to
-- four others on average, links of 5 ms), how long each protocol takes
-- from a cold start until every node's routes are right (metrics equal to
-- the hop counts of mesh.paths, next hops on shortest paths), the control
-- traffic it sent until then, and what it sends in a quiet minute after.
--
-- Second table: on the network of N nodes, the link that carries the most
-- routes fails, first as a link that goes down (both ends hear it at once,
-- on_link), then as one that silently loses every frame (only the
-- neighbours' hold time finds it), then comes back: how long until every
-- route is right again, and the traffic meanwhile.
--
-- Arguments: N (default 60) and the seed (default 1):
--   meshlua routing.lua 500 3
local N = tonumber(arg[1]) or 60
mesh.seed(tonumber(arg[2]) or 1)

-- paths(graph, from, cut) -> hops from the node called from to every node
-- it reaches, by breadth-first search over graph (mesh.graph()) without
-- the link between the two nodes named in cut: what mesh.paths says when
-- that link is down, for a link that is up but loses every frame.
local function paths(graph, from, cut)
  local hops, queue, head = {[from] = 0}, {from}, 1
  while queue[head] do
    local at = queue[head]
    head = head + 1
    for _, nb in ipairs(graph[at]) do
      local severed = (at == cut[1] and nb == cut[2]) or (at == cut[2] and nb == cut[1])
      if hops[nb] == nil and not severed then
        hops[nb] = hops[at] + 1
        queue[#queue + 1] = nb
      end
    end
  end
  return hops
end

-- wrong(nodes [, cut]) -> how many routes of the nodes are not right: a
-- route's metric must be the hop count, and its next hop's metric one less.
local function wrong(nodes, cut)
  local all, bad = {}, 0
  local graph = cut and mesh.graph()
  for _, n in ipairs(nodes) do all[n.name] = n:call("routes") end
  for _, n in ipairs(nodes) do
    local truth, r = cut and paths(graph, n.name, cut) or mesh.paths(n.name), all[n.name]
    for dest, d in pairs(truth) do
      local e = r[dest]
      if dest ~= n.name and not (e and e.metric == d and (d == 1 or (all[e.next][dest] or {}).metric == d - 1)) then
        bad = bad + 1
      end
    end
    for dest in pairs(r) do if not truth[dest] then bad = bad + 1 end end
  end
  return bad
end

-- traffic(nodes) -> the control frames and bytes the nodes have sent.
local function traffic(nodes)
  local frames, bytes = 0, 0
  for _, n in ipairs(nodes) do
    local s = n:call("stats")
    frames, bytes = frames + s.frames, bytes + s.bytes
  end
  return frames, bytes
end

-- settle runs until every route is right, checking every period, and
-- returns the seconds it took, or nil after a minute.
local function settle(nodes, period, cut)
  local t0 = mesh.now()
  local t = mesh.run(60, {check = period, stop = function() return wrong(nodes, cut) == 0 end})
  if wrong(nodes, cut) == 0 then return t - t0 end
end

-- busiest(nodes) -> the link that carries the most routes: each (source,
-- destination) pair counts on every link its route crosses.
local function busiest(nodes)
  local all, link_of, load, best = {}, {}, {}, nil
  for _, n in ipairs(nodes) do
    all[n.name], link_of[n.name] = n:call("routes"), {}
    for _, p in ipairs(n:ports()) do link_of[n.name][p.index] = p.link end
  end
  for _, d in ipairs(nodes) do
    local dest, order, carried = d.name, {}, {}
    for _, n in ipairs(nodes) do
      if all[n.name][dest] then order[#order + 1] = n.name end
    end
    table.sort(order, function(a, b) return all[a][dest].metric > all[b][dest].metric end)
    for _, name in ipairs(order) do
      local r = all[name][dest]
      local c = (carried[name] or 0) + 1
      carried[r.next] = (carried[r.next] or 0) + c
      local l = link_of[name][r.port]
      load[l] = (load[l] or 0) + c
      if not best or load[l] > load[best] or (load[l] == load[best] and l < best) then best = l end
    end
  end
  return mesh.get(best), load[best]
end

-- network builds the random network of n nodes running proto, named
-- PROTO.n1 to PROTO.nN, the same graph for both protocols.
local graphs = {}
local function network(proto, n)
  local seed = graphs[n] or math.random(1e9)
  graphs[n] = seed
  local saved = math.random(1e9)
  math.randomseed(seed)
  local nodes, links = mesh.topo.random(n, 4 / n, {connected = true, prefix = proto .. n .. ".n",
    program = proto, args = {quiet = true}, link = {delay = "5ms"}})
  math.randomseed(saved)
  return nodes, links
end

local function remove(nodes, links)
  for _, n in ipairs(nodes) do mesh.remove(n) end
  for _, l in ipairs(links) do mesh.remove(l) end
end

print("convergence from a cold start, and a quiet minute after")
print("nodes  links  proto  converged   frames      bytes   frames/min  bytes/min")
local kept = {}
for _, n in ipairs{math.floor(N / 4), math.floor(N / 2), N} do
  for _, proto in ipairs{"dv", "lsr"} do
    local nodes, links = network(proto, n)
    local took = settle(nodes, 0.01)
    local frames, bytes = traffic(nodes)
    mesh.run(60)
    local f2, b2 = traffic(nodes)
    print(("%5d  %5d  %-5s  %8.2fs  %7d  %9d  %11d  %9d"):format(n, #links, proto, took or 0 / 0, frames, bytes, f2 - frames, b2 - bytes))
    if n == N then kept[proto] = {nodes, links} else remove(nodes, links) end
  end
end

print()
print(("the busiest link of the %d-node network fails"):format(N))
print("proto  link            routes  event                  repaired   frames      bytes")
for _, proto in ipairs{"dv", "lsr"} do
  local nodes, links = kept[proto][1], kept[proto][2]
  local link, load = busiest(nodes)
  local name = link.name:gsub(proto .. N .. "%.", "")
  local ends = link:nodes()
  local function event(what, change, period, cut)
    local f0, b0 = traffic(nodes)
    change()
    local took = settle(nodes, period, cut)
    local f1, b1 = traffic(nodes)
    print(("%-5s  %-14s  %6d  %-21s  %8.2fs  %6d  %9d"):format(proto, name, load, what, took or 0 / 0, f1 - f0, b1 - b0))
  end
  event("down (on_link)", function() link:down() end, 0.01)
  event("up", function() link:up() end, 0.01)
  event("silent (loss 1)", function() link:set{loss = 1} end, 0.25, {ends[1].name, ends[2].name})
  event("heard again", function() link:set{loss = 0} end, 0.25)
  remove(nodes, links)
end
