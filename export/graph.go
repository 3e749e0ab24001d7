// Package export describes a network's topology in files: graphviz DOT,
// NetJSON NetworkGraph, and pictures (SVG, PNG) drawn by graphviz when it
// is installed, or by a built-in force-directed layout.
package export

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Graph is a network as the files describe it: its nodes and links, with
// their settings and counters at one moment.
type Graph struct {
	Time  time.Duration // the network's time
	Nodes []Node
	Links []Link
}

// Node is a node of the network.
type Node struct {
	Name    string
	Program string   // as node.program names it
	MACs    []string // its ports' addresses, in port order
	Stats   runtime.NodeStats
	Stopped bool
	Placed  bool    // the node has a place on the plane (n:move_to)
	X, Y    float64 // where, if Placed
}

// Link is a link of the network.
type Link struct {
	Name  string
	Kind  string // "virtual", "udp", ...
	Up    bool
	Imp   runtime.Impairments
	Stats runtime.LinkStats
	Ends  []End // its nodes' ports, in the order they joined
}

// End is a node's port on a link.
type End struct {
	Node string
	Port int // the port's number on its node, from 1
}

// Placed reports whether every node of g has a place on the plane (and
// there is one): pictures then put the nodes there.
func (g *Graph) Placed() bool {
	for _, n := range g.Nodes {
		if !n.Placed {
			return false
		}
	}
	return len(g.Nodes) > 0
}

// busyLinks is how many links a picture labels on their lines; past it a
// line's label is its tooltip only, and drops still show in red.
const busyLinks = 20

// busy reports whether g has too many links to label their lines.
func (g *Graph) busy() bool { return len(g.Links) > busyLinks }

// Hub reports whether the link is drawn as a hub joined to its nodes: a
// shared link (more than two ports), a link with fewer than two, and a
// real link (its device joins the world outside). Other links are a line
// between their two nodes.
func (l *Link) Hub() bool { return len(l.Ends) != 2 || l.Kind != "virtual" }

// Info is what the runtime does not know of a network, and its script
// host does.
type Info interface {
	// Kind is a link's kind: "virtual", "udp", ...
	Kind(l *runtime.Link) string
	// Program names a node's program.
	Program(n *runtime.Node) string
	// Position is where a node is on the plane, if it has a place.
	Position(n *runtime.Node) (x, y float64, ok bool)
}

// FromNetwork describes nw as it is now, with what info tells.
func FromNetwork(nw *runtime.Network, info Info) *Graph {
	g := &Graph{Time: nw.Now()}
	for _, n := range nw.Nodes() {
		node := Node{Name: n.Name(), Program: info.Program(n), Stats: n.Stats(), Stopped: n.Stopped()}
		node.X, node.Y, node.Placed = info.Position(n)
		for _, p := range n.Ports() {
			node.MACs = append(node.MACs, p.MAC().String())
		}
		g.Nodes = append(g.Nodes, node)
	}
	for _, l := range nw.Links() {
		link := Link{Name: l.Name(), Kind: info.Kind(l), Up: l.Up(), Imp: l.Impairments(), Stats: l.Stats()}
		for _, p := range l.Ports() {
			if p.Node() != nil {
				link.Ends = append(link.Ends, End{p.Node().Name(), p.Index()})
			}
		}
		g.Links = append(g.Links, link)
	}
	return g
}

// settings describes a link's impairments in short: "2ms ±1ms, loss 5%,
// 10Mbit/s, queue 50", or "" for none.
func (l *Link) settings() string {
	var s []string
	if im := l.Imp; im.Delay > 0 || im.Jitter > 0 {
		d := im.Delay.String()
		if im.Jitter > 0 {
			d += " ±" + im.Jitter.String()
		}
		s = append(s, d)
	}
	if l.Imp.Loss > 0 {
		s = append(s, fmt.Sprintf("loss %.3g%%", l.Imp.Loss*100))
	}
	if l.Imp.Rate > 0 {
		s = append(s, formatRate(l.Imp.Rate))
	}
	if l.Imp.Queue > 0 {
		s = append(s, fmt.Sprintf("queue %d", l.Imp.Queue))
	}
	if l.Kind != "virtual" {
		s = append([]string{l.Kind}, s...)
	}
	return strings.Join(s, ", ")
}

// formatRate writes bits per second as "10Mbit/s".
func formatRate(bps uint64) string {
	for _, u := range []struct {
		div  uint64
		name string
	}{{1e9, "Gbit/s"}, {1e6, "Mbit/s"}, {1e3, "kbit/s"}} {
		if bps >= u.div && bps%(u.div/1000) == 0 {
			return fmt.Sprintf("%g%s", float64(bps)/float64(u.div), u.name)
		}
	}
	return fmt.Sprintf("%dbit/s", bps)
}

// counters describes a link's counters: "offered 100, dropped 7 (loss 5,
// link_down 2)", or "offered 100" without drops.
func (l *Link) counters() string {
	s := fmt.Sprintf("offered %d", l.Stats.Offered)
	if d := l.Stats.Dropped(); d > 0 {
		s += fmt.Sprintf(", dropped %d (%s)", d, dropReasons(&l.Stats.Drops))
	}
	return s
}

// dropReasons lists the non-zero drop counts by reason: "loss 5, link_down 2".
func dropReasons(d *runtime.Drops) string {
	m := d.Map()
	reasons := make([]string, 0, len(m))
	for r := range m {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for i, r := range reasons {
		reasons[i] = fmt.Sprintf("%s %d", r, m[r])
	}
	return strings.Join(reasons, ", ")
}

// label is the text shown with a link: its name, its settings, its
// counters, and "down" when it is down, a line each.
func (l *Link) label() []string {
	lines := []string{l.Name}
	if !l.Up {
		lines[0] += " (down)"
	}
	if s := l.settings(); s != "" {
		lines = append(lines, s)
	}
	return append(lines, l.counters())
}
