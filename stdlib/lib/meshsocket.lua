-- meshsocket: a mesh socket, after py2p's. A node sends a message to one
-- node by name (send), to every node (broadcast) or to its neighbours only
-- (whisper), and answers any message it gets (reply), wherever its sender
-- is. Handlers get the messages and hear the neighbours join and leave.
--
--   local ms = require("meshsocket").new{routing = "dv"}
--   on_start, on_frame, on_link = ms.on_start, ms.on_frame, ms.on_link
--   ms.on_message(function(msg)
--     if msg.data == "ping" then ms.reply(msg, "pong") end
--   end)
--
-- It is made of the stdlib's protocols, all in the one node:
--   * a router (routing.dv or routing.lsr: the option `routing`) carries
--     send and reply as datagrams, hop by hop along its routes, so a reply
--     reaches a sender that is not a neighbour;
--   * the router's neighbours are the neighbours that join and leave: a
--     node heard on a port joins; it leaves when the port's link goes down
--     (at once, on_link) or after the router's hold time of silence;
--   * broadcast is a flood: each node passes a message it has not seen on
--     its other ports and remembers its id for `window` seconds (seen), so
--     each node gets it once; `ttl` bounds its hops;
--   * whisper is one message on each port, to the nodes on that link, that
--     nobody passes on.
-- Its messages travel inside the router's (codec, fragment), so a node
-- speaks one protocol on the wire, and the router hears its neighbours in
-- them too.
local seen = require "seen"
local check = require("args").check

-- The routers a socket may run on, by the name the option routing gives.
local routers = {dv = "routing.dv", lsr = "routing.lsr"}
-- The kind of the router's messages that carry broadcasts and whispers,
-- and the name of the listener that gets them and the datagrams.
local KIND = "meshsocket"

