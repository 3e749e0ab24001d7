package bindings

import (
	"strings"
	"testing"
)

// bridgeNet is three shared segments, each with two hosts, joined by a
// bridge whose entries age after 10s. A host counts every frame that
// reaches it; say(dst [, src]) sends one. count() prints, per node, what
// reached it since the last count.
const bridgeNet = `
local segs = {mesh.link("s1", {delay = "1ms"}), mesh.link("s2", {delay = "1ms"}), mesh.link("s3", {delay = "1ms"})}
br = mesh.node("br", {program = "bridge", links = segs, args = {age = "10s"}})
local host = [[
  local n = 0
  function on_frame() n = n + 1 end
  function take() local m = n n = 0 return m end
  function say(dst, src) node.send{dst = dst, src = src, payload = "hi"} end]]
hosts, names = {}, {}
for i, seg in ipairs(segs) do
  for j = 1, 2 do
    local name = "h" .. i .. j
    hosts[name] = mesh.node(name, {links = {seg}, program = host})
    names[#names + 1] = name
  end
end
function mac(name) return hosts[name]:ports()[1].mac end
function say(from, to, src) hosts[from]:call("say", to, src) mesh.run(1) end
function count(what)
  local got = {}
  for _, name in ipairs(names) do
    local n = hosts[name]:call("take")
    if n > 0 then got[#got + 1] = name .. "=" .. n end
  end
  print(what .. ": " .. (#got > 0 and table.concat(got, " ") or "nobody"))
end
function stats()
  local s = br:call("stats")
  print(("received %d forwarded %d flooded %d filtered %d learned %d moved %d aged %d"):format(
    s.received, s.forwarded, s.flooded, s.filtered, s.learned, s.moved, s.aged))
end
`

