package bindings

import (
	"strings"
	"testing"
)

// fragNodes is a sender and a receiver of the fragment library on one link:
// the sender splits messages for the port's MTU (or sends raw bytes), the
// receiver keeps what it puts back together and says so.
const fragNodes = `
local a = mesh.node("a", {links = {l}, args = opts, program = [[
  local fragment = require "fragment"
  local f = fragment.new(node.args)
  function send(message)
    local port = node.ports()[1]
    for _, piece in ipairs(f:split(message, port.mtu)) do node.send{payload = piece} end
  end
  function raw(bytes) node.send{payload = bytes} end
  function split(message, mtu) return f:split(message, mtu) end
]]})
local b = mesh.node("b", {links = {l}, args = opts, program = [[
  local fragment = require "fragment"
  local f = fragment.new(node.args)
  local got = {}
  function on_frame(fr)
    local m = f:receive(fr.src, fr.payload)
    if m then got[#got + 1] = m end
  end
  function received() local g = got got = {} return g end
  function stats() return f:stats() end
]]})
`

// Messages of many sizes, around the MTU's multiples and far past them,
// come back whole over links with small and large MTUs, also when their
// fragments arrive out of order.
func TestFragRoundTripsMessagesOfManySizes(t *testing.T) {
	out := mustRun(t, `
mesh.seed(4)
local bad, total = 0, 0
for _, mtu in ipairs{11, 100, 1500} do
  local l = mesh.link("l" .. mtu, {mtu = mtu, delay = "1ms", jitter = "5ms"})
  local opts = {max_fragments = 30000, max_bytes = 1e6}
  `+fragNodes+`
  local sent, base = {}, {}
  for i = 0, 250 do base[#base + 1] = string.char(i * 7 % 256) end
  base = table.concat(base)
  for _, size in ipairs{0, 1, 2, 9, 10, 11, 89, 90, 91, 179, 180, 181, 1489, 1490, 1491, 2980, 4000, 20000} do
    local from = size % 251 + 1             -- each message its own bytes
    sent[#sent + 1] = base:rep(math.ceil(size / 251) + 1):sub(from, from + size - 1)
  end
  for _, m in ipairs(sent) do a:call("send", m) end
  mesh.run(1)
  local got, want = {}, {}
  for _, m in ipairs(b:call("received")) do got[m] = (got[m] or 0) + 1 end
  for _, m in ipairs(sent) do
    total = total + 1
    if got[m] ~= 1 then bad = bad + 1 print("mtu " .. mtu .. ": a message of " .. #m .. " bytes came " .. (got[m] or 0) .. " times") end
  end
  local s = b:call("stats")
  if s.dropped ~= 0 or s.held ~= 0 then bad = bad + 1 print("mtu " .. mtu .. ": dropped " .. s.dropped .. ", held " .. s.held) end
  for _, piece in ipairs(a:call("split", sent[#sent], mtu)) do
    if #piece > mtu then bad = bad + 1 print("a fragment of " .. #piece .. " bytes for an MTU of " .. mtu) end
  end
  mesh.remove(a) mesh.remove(b)
end
print("messages", total, "bad", bad)`)
	if !strings.Contains(out, "messages\t54\tbad\t0") {
		t.Errorf("round trip failed:\n%s", out)
	}
}

// Hostile fragments (random bytes, and headers with random ids, indexes and
// counts) are dropped and counted, never a crash; the receiver never holds
// more than its bounds; every fragment is used, held or dropped; and a
// message sent after the attack still arrives.
func TestFragSurvivesHostileFragmentsWithBoundedMemory(t *testing.T) {
	out := mustRun(t, `
mesh.seed(9)
local l = mesh.link("l", {mtu = 200})
local opts = {max_messages = 8, max_bytes = 4000, max_fragments = 100, timeout = 1}
`+fragNodes+`
local function u16(n) return string.char(math.floor(n / 256), n % 256) end
local worst_held, worst_bytes, sent = 0, 0, 0
for round = 1, 200 do
  for i = 1, 20 do
    local bytes
    local kind = math.random(4)
    if kind == 1 then            -- random bytes, any length
      local t = {}
      for j = 1, math.random(0, 40) do t[j] = string.char(math.random(0, 255)) end
      bytes = table.concat(t)
    else                         -- a header with random fields
      local count = kind == 2 and math.random(0, 65535) or math.random(0, 12)
      local index = math.random(0, count + 1)
      bytes = "F1" .. u16(0) .. u16(math.random(0, 30)) .. u16(index) .. u16(count) .. ("x"):rep(math.random(0, 190))
    end
    a:call("raw", bytes)
    sent = sent + 1
  end
  mesh.run(0.05)
  local s = b:call("stats")
  worst_held, worst_bytes = math.max(worst_held, s.held), math.max(worst_bytes, s.bytes)
end
mesh.run(1.5)                      -- what is held now times out
local s = b:call("stats")
local used = 0
for _, m in ipairs(b:call("received")) do used = used + math.max(1, math.ceil(#m / 190)) end
print("balanced", s.received == sent and s.received == s.held + s.dropped + used)
print("bounded", worst_bytes <= 4000, worst_held <= 8 * 100)
local reasons = {}
for k in pairs(s.drops) do reasons[#reasons + 1] = k end
table.sort(reasons)
print("reasons", table.concat(reasons, " "))
a:call("send", ("y"):rep(1000))
mesh.run(0.1)
local after = b:call("received")
print("after", #after, after[1] == ("y"):rep(1000))`)
	for _, want := range []string{"balanced\ttrue", "bounded\ttrue\ttrue",
		"reasons\tduplicate evicted malformed mismatch timeout too_big", "after\t1\ttrue"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}

// A message whose fragments do not all come within the timeout is dropped,
// its fragments counted as timed out; the late one waits alone.
func TestFragDropsMessagesThatTakeTooLong(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l", {mtu = 50})
local opts = {timeout = 0.5}
`+fragNodes+`
local pieces = a:call("split", ("z"):rep(200), 50)
for i = 1, 4 do a:call("raw", pieces[i]) end
mesh.run(0.6)
a:call("raw", pieces[5])
mesh.run(0.1)
local s = b:call("stats")
print(#b:call("received"), s.drops.timeout, s.held)
mesh.node("c", {program = "require('fragment').new{timout = 1}"})
mesh.node("d", {program = "require('fragment').new():split('x', 10)"})`)
	for _, want := range []string{"0\t4\t1\n",
		`fragment.new: unknown option "timout" (options: max_bytes, max_fragments, max_messages, timeout)`,
		"fragment: split wants an MTU above 10 bytes (the header), got 10"} {
		if !strings.Contains(out, strings.ReplaceAll(strings.ReplaceAll(want, "\\t", "\t"), "\\n", "\n")) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}
