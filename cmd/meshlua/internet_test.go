package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/netnstest"
)

// peerOverUDP is a meshlua process on a udp link with a rendezvous
// (arg[2]: its HOST:PORT, or "serve" to be the rendezvous), or with one
// peer ("peer=HOST:PORT") or none ("member"), driven by
// commands on standard input, each answered with a line that ends in
// "done": "peers N" runs until N peers are reached (directly or
// relayed), "send K" floods K messages, "drip K" floods K messages, one
// every 250 ms from now on, "count N" runs until N messages came (a
// minute at most) and prints how many did, "stats" prints the link's
// peers.
const peerOverUDP = `
local opts = {kind = "udp", port = 7777, key = "internet key", keepalive = "1s"}
if arg[2] == "serve" then opts.rendezvous = true
elseif arg[2] == "member" then opts.peers = {}
elseif arg[2]:find("^peer=") then opts.peers = {arg[2]:sub(6)}
else opts.rendezvous = arg[2] end
local net = mesh.link("net", opts)
local me = mesh.node(arg[1], {program = "flood", links = {net}, args = {quiet = true}})
print("open")
local function reached()
  local n = 0
  for _, p in ipairs(net:stats().device.peers) do
    if not p.rendezvous and (p.direct or p.relayed) then n = n + 1 end
  end
  return n
end
local function stats()
  local d = net:stats().device
  for _, p in ipairs(d.peers) do
    print("peer", p.addr or "?", p.rendezvous and "rendezvous" or p.relayed and "relayed" or p.direct and "direct" or "silent",
      "rx=" .. p.rx, "tx=" .. p.tx, "relays=" .. p.relays)
  end
  print("device", "rx=" .. d.rx, "public=" .. tostring(d.public))
end
for line in mesh.readline do
  local cmd, n = line:match("^(%a+) ?(%d*)$")
  n = tonumber(n)
  if cmd == "peers" then
    mesh.run(60, {check = 0.1, stop = function() return reached() >= n end})
  elseif cmd == "send" then
    for i = 1, n do me:call("send", arg[1] .. " " .. i) end
    mesh.run(0)
  elseif cmd == "drip" then
    local i = 0
    local cb
    cb = mesh.every(0.25, function()
      i = i + 1
      me:call("send", arg[1] .. " drip " .. i)
      if i == n then cb:cancel() end
    end)
  elseif cmd == "count" then
    mesh.run(60, {check = 0.1, stop = function() return me:call("count") >= n end})
    print("count", me:call("count"))
  elseif cmd == "stats" then
    stats()
  end
  print(line, "done")
end
`

// command sends a command to a peerOverUDP process and waits for its
// answer.
func (p *process) command(t *testing.T, cmd string) {
	t.Helper()
	want := cmd + "\tdone"
	n := strings.Count(p.output(), want)
	fmt.Fprintln(p.stdin, cmd)
	p.awaitCount(t, want, n+1, 90*time.Second)
}

// lastStats has the process print its link's peers, and returns what it
// printed.
func (p *process) lastStats(t *testing.T) string {
	t.Helper()
	p.command(t, "stats")
	out := p.output()
	end := strings.LastIndex(out, "stats\tdone")
	start := strings.LastIndex(out[:end], "done\n")
	return out[start+len("done\n") : end]
}

var relaysRE = regexp.MustCompile(`relays=(\d+)`)

// relays is how many frames the rendezvous passed on, by its stats.
func relays(stats string) int {
	n := 0
	for _, m := range relaysRE.FindAllStringSubmatch(stats, -1) {
		k, _ := strconv.Atoi(m[1])
		n += k
	}
	return n
}

// TestPeersAcrossNATs builds an internet: a rendezvous with a public
// address, two hosts behind cone NATs and one behind a symmetric NAT. The
// cone hosts punch holes to each other and flood messages straight
// through, the rendezvous passing on none; the symmetric host reaches
// them relayed; a cone host that changes its address keeps its peers.
func TestPeersAcrossNATs(t *testing.T) {
	inet := netnstest.NewInternet(t, netnstest.Cone, netnstest.Cone, netnstest.Symmetric)
	rv, a, b, another := startOnTheInternet(t, inet, "serve", inet.Server+":7777")
	a.command(t, "peers 1")
	b.command(t, "peers 1")

	// Through the holes: the rendezvous carries none of it.
	a.command(t, "send 300")
	b.command(t, "send 300")
	a.countAtLeast(t, 300)
	b.countAtLeast(t, 300)
	for _, p := range []*process{a, b} {
		s := p.lastStats(t)
		if !regexp.MustCompile(`peer\t198\.18\.\d\.2:\d+\tdirect\trx=300\t`).MatchString(s) {
			t.Errorf("the cone hosts should reach each other directly, 300 messages each way:\n%s", s)
		}
		if !strings.Contains(s, "public=198.18.") {
			t.Errorf("a cone host should know its public address from the rendezvous:\n%s", s)
		}
	}
	if s := rv.lastStats(t); relays(s) != 0 || !strings.Contains(s, "device\trx=0\t") {
		t.Errorf("the rendezvous should carry no data between hosts that punched through:\n%s", s)
	}

	// Behind a symmetric NAT no hole holds: the rendezvous relays.
	c := another("c", 3)
	c.command(t, "peers 2")
	c.command(t, "send 50")
	a.countAtLeast(t, 350)
	b.countAtLeast(t, 350)
	a.command(t, "send 20")
	c.countAtLeast(t, 20)
	b.countAtLeast(t, 370)
	if s := c.lastStats(t); strings.Count(s, "\trelayed\t") != 2 {
		t.Errorf("the host behind the symmetric NAT should reach both others relayed:\n%s", s)
	}
	if s := a.lastStats(t); !strings.Contains(s, "\trelayed\trx=50\t") || !strings.Contains(s, "\tdirect\trx=300\t") {
		t.Errorf("a should hear c relayed and b directly:\n%s", s)
	}
	if s := rv.lastStats(t); relays(s) < 50+2*20 || !strings.Contains(s, "device\trx=0\t") {
		t.Errorf("the rendezvous should relay c's messages and a's to c, and read none itself:\n%s", s)
	}

	// a roams: its flows leave its NAT from a new address and ports. What
	// is sent until its peers have found it again is lost, as on any
	// path that breaks; then messages flow again both ways.
	inet.Move(1, 77)
	a.command(t, "drip 80")
	b.command(t, "drip 80")
	a.countAtLeast(t, 350+10)
	b.countAtLeast(t, 370+10)
}

