// Package netnstest builds test LANs out of network namespaces: each host
// is a namespace with an interface eth0 joined by a veth pair to a bridge
// in a namespace of its own. Everything it makes carries the test's prefix
// and is removed when the test ends. It needs root and iproute2; without
// them tests skip, except under CI=true, where they fail.
package netnstest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// LAN is a bridged LAN of hosts, each in a network namespace.
type LAN struct {
	t      testing.TB
	prefix string
	subnet int64
	// Hosts are the namespaces' names; host i has eth0 with Addr(i).
	Hosts []string
}

var lans atomic.Int32

// newLAN names a LAN after the test process and a counter (short enough
// for interface names) and removes its namespaces when the test ends.
func newLAN(t testing.TB) *LAN {
	id := lans.Add(1)
	l := &LAN{t: t, prefix: fmt.Sprintf("mlt%d_%d", os.Getpid()%100000, id), subnet: int64(id % 200)}
	t.Cleanup(l.remove)
	return l
}

// New makes a LAN of n hosts at 10.99.N.1 .. 10.99.N.n/24.
func New(t testing.TB, n int) *LAN {
	t.Helper()
	Require(t)
	l := newLAN(t)
	br := l.prefix + "br"
	l.ip("netns", "add", br)
	l.ip("-n", br, "link", "add", "br0", "type", "bridge")
	l.ip("-n", br, "link", "set", "br0", "up")
	for i := 1; i <= n; i++ {
		host := fmt.Sprintf("%sh%d", l.prefix, i)
		a, b := fmt.Sprintf("%s%da", l.prefix, i), fmt.Sprintf("%s%db", l.prefix, i)
		l.ip("netns", "add", host)
		l.Hosts = append(l.Hosts, host)
		l.ip("link", "add", a, "type", "veth", "peer", "name", b)
		l.ip("link", "set", a, "netns", host)
		l.ip("link", "set", b, "netns", br)
		l.ip("-n", host, "link", "set", a, "name", "eth0")
		l.ip("-n", host, "addr", "add", l.Addr(i)+"/24", "dev", "eth0")
		l.ip("-n", host, "link", "set", "eth0", "up")
		l.ip("-n", host, "link", "set", "lo", "up")
		l.ip("-n", br, "link", "set", b, "master", "br0")
		l.ip("-n", br, "link", "set", b, "up")
	}
	for i := range l.Hosts {
		l.WaitUp(i+1, "eth0")
	}
	return l
}

// Addr is host i's address (from 1).
func (l *LAN) Addr(i int) string { return fmt.Sprintf("10.99.%d.%d", l.subnet, i) }

// Broadcast is the LAN's broadcast address.
func (l *LAN) Broadcast() string { return fmt.Sprintf("10.99.%d.255", l.subnet) }

func (l *LAN) ip(args ...string) {
	l.t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		l.t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (l *LAN) remove() {
	for _, h := range append(l.Hosts, l.prefix+"br") {
		exec.Command("ip", "netns", "del", h).Run()
	}
}

// Command runs name with args in host i's namespace (from 1).
func (l *LAN) Command(i int, name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", l.Hosts[i-1], name}, args...)...)
}

// Pair is a veth pair whose two ends, A and B, are up in one namespace.
type Pair struct {
	lan  *LAN
	A, B string
}

// NewPair makes a namespace holding a veth pair.
func NewPair(t testing.TB) *Pair {
	t.Helper()
	l := NewHost(t)
	p := &Pair{lan: l, A: "va", B: "vb"}
	l.IP(1, "link", "add", p.A, "type", "veth", "peer", "name", p.B)
	for _, end := range []string{p.A, p.B} {
		l.IP(1, "link", "set", end, "up")
	}
	l.WaitUp(1, p.A, p.B)
	return p
}

// NewHost makes a LAN of one host without interfaces but lo: a namespace
// for the interfaces a test makes in it (with In, or with IP).
func NewHost(t testing.TB) *LAN {
	t.Helper()
	Require(t)
	l := newLAN(t)
	ns := l.prefix + "h1"
	l.ip("netns", "add", ns)
	l.Hosts = []string{ns}
	l.IP(1, "link", "set", "lo", "up")
	return l
}

// IP runs ip with args in host i's namespace (from 1): ip -n HOST args.
func (l *LAN) IP(i int, args ...string) {
	l.t.Helper()
	l.ip(append([]string{"-n", l.Hosts[i-1]}, args...)...)
}

// WaitUp waits until the interfaces of host i (from 1) are operationally
// up. The kernel brings an interface up some time after "ip link set up"
// has returned, when it has seen the carrier (linkwatch), and until then
// drops what is sent on it: a test that writes at once loses its frames.
func (l *LAN) WaitUp(i int, names ...string) {
	l.t.Helper()
	for _, name := range names {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			out, err := exec.Command("ip", "-n", l.Hosts[i-1], "-o", "link", "show", "dev", name).CombinedOutput()
			if err == nil && strings.Contains(string(out), " state UP ") {
				break
			}
			if time.Now().After(deadline) {
				l.t.Fatalf("%s in %s is not up after ten seconds: %s %v", name, l.Hosts[i-1], out, err)
			}
		}
	}
}

// In runs fn on an OS thread inside the pair's namespace.
func (p *Pair) In(fn func()) { p.lan.In(1, fn) }
