package bindings

import "testing"

// TestPortsModuleFloodsAllButOnePort checks the stdlib's ports module: a
// payload or a frame goes out of every port but the one given, a frame
// unchanged (from its original sender), and flood says on how many ports.
func TestPortsModuleFloodsAllButOnePort(t *testing.T) {
	out := mustRun(t, `
local links = {mesh.link("l1"), mesh.link("l2"), mesh.link("l3")}
local hub = mesh.node("hub", {links = links, program = [[
  local ports = require "ports"
  function say(text, except) return ports.flood(node, text, except) end
  function on_frame(f) print("relayed to " .. ports.flood(node, f, f.port)) end]]})
local hosts = {}
for i, l in ipairs(links) do
  hosts[i] = mesh.node("h" .. i, {links = {l}, program = [[
    function on_frame(f) print(f.src, f.dst, f.payload) end
    function say(text) node.send{payload = text} end]]})
end
print("sent on " .. hub:call("say", "to all"))
mesh.run(1)
print("sent on " .. hub:call("say", "not to 2", 2))
mesh.run(1)
hosts[1]:call("say", "from h1")
mesh.run(1)
print(hosts[1]:ports()[1].mac)    -- the relayed frame's source`)
	want := `sent on 3
[0.000000] h1: 02:73:bd:01:b8:ea	ff:ff:ff:ff:ff:ff	to all
[0.000000] h2: 02:7b:6b:d0:51:f2	ff:ff:ff:ff:ff:ff	to all
[0.000000] h3: 02:80:cd:97:e0:b8	ff:ff:ff:ff:ff:ff	to all
sent on 2
[1.000000] h1: 02:73:bd:01:b8:ea	ff:ff:ff:ff:ff:ff	not to 2
[1.000000] h3: 02:80:cd:97:e0:b8	ff:ff:ff:ff:ff:ff	not to 2
[2.000000] hub: relayed to 2
[2.000000] h2: 02:5b:01:87:ba:60	ff:ff:ff:ff:ff:ff	from h1
[2.000000] h3: 02:5b:01:87:ba:60	ff:ff:ff:ff:ff:ff	from h1
02:5b:01:87:ba:60
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// node.ports() gives each port's MTU as the link has it now, and it is the
// largest payload node.send puts on that port.
func TestPortsTellTheirLinksMTU(t *testing.T) {
	out := mustRun(t, `
local plain, jumbo = mesh.link("plain"), mesh.link("jumbo", {mtu = 9000})
local a = mesh.node("a", {links = {plain, jumbo}, program = [[
  function mtus()
    local out = {}
    for _, p in ipairs(node.ports()) do
      local fits = node.send{port = p.index, payload = ("x"):rep(p.mtu)}
      local over = node.send{port = p.index, payload = ("x"):rep(p.mtu + 1)}
      out[#out + 1] = p.mtu .. " " .. tostring(fits) .. " " .. tostring(over)
    end
    return table.concat(out, ", ")
  end]]})
print(a:call("mtus"))
jumbo:set{mtu = 600}
print(a:call("mtus"), a:ports()[2].mtu)`)
	want := "1500 true nil, 9000 true nil\n1500 true nil, 600 true nil\t600\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// ports.flood given something that is neither a frame nor a payload is the
// program's error, naming the argument; the node reports it and runs on.
func TestPortsFloodRefusesOtherValues(t *testing.T) {
	out := mustRun(t, `
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}, program = [[
  local ports = require "ports"
  function bad() return pcall(ports.flood, node, 42) end
  function nonode() return pcall(ports.flood, "x") end]]})
print(a:call("bad"))
print(a:call("nonode"))`)
	want := "false\t[a]:2: ports.flood: want a frame or a payload string to send, got number\n" +
		"false\t[a]:3: ports.flood: want the node first (ports.flood(node, what [, except])), got string\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
