-- lsr: link-state routing by node name, after OSPF and OLSR.
--
-- Every node finds its neighbours with hellos (every `hello` seconds, and
-- at once on a port whose link comes up), and describes them in a
-- link-state advert (LSA): its name, a sequence number and the names of
-- its neighbours. Adverts are flooded: a node that gets an advert newer
-- than the one it holds keeps it and passes it on on its other ports;
-- an older one gets the newer copy sent back. So every node holds every
-- node's advert, the same map of the network, and computes from it the
-- shortest paths from itself (Dijkstra's algorithm, which with every link
-- costing one hop is a breadth-first search), using a link only if the
-- nodes at both ends list each other.
--
-- A node advertises again when its neighbours change (after `triggered`
-- seconds, to gather changes) and every `refresh` seconds; an advert not
-- renewed for `max_age` seconds is dropped. A node searches its map again
-- only when an advert lists other neighbours than the one it replaces (a
-- refresh changes nothing), and at most once every `spf_hold` seconds (a
-- start or a failure brings a burst of adverts). A neighbour is gone when a
-- port's link goes down (on_link) or after `hold` seconds without a
-- hello. A new neighbour gets every advert the node holds, so a node that
-- joins, or a network that heals, is in sync at once.
--
-- This is the protocol as a library, so that a program can route and do
-- its own work in one node (meshsocket does); the program lsr is this
-- library alone:
--
--   local router = require("routing.lsr").new(node.args)
--   on_start, on_frame, on_link = router.on_start, router.on_frame, router.on_link
--
-- new(opts) checks opts as "lsr args": hello (seconds between hellos,
-- default 4), hold (default 3.5 hellos), refresh (seconds between
-- adverts, default 300), max_age (default 3 refreshes), triggered
-- (default 0.02), spf_hold (seconds between two searches, at least,
-- default 0.05), ttl (hops a datagram may take, default 64), quiet (true:
-- do not log datagrams), key (a string the nodes share: messages carry
-- its HMAC, see routing.lua). The router it returns has the calls every router
-- answers (routing.lua): routes(), send(dest, payload), received(),
-- traceroute(dest), traces(), stats(), and net, the routing net it runs
-- on.
local routing = require "routing"

