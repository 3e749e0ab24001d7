-- dv: distance-vector routing by node name, after Babel (RFC 8966).
--
-- Every node tells its neighbours, every `update` seconds and at once
-- (after `triggered` seconds, to gather changes) when a route changes, the
-- destinations it reaches: for each, the destination's sequence number and
-- the node's metric, its hops to it. A node keeps what each neighbour
-- said and routes through the neighbour with the smallest metric plus one.
--
-- Loops: a route a node uses through a neighbour is told back to that
-- neighbour as unreachable (split horizon with poisoned reverse). And a
-- node takes a route only if it is feasible: newer (a larger sequence
-- number) than the best it has used, or as new and shorter than the
-- shortest it has used for that number (its feasibility distance). A
-- route that passes through the node itself is never shorter than that,
-- so no loop forms and nothing counts to infinity. When the node loses a
-- route and the routes it still hears are not feasible, it asks the
-- destination for a new sequence number (a request, passed towards it
-- hop by hop); routes with the new number are feasible everywhere.
--
-- Failures: a neighbour is gone when a port's link goes down (on_link), or
-- after `hold` seconds of silence; a route nobody offers any more is told
-- as unreachable for `hold` seconds, then forgotten.
--
-- Restarts: a node that starts asks its neighbours for their full updates
-- (its first update has ask = true), so it need not wait for their
-- periodic ones; if it comes back with a sequence number older than the
-- one its neighbours hold, its routes are not feasible there, and their
-- requests raise its number past it.
--
-- This is the protocol as a library, so that a program can route and do
-- its own work in one node (meshsocket does); the program dv is this
-- library alone:
--
--   local router = require("routing.dv").new(node.args)
--   on_start, on_frame, on_link = router.on_start, router.on_frame, router.on_link
--
-- new(opts) checks opts as "dv args": update (seconds between full
-- updates, default 4), triggered (seconds to gather changes before telling
-- them, default 0.02), hold (default 3.5 updates), ttl (hops a datagram
-- may take, default 64), quiet (true: do not log datagrams), key (a
-- string the nodes share: messages carry its HMAC, see routing.lua). The
-- router it
-- returns has the calls every router answers (routing.lua): routes(),
-- send(dest, payload), received(), traceroute(dest), traces(), stats(),
-- and net, the routing net it runs on.
local routing = require "routing"

