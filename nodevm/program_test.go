package nodevm

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

func TestMainBlocksInRecvAndSleep(t *testing.T) {
	tn := newTestNet(t)
	l := []*runtime.Link{tn.link("l", runtime.Impairments{Delay: 10 * time.Millisecond})}
	tn.node("pinger", `
function main()
  for i = 1, 3 do
    node.send{payload = "ping " .. i}
    local f = node.recv(1)
    print(("%.3f %s"):format(node.now(), f and f.payload or "timeout"))
    node.sleep(0.5)
  end
  print(("%.3f %s"):format(node.now(), tostring(node.recv("100ms"))))
end`, nodeOptions{links: l})
	tn.node("ponger", `
function main()
  while true do
    local f = node.recv()
    node.send{dst = f.src, payload = "pong"}
  end
end`, nodeOptions{links: l})
	tn.run(5 * time.Second)
	want := "[0.020000] pinger: 0.020 pong\n[0.540000] pinger: 0.540 pong\n[1.060000] pinger: 1.060 pong\n" +
		"[1.660000] pinger: 1.560 nil\n" // node.now() is read before recv blocks
	if out := tn.out.String(); out != want {
		t.Errorf("got\n%s", out)
	}
}

func TestTimers(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("t", `
local n = 0
local tick = node.every("250ms", function() n = n + 1 end)
node.after(1.1, function() tick:cancel() end)
local once = node.after(2, function() error("cancelled timers must not fire") end)
once:cancel()
function count() return n end
`, nodeOptions{})
	tn.run(3 * time.Second)
	if got := tn.mustCall(n, "count"); got != "4" {
		t.Errorf("every 250ms until 1.1s fired %s times, want 4", got)
	}
}

func TestDecode(t *testing.T) {
	tn := newTestNet(t)
	l := []*runtime.Link{tn.link("l", runtime.Impairments{})}
	a := tn.node("a", "function go(p) node.send{type = 0x0800, payload = p} end", nodeOptions{links: l})
	tn.node("b", `function on_frame(f)
  local d = f:decode()
  print(table.concat(d.layers, ","), d.ipv4.src, d.ipv4.dst, d.udp.src_port, d.udp.dst_port, d.payload)
end`, nodeOptions{links: l})
	// IPv4 10.0.0.1 -> 10.0.0.2, UDP 1234 -> 9999, payload "hi"
	headers, err := hex.DecodeString("4500001e00000000401100000a0000010a000002" + "04d2270f000a0000")
	if err != nil {
		t.Fatal(err)
	}
	tn.mustCall(a, "go", lua.LString(string(headers)+"hi"))
	tn.run(time.Second)
	if out := tn.out.String(); !strings.Contains(out, "Ethernet,IPv4,UDP,Payload\t10.0.0.1\t10.0.0.2\t1234\t9999\thi") {
		t.Errorf("got %q", out)
	}
}

// A chunk under another name shares the compiled code (no copy per node),
// and a VM running it names it by its own name in errors and tracebacks.
func TestNamedChunkSharesItsCode(t *testing.T) {
	c, err := Compile("[alice]", "function f() error('boom') end")
	if err != nil {
		t.Fatal(err)
	}
	bob := c.Named("[bob]")
	if bob.proto != c.proto {
		t.Fatal("the chunk named [bob] copied alice's compiled code")
	}
	L := lua.NewState()
	defer L.Close()
	L.Push(bob.function(L))
	L.Call(0, 0)
	err = L.CallByParam(lua.P{Fn: L.GetGlobal("f"), Protect: true})
	if err == nil || !strings.Contains(err.Error(), "[bob]:1: boom") || strings.Contains(err.Error(), "alice") {
		t.Errorf("bob's error: %v", err)
	}
}