// startOnTheInternet starts peerOverUDP on the server with server as its
// arg[2], then as a and b behind the first two NATs with private as
// theirs, and returns the three and how to start another (named, behind
// NAT k).
func startOnTheInternet(t *testing.T, inet *netnstest.Internet, server, private string) (s, a, b *process, more func(name string, k int) *process) {
	t.Helper()
	bin := buildMeshlua(t)
	script := writeScript(t, "peer.lua", peerOverUDP)
	s = start(t, inet.LAN, bin, 2, script, "server", server)
	s.await(t, "open")
	more = func(name string, k int) *process { return start(t, inet.LAN, bin, inet.Host(k), script, name, private) }
	return s, more("a", 1), more("b", 2), more
}

// countAtLeast has a peerOverUDP process wait for n messages, and fails
// the test if fewer came.
func (p *process) countAtLeast(t *testing.T, n int) {
	t.Helper()
	p.command(t, fmt.Sprintf("count %d", n))
	m := regexp.MustCompile(`count\t(\d+)\n[^\n]*done\n$`).FindStringSubmatch(p.output())
	if m == nil {
		t.Fatalf("no count printed:\n%s", p.output())
	}
	if got, _ := strconv.Atoi(m[1]); got < n {
		t.Fatalf("%d messages came in a minute, want %d:\n%s", got, n, p.output())
	}
}

// TestAPeerOfOneReachesAThirdThroughNATs: two hosts behind NATs know
// only a member with a public address, no rendezvous; the member's peer
// lists tell each of the other, and they punch through and talk directly.
func TestAPeerOfOneReachesAThirdThroughNATs(t *testing.T) {
	inet := netnstest.NewInternet(t, netnstest.Cone, netnstest.Cone)
	d, a, b, _ := startOnTheInternet(t, inet, "member", "peer="+inet.Server+":7777")
	a.command(t, "peers 2")
	b.command(t, "peers 2")
	a.command(t, "send 100")
	b.command(t, "send 100")
	a.countAtLeast(t, 100)
	b.countAtLeast(t, 100)
	d.countAtLeast(t, 200)
	s := a.lastStats(t)
	if !strings.Contains(s, "peer\t"+inet.NATAddr(2)+":7777\tdirect\trx=100\t") || !strings.Contains(s, "peer\t"+inet.Server+":7777\tdirect\trx=0\t") {
		t.Errorf("a should hear b's messages straight from b's NAT, none from the member it knew:\n%s", s)
	}
}

// TestTheInternetExampleJoinsTwoLabs runs scripts/internet.lua as its
// comments say: a rendezvous on the public server, and a lab behind each
// of two NATs; each lab's nodes get the other's hellos.
func TestTheInternetExampleJoinsTwoLabs(t *testing.T) {
	inet := netnstest.NewInternet(t, netnstest.Cone, netnstest.Cone)
	bin := buildMeshlua(t)
	rv := start(t, inet.LAN, bin, 2, "internet", "rendezvous", "lab key")
	rv.await(t, "* rendezvous on udp port 7777")
	a := start(t, inet.LAN, bin, inet.Host(1), "internet", "lab-a", "lab key", inet.Server+":7777")
	b := start(t, inet.LAN, bin, inet.Host(2), "internet", "lab-b", "lab key", inet.Server+":7777")
	a.awaitCount(t, `lab-a-3: got "hello 2 from lab-b" from lab-b-3 (#2, 5 hops)`, 1, 30*time.Second)
	b.awaitCount(t, `lab-b-3: got "hello 2 from lab-a" from lab-a-3 (#2, 5 hops)`, 1, 30*time.Second)
	a.awaitCount(t, " direct: ", 1, 30*time.Second)
	rv.awaitCount(t, "passed on", 2, 30*time.Second)
	if out := rv.output(); strings.Contains(out, " relayed: ") || regexp.MustCompile(`[1-9]\d* passed on`).MatchString(out) {
		t.Errorf("the rendezvous should pass on nothing between the labs:\n%s", out)
	}
}
