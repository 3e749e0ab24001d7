-- chat: a chat room. Started in several meshlua processes joined by a udp
-- link, the nodes find each other by announcing themselves (no addresses
-- typed), and each message reaches every node once, also across several
-- links and paths (it is flooded, with duplicates dropped).
--
-- args: nick (default: the node's name), every (seconds between
--       announcements, default 2), timeout (seconds without news before a
--       peer counts as gone, default 3 * every)
-- functions for node:call: say(text), peers() -> the nicks here, sorted,
--       rename(nick)
-- It logs "<nick> text" for messages and "* nick joined" / "* nick left".
local seen = require "seen"
local ports = require "ports"
local args = require("args").check("chat args", node.args, {
  nick = {"string"},
  every = {"duration", 2, above = 0},
  timeout = {"duration", above = 0},
})
local nick = args.nick or node.name
local every = args.every
local timeout = args.timeout or 3 * every
local me = node.ports()[1] and node.ports()[1].mac or node.name
local seq = 0
local ids = seen.new(60) -- the messages seen in the last minute: id#seq
local known = {} -- peer id -> {nick =, last =}

local function encode(kind, s, text)
  return ("CHAT1 %s\n%s\n%d\n%s\n%s"):format(kind, me, s, nick, text or "")
end

local function decode(p)
  return p:match("^CHAT1 (%u+)\n([^\n]*)\n(%d+)\n([^\n]*)\n(.*)$")
end

local function post(kind, text)
  seq = seq + 1
  ids:add(me .. "#" .. seq)
  ports.flood(node, encode(kind, seq, text))
end

local function heard(id, who)
  local p = known[id]
  if not p then
    known[id] = {nick = who, last = node.now()}
    node.log(("* %s joined"):format(who))
    post("HELLO") -- answer at once, so the newcomer learns of us quickly
  else
    if p.nick ~= who then node.log(("* %s is now %s"):format(p.nick, who)) end
    p.nick, p.last = who, node.now()
  end
end

function on_frame(f)
  local kind, id, s, who, text = decode(f.payload)
  if not kind or id == me then return end
  local key = id .. "#" .. s
  if ids:has(key) then return end
  ids:add(key)
  ports.flood(node, f.payload, f.port) -- pass it on to the other links
  if kind == "BYE" then
    if known[id] then node.log(("* %s left"):format(who)) end
    known[id] = nil
    return
  end
  heard(id, who)
  if kind == "MSG" then node.log(("<%s> %s"):format(who, text)) end
end

function say(text) post("MSG", tostring(text)) end

function rename(new) nick = tostring(new) post("HELLO") end

function peers()
  local names = {}
  for _, p in pairs(known) do names[#names + 1] = p.nick end
  table.sort(names)
  return names
end

function on_start()
  post("HELLO")
  node.every(every, function()
    post("HELLO")
    for id, p in pairs(known) do
      if p.last < node.now() - timeout then
        node.log(("* %s left (silent for %gs)"):format(p.nick, timeout))
        known[id] = nil
      end
    end
  end)
end

function on_stop() post("BYE") end
