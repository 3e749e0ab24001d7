-- meshlua.lua: a Wireshark and tshark dissector for meshlua's own frames,
-- those of ethertype 0x88b5 that node.send and node.broadcast send by
-- default. The payload is the program's own bytes: shown whole, and as text
-- when it is printable; messages of the stdlib's flood program are decoded.
--
--   tshark -X lua_script:contrib/wireshark/meshlua.lua -r all.pcapng
--   wireshark: copy this file to ~/.local/lib/wireshark/plugins/
--
-- Fields: meshlua.len, meshlua.payload, meshlua.text, meshlua.flood.origin,
-- meshlua.flood.seq, meshlua.flood.ttl, meshlua.flood.hops, meshlua.flood.text.

local proto = Proto("meshlua", "meshlua frame")
local f = proto.fields
f.len = ProtoField.uint32("meshlua.len", "Payload length")
f.payload = ProtoField.bytes("meshlua.payload", "Payload")
f.text = ProtoField.string("meshlua.text", "Text")
f.origin = ProtoField.string("meshlua.flood.origin", "Origin")
f.seq = ProtoField.uint32("meshlua.flood.seq", "Sequence number")
f.ttl = ProtoField.uint32("meshlua.flood.ttl", "TTL")
f.hops = ProtoField.uint32("meshlua.flood.hops", "Hops")
f.flood_text = ProtoField.string("meshlua.flood.text", "Message")

-- printable reports whether s is text: printable ASCII, tabs and newlines.
local function printable(s)
  return not s:find("[^\t\n\r\032-\126]")
end

-- flood decodes a flood message: "FLOOD1\n" origin "\n" seq " " ttl " " hops "\n" text.
local function flood(tvb, s, tree)
  local origin, seq, ttl, hops, text_at = s:match("^FLOOD1\n([^\n]*)\n(%d+) (%d+) (%d+)\n()")
  if not origin then return false end
  local t = tree:add(proto, tvb(), "flood message")
  t:add(f.origin, tvb(7, #origin), origin)
  local nums = 7 + #origin + 1
  t:add(f.seq, tvb(nums, #seq), tonumber(seq))
  t:add(f.ttl, tvb(nums + #seq + 1, #ttl), tonumber(ttl))
  t:add(f.hops, tvb(nums + #seq + #ttl + 2, #hops), tonumber(hops))
  local text = s:sub(text_at)
  if #text > 0 then
    t:add(f.flood_text, tvb(text_at - 1, #text), text)
  else
    t:add(f.flood_text, text)
  end
  return true
end

function proto.dissector(tvb, pinfo, tree)
  pinfo.cols.protocol = "meshlua"
  local n = tvb:len()
  local t = tree:add(proto, tvb(), ("meshlua frame, %d bytes of payload"):format(n))
  t:add(f.len, n)
  if n == 0 then
    pinfo.cols.info = "meshlua, empty"
    return
  end
  t:add(f.payload, tvb())
  local s = tvb:raw()
  if flood(tvb, s, t) then
    pinfo.cols.info = "meshlua flood " .. s:match("^FLOOD1\n([^\n]*)\n(%d+)") .. "#" .. s:match("^FLOOD1\n[^\n]*\n(%d+)")
  elseif printable(s) then
    t:add(f.text, tvb(), s)
    pinfo.cols.info = "meshlua " .. s:gsub("[\r\n\t]", " "):sub(1, 60)
  else
    pinfo.cols.info = ("meshlua, %d bytes"):format(n)
  end
end

DissectorTable.get("ethertype"):add(0x88b5, proto)
