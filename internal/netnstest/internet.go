package netnstest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// NAT is how a NAT router maps its private host's flows.
type NAT int

const (
	// Cone keeps a flow's source port where it can (iptables MASQUERADE):
	// one public address and port for all the host's peers.
	Cone NAT = iota
	// Symmetric takes a new random port for every destination
	// (MASQUERADE --random-fully): what a peer learns of the host's
	// address is good for that peer alone.
	Symmetric
)

// Internet is a small internet of namespaces: a router (host 1) joins a
// server with a public address (host 2) and NAT routers, each with one
// private host behind it. The router is one hop between any two of them,
// as the internet is many.
type Internet struct {
	*LAN
	// Server is the server's public address.
	Server string
	nats   int
}

// NewInternet makes the internet, with a NAT router and a private host
// behind it for each of nats. It needs iptables besides iproute2.
func NewInternet(t testing.TB, nats ...NAT) *Internet {
	t.Helper()
	Require(t)
	if _, err := exec.LookPath("iptables"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs iptables for NAT routers; under CI this test must run")
		}
		t.Skip("needs iptables for NAT routers; skipping")
	}
	l := newLAN(t)
	n := &Internet{LAN: l, Server: "198.18.0.2", nats: len(nats)}
	router, server := l.add("pub"), l.add("srv")
	l.sysctl(router, "net.ipv4.ip_forward=1")
	l.cable(router, "s", server, "eth0")
	l.IP(router, "addr", "add", "198.18.0.1/24", "dev", "s")
	l.IP(server, "addr", "add", n.Server+"/24", "dev", "eth0")
	l.IP(server, "route", "add", "default", "via", "198.18.0.1")
	for i, kind := range nats {
		k := i + 1
		nat, host := l.add(fmt.Sprintf("nat%d", k)), l.add(fmt.Sprintf("h%d", k))
		l.sysctl(nat, "net.ipv4.ip_forward=1")
		l.cable(router, fmt.Sprintf("n%d", k), nat, "wan")
		l.IP(router, "addr", "add", fmt.Sprintf("198.18.%d.1/24", k), "dev", fmt.Sprintf("n%d", k))
		l.IP(nat, "addr", "add", fmt.Sprintf("198.18.%d.2/24", k), "dev", "wan")
		l.IP(nat, "route", "add", "default", "via", fmt.Sprintf("198.18.%d.1", k))
		l.cable(nat, "lan", host, "eth0")
		l.IP(nat, "addr", "add", fmt.Sprintf("10.%d.0.1/24", k), "dev", "lan")
		l.IP(host, "addr", "add", fmt.Sprintf("10.%d.0.2/24", k), "dev", "eth0")
		l.IP(host, "route", "add", "default", "via", fmt.Sprintf("10.%d.0.1", k))
		rule := []string{"-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE"}
		if kind == Symmetric {
			rule = append(rule, "--random-fully")
		}
		l.run(nat, "iptables", rule...)
	}
	return n
}

// Host is the index of private host k (from 1), for Command, In and IP.
func (n *Internet) Host(k int) int { return 2 + 2*k }

// NATAddr is the public address of private host k's NAT router.
func (n *Internet) NATAddr(k int) string { return fmt.Sprintf("198.18.%d.2", k) }

// Move gives private host k the address 10.K.0.last instead of the one
// it has, as a laptop that joins its network again gets another: its
// flows leave the NAT from another address, and so another mapping.
func (n *Internet) Move(k int, last int) {
	n.t.Helper()
	h := n.Host(k)
	n.IP(h, "addr", "flush", "dev", "eth0")
	n.IP(h, "addr", "add", fmt.Sprintf("10.%d.0.%d/24", k, last), "dev", "eth0")
	n.IP(h, "route", "replace", "default", "via", fmt.Sprintf("10.%d.0.1", k))
}

// add makes a namespace called name (after the prefix) with lo up, and
// returns its index.
func (l *LAN) add(name string) int {
	l.t.Helper()
	ns := l.prefix + name
	l.ip("netns", "add", ns)
	l.Hosts = append(l.Hosts, ns)
	i := len(l.Hosts)
	l.IP(i, "link", "set", "lo", "up")
	return i
}

// cable joins hosts i and j with a veth pair whose ends are called a
// and b there, and brings both up.
func (l *LAN) cable(i int, a string, j int, b string) {
	l.t.Helper()
	ta, tb := fmt.Sprintf("%sc%d", l.prefix, 2*len(l.Hosts)), fmt.Sprintf("%sc%d", l.prefix, 2*len(l.Hosts)+1)
	l.ip("link", "add", ta, "type", "veth", "peer", "name", tb)
	l.ip("link", "set", ta, "netns", l.Hosts[i-1])
	l.ip("link", "set", tb, "netns", l.Hosts[j-1])
	l.IP(i, "link", "set", ta, "name", a)
	l.IP(j, "link", "set", tb, "name", b)
	l.IP(i, "link", "set", a, "up")
	l.IP(j, "link", "set", b, "up")
	l.WaitUp(i, a)
	l.WaitUp(j, b)
}

func (l *LAN) sysctl(i int, setting string) {
	l.t.Helper()
	l.run(i, "sysctl", "-q", "-w", setting)
}

// run runs name with args in host i, failing the test if it fails.
func (l *LAN) run(i int, name string, args ...string) {
	l.t.Helper()
	if out, err := l.Command(i, name, args...).CombinedOutput(); err != nil {
		l.t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), l.Hosts[i-1], err, out)
	}
}
