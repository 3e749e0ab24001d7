package udp

import (
	"fmt"
	"net"
	"strings"
)

// startingPeers resolves the configured peers and rendezvous: an address
// that is not HOST:PORT, or a host name that does not resolve, is an
// error that names it. Host names resolve again while their peer is not
// heard (control.resolve).
func (c *Config) startingPeers() ([]*peer, error) {
	if c.Serve && c.Rendezvous != "" {
		return nil, fmt.Errorf("option rendezvous: a link is a rendezvous (true) or registers with one (\"HOST:PORT\"), not both")
	}
	var starts []*peer
	for i, host := range append(append([]string(nil), c.Peers...), c.Rendezvous) {
		if host == "" {
			continue
		}
		rendezvous := i == len(c.Peers)
		addr, err := resolve(host)
		if err != nil {
			what := fmt.Sprintf("peers[%d]", i+1)
			if rendezvous {
				what = "rendezvous"
			}
			return nil, fmt.Errorf("option %s: %w", what, err)
		}
		starts = append(starts, &peer{addr: addr, host: host, rendezvous: rendezvous})
	}
	return starts, nil
}

// resolve looks up HOST:PORT (an IPv4 address or a host name, and a port).
func resolve(host string) (*net.UDPAddr, error) {
	h, port, err := net.SplitHostPort(host)
	if err != nil || h == "" || port == "" {
		return nil, fmt.Errorf("%q is not HOST:PORT (such as \"203.0.113.7:7777\" or \"lab.example.org:7777\")", host)
	}
	addr, err := net.ResolveUDPAddr("udp4", host)
	if err != nil {
		return nil, fmt.Errorf("%q does not resolve: %v", host, err)
	}
	if addr.Port == 0 {
		return nil, fmt.Errorf("%q: the port must not be 0", host)
	}
	return addr, nil
}

// interfaceNamed finds the interface called name.
func interfaceNamed(name string) (*net.Interface, error) {
	ifc, err := net.InterfaceByName(name)
	if err == nil {
		return ifc, nil
	}
	ifaces, _ := net.Interfaces()
	var names []string
	for _, i := range ifaces {
		names = append(names, i.Name)
	}
	return nil, fmt.Errorf("udp link: there is no interface %q (interfaces here: %s)", name, strings.Join(names, ", "))
}
