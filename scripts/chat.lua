-- chat: a chat room on your LAN, the older project's headline example.
-- Start it in several terminals, or on several machines of one LAN; the
-- rooms find each other by themselves:
--
--   meshlua chat alice                 (nick alice, the first interface that is up)
--   meshlua chat bob eth0 secret       (an interface and a shared key)
--
-- Type a line to say it, /who to see who is here, Ctrl-D to leave.
-- MESHLUA_CHAT_PORT changes the UDP port (default 7777).
local nick = arg[1] or os.getenv("USER") or "anon"
local urandom = io.open("/dev/urandom", "rb")
local bytes = urandom:read(6)
urandom:close()
local seed = 0
for i = 1, #bytes do seed = seed * 256 + bytes:byte(i) end
mesh.seed(seed) -- each room its own addresses

local lan = mesh.link("chat", {kind = "udp", iface = arg[2], key = arg[3],
  port = tonumber(os.getenv("MESHLUA_CHAT_PORT") or "7777")})
local me = mesh.node(nick, {program = "chat", args = {every = 2}, links = {lan}})
print(("* you are %s: type a message and Enter, /who to see who is here, Ctrl-D to leave"):format(nick))
while true do
  local line = mesh.readline()
  if not line then break end
  if line == "/who" then
    print("* here: " .. table.concat(me:call("peers"), ", "))
  elseif line ~= "" then
    me:call("say", line)
  end
end