-- new(opts) -> a mesh socket for this node; opts (all optional): routing
-- ("dv" or "lsr", default "dv"), router (the router's args), ttl (hops a
-- broadcast may take, default 16), window (seconds a broadcast's id is
-- remembered, default 60).
local function new(opts)
  local opt = check("meshsocket", opts, {
    routing = {"string", "dv"}, router = {"table"},
    ttl = {"whole", 16, min = 1}, window = {"duration", 60, above = 0},
  })
  local lib = routers[opt.routing]
  if not lib then error(("meshsocket: option routing: want \"dv\" or \"lsr\", got %q"):format(opt.routing), 2) end
  local router = require(lib).new(opt.router)
  local net, me = router.net, node.name
  local ids = seen.new(opt.window)
  -- Ids are NAME#N from a random N (math.random follows the seed), so a
  -- node that restarts does not reuse the ids of its broadcasts.
  local seq = math.random(0, 0x7fffffff)
  local handlers = {}
  local heard_on = {} -- [name] = on how many ports a neighbour is heard
  local counts = {sent = 0, replies = 0, broadcasts = 0, whispers = 0, received = 0, forwarded = 0,
    duplicates = 0, malformed = 0}
  local ms = {router = router, on_start = router.on_start, on_frame = router.on_frame, on_link = router.on_link}

  local function new_id()
    seq = seq + 1
    return me .. "#" .. seq
  end

  -- give hands a message to the program's handler.
  local function give(msg)
    counts.received = counts.received + 1
    if handlers.message then handlers.message(msg) end
  end

  local function malformed()
    counts.malformed = counts.malformed + 1
    return false
  end

  -- Broadcasts and whispers, from a neighbour: {kind = "meshsocket", t =
  -- "broadcast" | "whisper", id =, data =; a broadcast also has origin,
  -- ttl (hops left) and hops (taken)}.
  local function heard(m, nb)
    if type(m.id) ~= "string" or m.data == nil then return malformed() end
    if m.t == "whisper" then
      return give{kind = "whisper", from = nb.name, data = m.data, hops = 1, id = m.id, port = nb.port}
    end
    if m.t ~= "broadcast" or type(m.origin) ~= "string" or type(m.ttl) ~= "number" or type(m.hops) ~= "number" then
      return malformed()
    end
    if m.origin == me or ids:has(m.id) then
      counts.duplicates = counts.duplicates + 1
      return
    end
    ids:add(m.id)
    local hops = m.hops + 1
    give{kind = "broadcast", from = m.origin, data = m.data, hops = hops, id = m.id, port = nb.port}
    if m.ttl > 1 then
      local pass = {kind = KIND, t = "broadcast", id = m.id, origin = m.origin, ttl = m.ttl - 1, hops = hops, data = m.data}
      for _, port in ipairs(net.ports()) do
        if port ~= nb.port and net.send(pass, port) then counts.forwarded = counts.forwarded + 1 end
      end
    end
  end

  -- Messages to this node, in the router's datagrams: msg.src, msg.hops
  -- and msg.data = {t = "send" | "reply", id =, data =, re = (a reply: the
  -- id of the message it answers)}.
  local function addressed(msg)
    local d = msg.data
    if type(d) ~= "table" or (d.t ~= "send" and d.t ~= "reply") or type(d.id) ~= "string" or d.data == nil then
      return malformed()
    end
    if d.t == "reply" and type(d.re) ~= "string" then return malformed() end
    give{kind = d.t, from = msg.src, data = d.data, hops = msg.hops, id = d.id, re = d.re}
  end

  -- A neighbour joins when it is first heard on a port, and leaves when it
  -- is heard on none.
  local function neighbour(nb, up)
    local n = (heard_on[nb.name] or 0) + (up and 1 or -1)
    heard_on[nb.name] = n > 0 and n or nil
    if up and n == 1 and handlers.join then
      handlers.join(nb.name, nb.port)
    elseif not up and n == 0 and handlers.leave then
      handlers.leave(nb.name, nb.port)
    end
  end

  net.listen(KIND, {message = heard, datagram = addressed, neighbour = neighbour})

  -- datagram sends {t = kind, id =, data =, re =} to the node called to.
  local function datagram(to, kind, data, re)
    if data == nil then return nil, "meshsocket: " .. kind .. " wants data, got nil" end
    local id = new_id()
    local ok, why = net.datagram(to, {t = kind, id = id, data = data, re = re}, KIND)
    if not ok then return nil, why end
    return id
  end

  -- ms.send(to, data) -> the message's id, or nil and why it could not
  -- leave: data (any value codec encodes) to the node called to.
  function ms.send(to, data)
    local id, why = datagram(to, "send", data)
    if id then counts.sent = counts.sent + 1 end
    return id, why
  end

  -- ms.reply(msg, data) -> as send: data to the sender of msg (a message a
  -- handler got), wherever it is, as an answer to it (msg.re at the other
  -- end is msg.id).
  function ms.reply(msg, data)
    if type(msg) ~= "table" or type(msg.from) ~= "string" or type(msg.id) ~= "string" then
      return nil, "meshsocket: reply wants a message a handler got, got " .. type(msg)
    end
    local id, why = datagram(msg.from, "reply", data, msg.id)
    if id then counts.replies = counts.replies + 1 end
    return id, why
  end

  -- ms.broadcast(data) -> the message's id: data to every node this one
  -- reaches within ttl hops, once each.
  function ms.broadcast(data)
    if data == nil then return nil, "meshsocket: broadcast wants data, got nil" end
    local id = new_id()
    ids:add(id)
    counts.broadcasts = counts.broadcasts + 1
    local m = {kind = KIND, t = "broadcast", id = id, origin = me, ttl = opt.ttl, hops = 0, data = data}
    for _, port in ipairs(net.ports()) do net.send(m, port) end
    return id
  end

  -- ms.whisper(data) -> the message's id: data to the neighbours, the
  -- nodes on this node's links, and no farther.
  function ms.whisper(data)
    if data == nil then return nil, "meshsocket: whisper wants data, got nil" end
    local id = new_id()
    counts.whispers = counts.whispers + 1
    local m = {kind = KIND, t = "whisper", id = id, data = data}
    for _, port in ipairs(net.ports()) do net.send(m, port) end
    return id
  end

  -- The handlers, one of each (a new one replaces the old; nil removes
  -- it): on_message(fn) gets every message, fn(msg); on_join(fn) and
  -- on_leave(fn) hear the neighbours, fn(name, port).
  local function setter(event)
    return function(fn)
      if fn ~= nil and type(fn) ~= "function" then
        error(("meshsocket: on_%s wants a function, got %s"):format(event, type(fn)), 2)
      end
      handlers[event] = fn
    end
  end
  ms.on_message, ms.on_join, ms.on_leave = setter("message"), setter("join"), setter("leave")

  -- ms.neighbours() -> the names of the neighbours, sorted.
  function ms.neighbours()
    local list = {}
    for name in pairs(heard_on) do list[#list + 1] = name end
    table.sort(list)
    return list
  end

  -- ms.stats() -> {sent, replies, broadcasts, whispers (messages sent
  -- here), received (given to the handler), forwarded (broadcasts passed
  -- on, one a port), duplicates (copies of broadcasts dropped), malformed
  -- (messages of the socket it could not read)}.
  function ms.stats()
    local t = {}
    for k, v in pairs(counts) do t[k] = v end
    return t
  end

  return ms
end

return {new = new}