func TestBridgeFloodsThenForwardsToTheLearntPortOnly(t *testing.T) {
	out := mustRun(t, bridgeNet+`
say("h11", mac("h21")) count("h11 to h21, unknown")
say("h21", mac("h11")) count("h21 to h11, learnt")
say("h11", mac("h21")) count("h11 to h21, learnt")
say("h32", "ff:ff:ff:ff:ff:ff") count("h32 broadcasts")
say("h32", mac("h12")) count("h32 to h12, unknown")
say("h12", mac("h32")) count("h12 to h32, learnt")
local t, entries = br:call("macs"), {}
for _, name in ipairs(names) do entries[#entries + 1] = t[mac(name)] or "-" end
print("table: " .. table.concat(entries, " "))
stats()`)
	want := `h11 to h21, unknown: h12=1 h21=1 h22=1 h31=1 h32=1
h21 to h11, learnt: h11=1
h11 to h21, learnt: h21=1
h32 broadcasts: h11=1 h12=1 h21=1 h22=1 h31=1
h32 to h12, unknown: h11=1 h12=1 h21=1 h22=1 h31=1
h12 to h32, learnt: h32=1
table: 1 1 2 - - 3
received 6 forwarded 3 flooded 3 filtered 0 learned 4 moved 0 aged 0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestBridgeFiltersWhatItMustNotPass(t *testing.T) {
	out := mustRun(t, bridgeNet+`
say("h12", "ff:ff:ff:ff:ff:ff") count("h12 broadcasts")
local h12 = mac("h12")
mesh.disconnect(hosts.h12, "s1")   -- s1 forgets h12 and floods frames to it; the bridge still knows
say("h11", h12) count("h11 to h12, gone, on the bridge's port 1")
say("h11", "01:80:c2:00:00:00") count("h11 to STP's group")
say("h11", "01:80:c2:00:00:0e") count("h11 to LLDP's group")
say("h11", br:ports()[2].mac) count("h11 to the bridge's port 2")
say("h11", "01:00:5e:00:00:01") count("h11 to a multicast group")
stats()`)
	want := `h12 broadcasts: h11=1 h21=1 h22=1 h31=1 h32=1
h11 to h12, gone, on the bridge's port 1: nobody
h11 to STP's group: nobody
h11 to LLDP's group: nobody
h11 to the bridge's port 2: nobody
h11 to a multicast group: h21=1 h22=1 h31=1 h32=1
received 6 forwarded 0 flooded 2 filtered 4 learned 2 moved 0 aged 0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestBridgeForgetsAfterAgeAndFollowsAMove(t *testing.T) {
	// Segments learn too, and never forget: s3 learnt that h21 is behind
	// the bridge, so it drops the bridge's flood for h21 (no_receiver)
	// where a real switch would have aged it out as well.
	out := mustRun(t, bridgeNet+`
say("h21", "ff:ff:ff:ff:ff:ff") count("h21 broadcasts at 0s")
mesh.run(8)
say("h11", mac("h21")) count("h11 to h21 at 9s")
stats()
mesh.run(1)
say("h11", mac("h21")) count("h11 to h21 at 11s, aged")
stats()
print("s3 dropped", mesh.get("s3"):stats().drops.no_receiver)
local n = 0
for _ in pairs(br:call("macs")) do n = n + 1 end
print("entries", n)
say("h31", "01:80:c2:00:00:00", mac("h11")) count("h31 sends as h11")    -- h11 moved to segment 3, as far as the bridge knows
say("h21", mac("h11")) count("h21 to h11")
stats()
mesh.run(30)
print("entries after 30s of silence", next(br:call("macs")))
stats()`)
	want := `h21 broadcasts at 0s: h11=1 h12=1 h22=1 h31=1 h32=1
h11 to h21 at 9s: h21=1
received 2 forwarded 1 flooded 1 filtered 0 learned 2 moved 0 aged 0
h11 to h21 at 11s, aged: h21=1
received 3 forwarded 1 flooded 2 filtered 0 learned 2 moved 0 aged 1
s3 dropped	1
entries	1
h31 sends as h11: h32=1
h21 to h11: h31=1
received 5 forwarded 2 flooded 2 filtered 1 learned 3 moved 1 aged 1
entries after 30s of silence	nil
received 5 forwarded 2 flooded 2 filtered 1 learned 3 moved 1 aged 3
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestBridgeArgsAreChecked(t *testing.T) {
	for args, want := range map[string]string{
		`{age = 0}`:         `bridge args: option age: want a duration above 0 (seconds, or a string such as "250ms" or "2s"), got 0`,
		`{age = "forever"}`: `bridge args: option age: bad duration "forever"`,
		`{ages = "5m"}`:     `bridge args: unknown option "ages" (did you mean "age"?) (options: age)`,
	} {
		out := mustRun(t, `mesh.node("b", {program = "bridge", args = `+args+`})`)
		if !strings.Contains(out, want) {
			t.Errorf("args %s: got %q, want %q", args, out, want)
		}
	}
}

// The stdlib's programs and filters take durations as numbers or strings,
// and name an argument they do not know, through args.check: chat {every
// = "2s"} crashed, and misspelt arguments were ignored.
func TestStdlibArgsTakeDurationsAndNameUnknownOnes(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local a = mesh.node("a", {program = "chat", args = {every = "500ms", timeout = "2s"}, links = {l}})
local b = mesh.node("b", {program = "chat", args = {every = 0.5}, links = {l}})
mesh.node("typo", {program = "chat", args = {nik = "x"}, links = {l}})
mesh.node("ttl", {program = "flood", args = {ttll = 3}, links = {l}})
mesh.node("window", {program = "flood", args = {window = "30s", quiet = true}, links = {l}})
local ok, err = pcall(b.filter, b, "in", "dedup", {windw = 3})
print(ok, err)
b:filter("in", "dedup", {window = "3s"})
mesh.run(1.2)
print(table.concat(a:call("peers"), ","))
`)
	if strings.Contains(out, "window: stopped") {
		t.Errorf("flood {window = \"30s\"} was refused:\n%s", out)
	}
	for _, want := range []string{
		`typo: stopped: stdlib/programs/chat.lua:14: chat args: unknown option "nik" (did you mean "nick"?) (options: every, nick, timeout)`,
		`dedup filter: unknown option "windw" (did you mean "window"?) (options: window)`,
		`ttl: stopped: stdlib/programs/flood.lua:23: flood args: unknown option "ttll" (did you mean "ttl"?) (options: quiet, ttl, window)`,
		"\nb\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