-- new(args) -> a dv router for this node (see above).
local function new(args)
  local opt = require("args").check("dv args", args or {}, {
    update = {"duration", 4, above = 0}, triggered = {"duration", 0.02, above = 0}, hold = {"duration", above = 0},
    ttl = {"whole", 64, min = 1}, quiet = {"boolean", false}, key = {"string"},
  })
  opt.hold = opt.hold or 3.5 * opt.update

  local INF = 0xFFFF -- the metric of an unreachable destination
  local me, now = node.name, node.now

  -- The routing table, by destination: the neighbour used (its key), the
  -- metric and the sequence number of the route; a lost route keeps its
  -- entry with metric INF and gone = the time it was lost, to be told as
  -- unreachable for a while.
  local via, metric, seqno, gone = {}, {}, {}, {}
  -- The feasibility distance of each destination: the newest sequence
  -- number used, and the smallest metric used with it.
  local fd_seq, fd_metric = {}, {}
  -- What each neighbour says, by neighbour key: {metric = {[dest] = m}, seqno = {[dest] = s}}.
  local said = {}
  local my_seqno = 1
  local dirty = {}      -- destinations changed since the last triggered update
  local flush_timer     -- the pending triggered update, if any
  local asked = {}      -- [dest] = {seqno, time} of the last request sent for it
  local forwarded = {}  -- [dest .. "#" .. seqno] = time a request was passed on
  local told = {}       -- [port] = when a full update was last sent there
  local counts = {updates_sent = 0, updates_received = 0, requests_sent = 0, requests_received = 0, route_changes = 0}
  local net

  -- entries(port, dests) -> the flat list {dest, seqno, metric, ...} told on
  -- port: this node itself, then dests (every destination when nil), routes
  -- through a neighbour on that port poisoned.
  local function entries(port, dests)
    local list = {me, my_seqno, 0}
    local function add(dest)
      local m = metric[dest]
      if dest == me or m == nil then return end
      local nb = net.neighbours[via[dest]]
      if nb and nb.port == port then m = INF end
      list[#list + 1], list[#list + 2], list[#list + 3] = dest, seqno[dest], m
    end
    if dests then
      for _, dest in ipairs(dests) do add(dest) end
    else
      local all = {}
      for dest in pairs(metric) do all[#all + 1] = dest end
      table.sort(all)
      for _, dest in ipairs(all) do add(dest) end
    end
    return list
  end

  -- tell sends an update on one port (or on every port): full, or of the
  -- destinations in dests; ask = true asks the neighbours for their full
  -- updates at once (a node that starts knows nothing).
  local function tell(port, dests, ask)
    for _, p in ipairs(port and {port} or net.ports()) do
      if not dests then told[p] = now() end
      if net.send({kind = "update", full = dests == nil, ask = ask, routes = entries(p, dests)}, p) then
        counts.updates_sent = counts.updates_sent + 1
      end
    end
  end

  local function flush()
    flush_timer = nil
    local dests = {}
    for dest in pairs(dirty) do dests[#dests + 1] = dest end
    table.sort(dests)
    dirty = {}
    tell(nil, dests)
  end

  local function changed(dest)
    dirty[dest] = true
    counts.route_changes = counts.route_changes + 1
    if not flush_timer then flush_timer = node.after(opt.triggered, flush) end
  end

  -- request asks for a newer sequence number of dest from the neighbours that
  -- offer a route to it that is not feasible; at most once a second for the
  -- same number.
  local function request(dest, offers)
    local want = (fd_seq[dest] or 0) + 1
    local last = asked[dest]
    if last and last.seqno >= want and now() - last.at < 1 then return end
    asked[dest] = {seqno = want, at = now()}
    for _, nb in ipairs(offers) do
      net.send({kind = "request", dest = dest, seqno = want, hops = opt.ttl}, nb.port, nb)
      counts.requests_sent = counts.requests_sent + 1
    end
  end

  -- select chooses the route to dest again, from what the neighbours say:
  -- the feasible route with the smallest metric (among equal ones, the route
  -- in use, else the neighbour whose key sorts first).
  local function select(dest)
    if dest == me then return end
    local cur = via[dest]
    local fs, fm = fd_seq[dest], fd_metric[dest]
    local best, best_m, best_key, unfeasible
    for key, nb in pairs(net.neighbours) do
      local t = said[key]
      local m = t and t.metric[dest]
      if m then
        local s = t.seqno[dest]
        if fs == nil or s > fs or (s == fs and m < fm) then -- feasible
          m = m + 1
          if not best or m < best_m or (m == best_m and best_key ~= cur and (key == cur or key < best_key)) then
            best, best_m, best_key = nb, m, key
          end
        else
          unfeasible = unfeasible or {}
          unfeasible[#unfeasible + 1] = nb
        end
      end
    end
    if unfeasible then table.sort(unfeasible, function(a, b) return a.key < b.key end) end
    if best then
      local s = said[best_key].seqno[dest]
      if cur ~= best_key or metric[dest] ~= best_m or seqno[dest] ~= s then
        via[dest], metric[dest], seqno[dest], gone[dest] = best_key, best_m, s, nil
        changed(dest)
      end
      if fs == nil or s > fs or best_m < fm then
        fd_seq[dest], fd_metric[dest] = s, best_m
      end
      -- a shorter route is not feasible: ask for a newer sequence number
      for _, nb in ipairs(unfeasible or {}) do
        if said[nb.key].metric[dest] + 1 < best_m then request(dest, {nb}) break end
      end
    else
      if metric[dest] and metric[dest] < INF then
        via[dest], metric[dest], gone[dest] = nil, INF, now()
        changed(dest)
      end
      if unfeasible then request(dest, unfeasible) end
    end
  end

  -- hear takes an update from nb: {full =, ask =, routes = {dest, seqno,
  -- metric, ...}}.
  local function hear(msg, nb)
    local e = msg.routes
    if type(e) ~= "table" then return end
    counts.updates_received = counts.updates_received + 1
    if msg.ask == true and told[nb.port] ~= now() then tell(nb.port) end
    local t = said[nb.key]
    if not t then
      t = {metric = {}, seqno = {}}
      said[nb.key] = t
    end
    local metrics, seqnos = t.metric, t.seqno
    if msg.full then -- what it no longer says is gone
      local listed = {}
      for i = 1, #e, 3 do listed[e[i]] = true end
      for dest in pairs(metrics) do
        if not listed[dest] then
          metrics[dest], seqnos[dest] = nil, nil
          select(dest)
        end
      end
    end
    for i = 1, #e, 3 do
      local dest, s, m = e[i], e[i + 1], e[i + 2]
      if type(dest) == "string" and type(s) == "number" and type(m) == "number" and s >= 0 and m >= 0 then
        if m >= INF then m, s = nil, nil end
        if metrics[dest] ~= m or seqnos[dest] ~= s then
          metrics[dest], seqnos[dest] = m, s
          select(dest)
        end
      end
    end
  end

  -- A request for a newer sequence number of msg.dest, from nb.
  local function on_request(msg, nb)
    local dest, want = msg.dest, msg.seqno
    if type(dest) ~= "string" or type(want) ~= "number" or type(msg.hops) ~= "number" then return end
    counts.requests_received = counts.requests_received + 1
    if dest == me then
      if my_seqno < want then my_seqno = want end
      return changed(me)
    end
    if metric[dest] and metric[dest] < INF and seqno[dest] >= want then
      return tell(nb.port, {dest}) -- the route it has is new enough
    end
    local next_nb = net.neighbours[via[dest]]
    local id = dest .. "#" .. want
    if next_nb and next_nb ~= nb and msg.hops > 1 and not (forwarded[id] and now() - forwarded[id] < 1) then
      forwarded[id] = now()
      net.send({kind = "request", dest = dest, seqno = want, hops = msg.hops - 1}, next_nb.port, next_nb)
      counts.requests_sent = counts.requests_sent + 1
    end
  end

  -- A neighbour came or went: what it said counts no more.
  local function on_neighbour(nb, up)
    if up then return tell(nb.port) end
    local t = said[nb.key]
    said[nb.key] = nil
    if t then
      local dests = {}
      for dest in pairs(t.metric) do dests[#dests + 1] = dest end
      table.sort(dests)
      for _, dest in ipairs(dests) do select(dest) end
    end
  end

  net = routing.new("dv", {
    hold = opt.hold, ttl = opt.ttl, quiet = opt.quiet, key = opt.key,
    on_message = function(msg, nb)
      if msg.kind == "update" then hear(msg, nb) elseif msg.kind == "request" then on_request(msg, nb) end
    end,
    on_neighbour = on_neighbour,
    on_link = function(port, up) if up then tell(port) end end,
    next_hop = function(dest)
      local m = metric[dest]
      return m and m < INF and net.neighbours[via[dest]] or nil
    end,
  })

  -- Every update: a full update (from a random moment in the first period,
  -- so that neighbours do not all speak at once), and routes lost more than
  -- hold ago are forgotten.
  local function periodic()
    local t = now()
    for dest, at in pairs(gone) do
      if t - at > opt.hold then via[dest], metric[dest], seqno[dest], gone[dest] = nil, nil, nil, nil end
    end
    for id, at in pairs(forwarded) do
      if t - at > 1 then forwarded[id] = nil end
    end
    tell()
  end
  local function on_start()
    net.refresh()
    tell(nil, nil, true)
    node.after(math.random() * opt.update, function()
      periodic()
      node.every(opt.update, periodic)
    end)
  end

  -- routes() -> {[dest] = {next = NAME, metric = HOPS, port = N}} for every
  -- destination it reaches.
  local function routes()
    local t = {}
    for dest, m in pairs(metric) do
      local nb = m < INF and net.neighbours[via[dest]]
      if nb then t[dest] = {next = nb.name, metric = m, port = nb.port} end
    end
    return t
  end

  return net.router(on_start, routes, counts)
end

return {new = new}
