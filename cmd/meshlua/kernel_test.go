package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/internal/netnstest"
)

// pingTheKernel makes a tun or tap link (arg[1]) whose interface has
// address NET.1 (arg[2] is NET) and MTU 1400, and a ping node at NET.2
// that pings the kernel three times, and runs while the kernel pings the
// node.
const pingTheKernel = `
local k = mesh.link("k", {kind = arg[1], addr = arg[2] .. ".1/24", mtu = 1400})
local p = mesh.node("p", {program = "ping", links = {k},
  args = {ip = arg[2] .. ".2", target = arg[2] .. ".1", interval = "200ms", count = 3}})
print("ready")
mesh.run(3)
local s = p:call("stats")
print("answered", s.answered, "received", s.received)
`

func TestRealPingReachesANodeAndTheNodePingsTheKernel(t *testing.T) {
	netnstest.Require(t)
	ping := needTool(t, "ping")
	bin := buildMeshlua(t)
	script := writeScript(t, "ping.lua", pingTheKernel)
	for i, kind := range []string{"tun", "tap"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			host := netnstest.NewHost(t)
			subnet := fmt.Sprintf("10.9.%d", i+1)
			p := start(t, host, bin, 1, script, kind, subnet)
			p.await(t, "ready")
			if out, err := host.Command(1, "ip", "link", "show", "ml-k").CombinedOutput(); err != nil || !strings.Contains(string(out), "mtu 1400 ") {
				t.Errorf("the interface ml-k should have the link's MTU: %v\n%s", err, out)
			}
			out, err := host.Command(1, ping, "-c", "3", "-i", "0.2", "-W", "2", subnet+".2").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "3 packets transmitted, 3 received") {
				t.Errorf("ping %s.2 over %s: %v\n%s", subnet, kind, err, out)
			}
			p.wait(t)
			got := p.output()
			for _, want := range []string{"reply from " + subnet + ".1 seq=3 time=", "answered\t3\treceived\t3\n"} {
				if !strings.Contains(got, want) {
					t.Errorf("the node should print %q:\n%s", want, got)
				}
			}
		})
	}
}
