package bindings

import "testing"

// TestMacModuleTellsGroupAddressesAndOwnMACs checks the stdlib's mac
// module: the group bit of an address, and a node's own MACs by address and
// by port, as they are when asked (a port joined later is there, one left
// is not).
func TestMacModuleTellsGroupAddressesAndOwnMACs(t *testing.T) {
	out := mustRun(t, `
local l1, l2, l3 = mesh.link("l1"), mesh.link("l2"), mesh.link("l3")
local n = mesh.node("n", {links = {l1, l2}, program = [[
  local mac = require "mac"
  function groups(...)
    local out = {}
    for i, a in ipairs{...} do out[i] = tostring(mac.is_group(a)) end
    return table.concat(out, " ")
  end
  function own()
    local macs, by_port = mac.own(node)
    local out = {}
    for _, p in ipairs(node.ports()) do
      out[#out + 1] = p.index .. "=" .. tostring(macs[p.mac] == p.index and by_port[p.index] == p.mac)
    end
    local n = 0
    for _ in pairs(macs) do n = n + 1 end
    for _ in pairs(by_port) do n = n + 1 end
    return table.concat(out, " ") .. " entries " .. n
  end]]})
print(n:call("groups", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "01:80:c2:00:00:0e", "33:33:00:00:00:01",
  "0F:00:00:00:00:01", "02:00:00:00:00:01", "00:1b:21:aa:bb:cc", "fe:ff:ff:ff:ff:ff"))
print(n:call("own"))
mesh.connect(n, l3)
mesh.disconnect(n, l1)
print(n:call("own"))`)
	want := "true true true true true false false false\n1=true 2=true entries 4\n2=true 3=true entries 4\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