-- new(args) -> an lsr router for this node (see above).
local function new(args)
  local opt = require("args").check("lsr args", args or {}, {
    hello = {"duration", 4, above = 0}, hold = {"duration", above = 0}, refresh = {"duration", 300, above = 0},
    max_age = {"duration", above = 0}, triggered = {"duration", 0.02, above = 0}, ttl = {"whole", 64, min = 1},
    quiet = {"boolean", false}, spf_hold = {"duration", 0.05, min = 0}, key = {"string"},
  })
  opt.hold = opt.hold or 3.5 * opt.hello
  opt.max_age = opt.max_age or 3 * opt.refresh

  local me, now = node.name, node.now

  -- The link-state database: the newest advert of each node, by its name:
  -- {o = name, s = sequence number, n = {neighbour names, sorted}}; when it
  -- came; and its names as a set, {[name] = true}.
  local adverts, arrived, lists = {}, {}, {}

  -- keep puts an advert in the database.
  local function keep(lsa)
    local set = {}
    for _, n in ipairs(lsa.n) do set[n] = true end
    adverts[lsa.o], arrived[lsa.o], lists[lsa.o] = lsa, now(), set
  end
  local my_seqno = 0
  local first_hop, distance = {}, {} -- by destination: the neighbour (its key) and the hops, from the last computation
  local outbox = {}                  -- [port] = {[origin] = true}: adverts to send there
  local timer                        -- the pending flush, if any
  local counts = {hellos_sent = 0, hellos_received = 0, updates_sent = 0, updates_received = 0, originated = 0, computations = 0}
  local net

  -- later schedules flush (adverts to send, our own to make, the paths to
  -- compute) after `triggered` seconds, gathering what changes meanwhile.
  local due = {originate = false, compute = false}
  local flush, compute_soon
  local function later(what)
    due[what] = true
    if not timer then timer = node.after(opt.triggered, flush) end
  end

  -- post puts the advert of origin in the outbox of port, to go with the
  -- next flush.
  local function post(port, origin)
    outbox[port] = outbox[port] or {}
    outbox[port][origin] = true
    if not timer then timer = node.after(opt.triggered, flush) end
  end

  -- queue posts the advert of origin on every port but except.
  local function queue(origin, except)
    for _, port in ipairs(net.ports()) do
      if port ~= except then post(port, origin) end
    end
  end

  -- same says whether two adverts list the same neighbours.
  local function same(a, b)
    if #a ~= #b then return false end
    for i = 1, #a do
      if a[i] ~= b[i] then return false end
    end
    return true
  end

  -- originate makes a new advert of this node's neighbours (the paths
  -- change only if they did).
  local function originate()
    local names, seen = {}, {}
    for _, nb in pairs(net.neighbours) do
      if not seen[nb.name] then seen[nb.name] = true names[#names + 1] = nb.name end
    end
    table.sort(names)
    my_seqno = my_seqno + 1
    local have = adverts[me]
    if not (have and same(names, have.n)) then due.compute = true end
    keep{o = me, s = my_seqno, n = names}
    counts.originated = counts.originated + 1
    queue(me)
  end

  -- compute finds the shortest paths from here over the links both ends
  -- advertise: a breadth-first search, visiting neighbours in name order so
  -- that among equal paths the choice is the same in every run.
  local last_compute, compute_timer = -math.huge, nil
  local function compute()
    counts.computations = counts.computations + 1
    last_compute = now()
    -- the first hops: this node's neighbours, by name (the lowest port key
    -- if one is on several ports)
    local hop_of = {}
    for key, nb in pairs(net.neighbours) do
      if not hop_of[nb.name] or key < hop_of[nb.name] then hop_of[nb.name] = key end
    end
    first_hop, distance = {}, {[me] = 0}
    local queue_, head = {me}, 1
    while queue_[head] do
      local at = queue_[head]
      head = head + 1
      local lsa = adverts[at]
      for _, n in ipairs(lsa and lsa.n or {}) do
        if distance[n] == nil and lists[n] and lists[n][at] then
          local hop = at == me and hop_of[n] or first_hop[at]
          if hop then
            distance[n], first_hop[n] = distance[at] + 1, hop
            queue_[#queue_ + 1] = n
          end
        end
      end
    end
  end

  -- compute_soon computes the paths now, or, within spf_hold seconds of
  -- the last computation, when they have passed (as OSPF's SPF hold time):
  -- the adverts of a start or of a failure come in a burst over a few
  -- link delays, and a computation for each flush of them would cost a
  -- search of the whole map each time.
  function compute_soon()
    local wait = last_compute + opt.spf_hold - now()
    if wait <= 0 then return compute() end
    if not compute_timer then
      compute_timer = node.after(wait, function()
        compute_timer = nil
        compute()
      end)
    end
  end

  flush = function()
    if due.originate then due.originate = false originate() end
    timer = nil
    local box = outbox
    outbox = {}
    local ports = {}
    for port in pairs(box) do ports[#ports + 1] = port end
    table.sort(ports)
    for _, port in ipairs(ports) do
      local origins, list = {}, {}
      for origin in pairs(box[port]) do origins[#origins + 1] = origin end
      table.sort(origins)
      for _, origin in ipairs(origins) do list[#list + 1] = adverts[origin] end
      if #list > 0 and net.send({kind = "adverts", list = list}, port) then counts.updates_sent = counts.updates_sent + 1 end
    end
    if due.compute then due.compute = false compute_soon() end
  end

  -- install takes one advert that came on port: a newer one is kept and
  -- passed on, an older one answered with the newer copy. The paths are
  -- computed again only when the newer one lists other neighbours: the
  -- refresh of an advert that did not change costs a flood, not a search
  -- at every node.
  local function install(lsa, port)
    local origin, s, names = lsa.o, lsa.s, lsa.n
    if type(origin) ~= "string" or type(s) ~= "number" or not (s >= 0) or type(names) ~= "table" then return end
    for _, n in ipairs(names) do
      if type(n) ~= "string" then return end
    end
    local have = adverts[origin]
    if origin == me then
      -- from before a restart (a number as large as ours, with other
      -- neighbours; an echo of ours is not): ours must be newer
      if s > my_seqno or (s == my_seqno and not (have and same(names, have.n))) then
        my_seqno = s
        later("originate")
      end
      return
    end
    if have and s < have.s then return post(port, origin) end
    if have and s == have.s then return end
    local changed = not (have and same(names, have.n))
    keep{o = origin, s = s, n = names}
    queue(origin, port)
    if changed then later("compute") end
  end

  net = routing.new("lsr", {
    hold = opt.hold, ttl = opt.ttl, quiet = opt.quiet, key = opt.key,
    on_message = function(msg, nb)
      if msg.kind == "hello" then
        counts.hellos_received = counts.hellos_received + 1
      elseif msg.kind == "adverts" and type(msg.list) == "table" then
        counts.updates_received = counts.updates_received + 1
        for _, lsa in ipairs(msg.list) do
          if type(lsa) == "table" then install(lsa, nb.port) end
        end
      end
    end,
    on_neighbour = function(nb, up)
      if up then -- it gets every advert held here, and a hello back at once
        for origin in pairs(adverts) do post(nb.port, origin) end
        net.send({kind = "hello"}, nb.port, nb)
        counts.hellos_sent = counts.hellos_sent + 1
      end
      later("originate")
    end,
    on_link = function(port, up)
      if up then
        net.send({kind = "hello"}, port)
        counts.hellos_sent = counts.hellos_sent + 1
      end
    end,
    next_hop = function(dest) return net.neighbours[first_hop[dest]] end,
  })

  local function hello()
    for _, port in ipairs(net.ports()) do
      if net.send({kind = "hello"}, port) then counts.hellos_sent = counts.hellos_sent + 1 end
    end
  end

  -- Adverts not renewed for max_age are dropped; our own is renewed every
  -- refresh.
  local function age()
    local t, gone = now(), false
    for origin, at in pairs(arrived) do
      if origin ~= me and t - at > opt.max_age then
        adverts[origin], arrived[origin], lists[origin], gone = nil, nil, nil, true
      end
    end
    if gone then later("compute") end
  end

  local function on_start()
    net.refresh()
    hello()
    later("originate")
    node.after(math.random() * opt.hello, function()
      hello()
      node.every(opt.hello, hello)
    end)
    node.after(math.random() * opt.refresh, function()
      later("originate")
      node.every(opt.refresh, function() later("originate") end)
    end)
    node.every(opt.max_age / 4, age)
  end

  -- routes() -> {[dest] = {next = NAME, metric = HOPS, port = N}} for every
  -- destination it reaches.
  local function routes()
    local t = {}
    for dest, key in pairs(first_hop) do
      local nb = net.neighbours[key]
      if nb then t[dest] = {next = nb.name, metric = distance[dest], port = nb.port} end
    end
    return t
  end

  return net.router(on_start, routes, counts)
end

return {new = new}
