-- discovery: who are my neighbours? Every `every` seconds a node says
-- hello on each of its ports; a node heard from in the last `timeout`
-- seconds is a neighbour, on the port it was heard on. When a port's link
-- goes down (on_link) its neighbours are gone at once, not at the timeout.
--
-- args: every (a duration, default 1), timeout (default 3 * every),
--       quiet (true: do not log joins and leaves)
-- functions for node:call: neighbours() -> {[name] = {port =, mac =,
-- last =}}, stats() -> {hellos_sent, hellos_received, joined, left,
-- other (frames that were no hello)}
local codec = require "codec"
local args = require("args").check("discovery args", node.args, {
  every = {"duration", 1, above = 0},
  timeout = {"duration", above = 0},
  quiet = {"boolean", false},
})
local timeout = args.timeout or 3 * args.every
local known = {} -- name -> {port =, mac =, last =}
local counts = {hellos_sent = 0, hellos_received = 0, joined = 0, left = 0, other = 0}
local hello = codec.encode{hello = node.name}

local function say(what, name, port)
  if not args.quiet then print(("%s %s on port %d"):format(what, name, port)) end
end

local function forget(name, why)
  local n = known[name]
  known[name] = nil
  counts.left = counts.left + 1
  say("lost (" .. why .. ")", name, n.port)
end

local function tick()
  for _, p in ipairs(node.ports()) do
    if p.up then
      node.send{port = p.index, payload = hello}
      counts.hellos_sent = counts.hellos_sent + 1
    end
  end
  local now = node.now()
  local names = {} -- in order, so the log is the same every run
  for name, n in pairs(known) do
    if now - n.last > timeout then names[#names + 1] = name end
  end
  table.sort(names)
  for _, name in ipairs(names) do forget(name, "timeout") end
end

function on_start()
  tick()
  node.every(args.every, tick)
end

function on_frame(f, port)
  local msg = codec.decode(f.payload)
  local name = type(msg) == "table" and msg.hello
  if type(name) ~= "string" or name == node.name then
    counts.other = counts.other + 1
    return
  end
  counts.hellos_received = counts.hellos_received + 1
  local n = known[name]
  if not n then
    n = {}
    known[name] = n
    counts.joined = counts.joined + 1
    say("found", name, port)
  end
  n.port, n.mac, n.last = port, f.src, node.now()
end

function on_link(port, up)
  if up then
    node.send{port = port, payload = hello} -- say hello at once
    counts.hellos_sent = counts.hellos_sent + 1
    return
  end
  local names = {}
  for name, n in pairs(known) do
    if n.port == port then names[#names + 1] = name end
  end
  table.sort(names)
  for _, name in ipairs(names) do forget(name, "link down") end
end

function neighbours()
  local t = {}
  for name, n in pairs(known) do t[name] = {port = n.port, mac = n.mac, last = n.last} end
  return t
end

function stats()
  local t = {}
  for k, v in pairs(counts) do t[k] = v end
  return t
end
