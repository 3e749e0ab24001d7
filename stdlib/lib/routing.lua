-- routing: what the routing programs dv and lsr share, so that each of
-- them is only its protocol.
--
--   * neighbours: who is heard on which port, forgotten after `hold`
--     seconds of silence, or at once when a port's link goes down
--     (on_link).
--   * messages: Lua tables sent to a port or to one neighbour, encoded with
--     codec and split with fragment to fit the port's MTU; with a shared
--     key, each carries an HMAC of its bytes, and one whose HMAC is wrong
--     (forged, or from a node with another key) is counted and dropped.
--   * datagrams: payloads routed hop by hop by node name, with the next hop
--     the protocol chose; traceroute probes record the path.
--   * listeners: code that shares the node with the protocol (meshsocket)
--     hears the neighbours come and go, gets the messages of its own kind
--     and the datagrams sent to it.
--
--   local routing = require "routing"
--   local net = routing.new("dv", {hold = ..., on_message = ..., on_neighbour = ..., next_hop = ...})
--   on_frame, on_link = net.on_frame, net.on_link
local codec, fragment, hmac = require "codec", require "fragment", require "hmac"
local encode, decode = codec.encode, codec.decode
local send, now, log = node.send, node.now, node.log
local me = node.name

local M = {}

-- new(proto, h) -> the shared part of a routing program called proto. h
-- holds the protocol's side:
--   hold          seconds of silence after which a neighbour is gone
--   ttl           hops a datagram may take
--   quiet         true: do not log datagrams and traceroutes
--   key           a string shared by the nodes, to authenticate messages
--   on_message(msg, nb)   a message of the protocol's from neighbour nb
--   on_neighbour(nb, up)  nb was heard for the first time (up) or is gone
--   on_link(port, up)     after the neighbours on a port that went down
--                         are gone
--   next_hop(dest)        the neighbour to send a datagram for dest to, or nil
-- A neighbour is {key =, name =, port =, mac =, heard =}; key is
-- "PORT/NAME", one per name and port.
function M.new(proto, h)
  local fragments = fragment.new{max_messages = 64, max_bytes = 1024 * 1024, max_fragments = 1024}
  local ports = {}      -- the port tables of node.ports(), by index
  local neighbours = {} -- by key
  local received, traces = {}, {}
  local key = h.key
  local counts = {frames = 0, bytes = 0, messages = 0, heard = 0, malformed = 0, forged = 0,
    datagrams_sent = 0, datagrams_forwarded = 0, datagrams_delivered = 0, datagrams_dropped = 0}
  local net = {neighbours = neighbours, counts = counts}
  -- The listeners, by name, and their names in the order they came.
  local listeners, listening = {}, {}

  -- net.listen(name, l): l hears what is not the protocol's own, all of
  -- its fields optional: l.message(msg, nb) gets the messages of kind name
  -- from the neighbours; l.datagram(msg) the datagrams sent with
  -- net.datagram(dest, payload, name), returning false for one it cannot
  -- read (counted as malformed); l.neighbour(nb, up) hears every
  -- neighbour come and go, after the protocol.
  function net.listen(name, l)
    if not listeners[name] then listening[#listening + 1] = name end
    listeners[name] = l
  end

  local function neighbour(nb, up)
    h.on_neighbour(nb, up)
    for _, name in ipairs(listening) do
      local fn = listeners[name].neighbour
      if fn then fn(nb, up) end
    end
  end

  -- net.refresh() reads the node's ports again (on_start: a topology
  -- builder connects them after the program's chunk ran).
  local function refresh_ports()
    ports = {}
    for _, p in ipairs(node.ports()) do ports[p.index] = p end
  end
  refresh_ports()
  net.refresh = refresh_ports

  -- net.send(msg, port, nb) sends the table msg out of port (a number),
  -- to neighbour nb or, without one, to every node on the port's link.
  -- It returns false when the port is down or gone.
  function net.send(msg, port, nb)
    local p = ports[port]
    if not (p and p.up) then return false end
    msg.proto, msg.from = proto, me
    local bytes = encode(msg)
    if key then bytes = hmac.sha256(key, bytes) .. bytes end -- 32 bytes, then the message
    local pieces = fragments:split(bytes, p.mtu)
    local dst = nb and nb.mac
    for i = 1, #pieces do
      send{port = port, dst = dst, payload = pieces[i]}
      counts.bytes = counts.bytes + #pieces[i] + 14
    end
    counts.frames, counts.messages = counts.frames + #pieces, counts.messages + 1
    return true
  end

  -- net.ports() -> the indexes of the ports that are up, in order.
  function net.ports()
    local list = {}
    for i, p in pairs(ports) do
      if p.up then list[#list + 1] = i end
    end
    table.sort(list)
    return list
  end

  local function lose(key)
    local nb = neighbours[key]
    neighbours[key] = nil
    neighbour(nb, false)
  end

  -- net.expire() forgets the neighbours not heard for h.hold seconds.
  function net.expire()
    local limit = now() - h.hold
    local gone = {}
    for key, nb in pairs(neighbours) do
      if nb.heard < limit then gone[#gone + 1] = key end
    end
    table.sort(gone)
    for _, key in ipairs(gone) do lose(key) end
  end
  node.every(h.hold / 4, net.expire)

  local originate -- (below)

  -- Datagrams: {kind = "datagram", src =, dst = (names), ttl = hops
  -- left, hops = hops taken, data = the payload, trace = nil | "probe" |
  -- "reply", path = the names a probe passed, app = the listener it is
  -- for, if any}.
  local function deliver(msg)
    local at = now()
    if msg.app then
      local l = listeners[msg.app]
      if not (l and l.datagram) then
        counts.datagrams_dropped = counts.datagrams_dropped + 1
        return nil, "nobody listens to " .. msg.app
      end
      counts.datagrams_delivered = counts.datagrams_delivered + 1
      if l.datagram(msg) == false then counts.malformed = counts.malformed + 1 end
      return true
    elseif msg.trace == "probe" then
      msg.path[#msg.path + 1] = me
      return originate(msg.src, msg.path, "reply")
    elseif msg.trace == "reply" then
      traces[msg.src] = msg.data
      if not h.quiet then
        log(("traceroute to %s: %s (%d hops)"):format(msg.src, table.concat(msg.data, " "), #msg.data - 1))
      end
      return true
    end
    counts.datagrams_delivered = counts.datagrams_delivered + 1
    if #received == 1000 then table.remove(received, 1) end
    received[#received + 1] = {from = msg.src, payload = msg.data, hops = msg.hops, at = at}
    if not h.quiet then
      log(("got %q from %s (%d %s)"):format(tostring(msg.data), msg.src, msg.hops, msg.hops == 1 and "hop" or "hops"))
    end
    return true
  end

  local function forward(msg)
    if msg.dst == me then return deliver(msg) end
    local nb = h.next_hop(msg.dst)
    local why = not nb and "no route to " .. msg.dst or not (msg.ttl >= 1) and "out of hops" or nil
    if why then
      counts.datagrams_dropped = counts.datagrams_dropped + 1
      return nil, why
    end
    if msg.trace == "probe" then msg.path[#msg.path + 1] = me end
    msg.ttl, msg.hops = msg.ttl - 1, msg.hops + 1
    net.send(msg, nb.port, nb)
    if msg.src ~= me then counts.datagrams_forwarded = counts.datagrams_forwarded + 1 end
    return true
  end

  -- originate sends a datagram from here: a payload (for the listener
  -- app, if given), or a traceroute's probe or reply (trace).
  function originate(dest, payload, trace, app)
    counts.datagrams_sent = counts.datagrams_sent + 1
    return forward{kind = "datagram", src = me, dst = dest, ttl = h.ttl, hops = 0, data = payload, trace = trace,
      path = trace == "probe" and {} or nil, app = app}
  end

  -- net.datagram(dest, payload [, app]) sends a datagram from here to the
  -- node called dest: true, or nil and why it could not leave (no route,
  -- or a destination or payload that is not a string). With app, the
  -- payload is any value codec encodes, for the listener app there.
  function net.datagram(dest, payload, app)
    if type(dest) ~= "string" then return nil, proto .. ": the destination is a node's name, got " .. type(dest) end
    if app == nil and type(payload) ~= "string" then return nil, proto .. ": the payload is a string, got " .. type(payload) end
    return originate(dest, payload, nil, app)
  end

  -- net.traceroute(dest) sends a probe that records the names of the
  -- nodes it passes; dest sends them back, and traces()[dest] has them.
  function net.traceroute(dest)
    if type(dest) ~= "string" then return nil, proto .. ": the destination is a node's name, got " .. type(dest) end
    return originate(dest, nil, "probe")
  end
  function net.received() return received end
  function net.traces() return traces end

  -- datagram_ok says whether msg, from the network, is a datagram this
  -- code can handle: the right types, and a path of names.
  local function names(list)
    if type(list) ~= "table" then return false end
    for _, n in ipairs(list) do
      if type(n) ~= "string" then return false end
    end
    return true
  end
  local function datagram_ok(msg)
    if type(msg.src) ~= "string" or type(msg.dst) ~= "string" or type(msg.ttl) ~= "number" or type(msg.hops) ~= "number" then
      return false
    end
    if msg.trace == "probe" then return names(msg.path) end
    if msg.trace == "reply" then return names(msg.data) end
    if msg.app ~= nil then return msg.trace == nil and type(msg.app) == "string" and msg.data ~= nil end
    return msg.trace == nil and type(msg.data) == "string"
  end

  -- on_frame: every frame of the protocol to this node or to all.
  function net.on_frame(f, port)
    local dst = f.dst
    local p = ports[port]
    if not p then
      refresh_ports()
      p = ports[port]
    end
    if dst ~= "ff:ff:ff:ff:ff:ff" and (not p or dst ~= p.mac) then return end
    local src = f.src
    local bytes = fragments:receive(src, f.payload)
    if not bytes then return end
    if key then
      local mac = bytes:sub(1, 32)
      bytes = bytes:sub(33)
      if not hmac.equal(mac, hmac.sha256(key, bytes)) then
        counts.forged = counts.forged + 1
        return
      end
    end
    local msg = decode(bytes)
    if type(msg) ~= "table" or msg.proto ~= proto or type(msg.from) ~= "string" or type(msg.kind) ~= "string" then
      counts.malformed = counts.malformed + 1
      return
    end
    counts.heard = counts.heard + 1
    local key = port .. "/" .. msg.from
    local nb = neighbours[key]
    if not nb then
      nb = {key = key, name = msg.from, port = port, mac = src}
      neighbours[key] = nb
      nb.heard = now()
      neighbour(nb, true)
    end
    nb.heard, nb.mac = now(), src
    if msg.kind == "datagram" then
      if datagram_ok(msg) then
        forward(msg)
      else
        counts.malformed = counts.malformed + 1
      end
    else
      local l = listeners[msg.kind]
      if l and l.message then l.message(msg, nb) else h.on_message(msg, nb) end
    end
  end

  -- on_link: a port's link went down (its neighbours are gone at once)
  -- or came up.
  function net.on_link(port, up)
    refresh_ports()
    if not up then
      local gone = {}
      for key, nb in pairs(neighbours) do
        if nb.port == port then gone[#gone + 1] = key end
      end
      table.sort(gone)
      for _, key in ipairs(gone) do lose(key) end
    end
    h.on_link(port, up)
  end

  -- net.stats(extra) -> the shared counters, with the fragments dropped,
  -- and the protocol's own (extra).
  function net.stats(extra)
    local t = {}
    for k, v in pairs(counts) do t[k] = v end
    t.fragments_dropped = fragments:stats().dropped
    for k, v in pairs(extra) do t[k] = v end
    return t
  end

  -- net.router(on_start, routes, counts) -> the router a protocol's
  -- library returns, with the calls every router answers: on_start,
  -- on_frame and on_link for the node; routes() (the protocol's);
  -- send(dest, payload), which routes a datagram to the node called dest;
  -- received(), the datagrams that came here; traceroute(dest) and
  -- traces(), to find the path; stats(), with the protocol's counts; and
  -- net itself.
  function net.router(on_start, routes, counts)
    return {
      net = net, on_start = on_start, on_frame = net.on_frame, on_link = net.on_link,
      routes = routes, send = net.datagram, received = net.received, traceroute = net.traceroute, traces = net.traces,
      stats = function() return net.stats(counts) end,
    }
  end

  return net
end

return M
