package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/internal/ircdtest"
)

// floodOverIRC joins node arg[1] to the channel #flood of the server
// arg[2], floods a message, and prints how many it got and what the link
// rejected.
const floodOverIRC = `
local net = mesh.link("net", {kind = "irc", server = arg[2], channel = "#flood", nick = arg[1], line_rate = 50, burst = 10})
local me = mesh.node(arg[1], {program = "flood", links = {net}})
mesh.run(1)            -- the other joins meanwhile
me:call("send", "hello from " .. arg[1])
mesh.run(1.5)
print("count", me:call("count"))
local r = {}
for k, v in pairs(net:stats().device.rejected) do r[#r + 1] = k .. "=" .. v end
print("rejected", table.concat(r, " "))
`

func TestFloodBetweenTwoProcessesOverIRC(t *testing.T) {
	srv := ircdtest.Start(t, ircdtest.Options{})
	bin := buildMeshlua(t)
	script := writeScript(t, "flood.lua", floodOverIRC)
	human := srv.Client(t, "human")
	human.Join("#flood")
	var ps []*process
	for _, name := range []string{"alice", "bob"} {
		ps = append(ps, startCommand(t, exec.Command(bin, script, name, srv.Addr)))
	}
	joined := map[string]bool{}
	human.Await(func(m ircdtest.Message) bool {
		if m.Command == "JOIN" {
			joined[m.Nick()] = true
		}
		return joined["alice"] && joined["bob"]
	})
	human.Say("#flood", "hi bots, what are you?")
	for i, p := range ps {
		p.wait(t)
		out := p.output()
		other := []string{"bob", "alice"}[i]
		for _, want := range []string{`got "hello from ` + other + `" from ` + other + ` (#1, 1 hop)`, "count\t1\n", "rejected\tother_traffic=1\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("process %d should print %q:\n%s", i+1, want, out)
			}
		}
	}
}
