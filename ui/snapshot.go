package ui

import (
	"github.com/meshlua/meshlua/export"
)

// snapshot is what the page gets, a JSON object per update: the network's
// time and totals, and the counters of every node and link in the order
// of the shape it follows (the shape, its nodes and links, comes in an
// event of its own, only when it changed).
type snapshot struct {
	Seq      uint64      `json:"seq"`  // counts the updates
	Time     float64     `json:"time"` // network time, seconds
	Realtime bool        `json:"realtime"`
	Running  bool        `json:"running"` // a mesh.run is in progress
	Paused   bool        `json:"paused"`
	Control  bool        `json:"control"` // the page may change the network
	FPS      float64     `json:"fps"`     // frames offered to links per second of wall time, since the last update
	Sent     uint64      `json:"sent"`
	Dropped  uint64      `json:"dropped"`
	Notice   string      `json:"notice,omitempty"` // what became of the last control request, if it failed
	ShapeID  uint64      `json:"shape_id"`         // which shape the counters follow
	Nodes    [][4]uint64 `json:"nodes"`            // per node: sent, received, dropped, stopped (0 or 1)
	Links    [][4]uint64 `json:"links"`            // per link: offered, delivered, dropped, up (0 or 1)
}

// shape is the network's nodes and links, without counters.
type shape struct {
	Nodes []shapeNode `json:"nodes"`
	Links []shapeLink `json:"links"`
}

// shapeNode is a node as the page places it.
type shapeNode struct {
	Name    string      `json:"name"`
	Program string      `json:"program"`
	At      *[2]float64 `json:"at,omitempty"` // its place (n:move_to), if it has one
}

// shapeLink is a link as the page draws it: a line between its two nodes,
// or a hub joined to each of them.
type shapeLink struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Hub  bool   `json:"hub"`
	Ends []int  `json:"ends"` // indexes into shape.Nodes
}

// shapeOf is g's shape.
func shapeOf(g *export.Graph) *shape {
	s := &shape{Nodes: make([]shapeNode, len(g.Nodes)), Links: make([]shapeLink, len(g.Links))}
	index := make(map[string]int, len(g.Nodes))
	for i, n := range g.Nodes {
		index[n.Name] = i
		s.Nodes[i] = shapeNode{Name: n.Name, Program: n.Program}
		if n.Placed {
			s.Nodes[i].At = &[2]float64{n.X, n.Y}
		}
	}
	for i := range g.Links {
		l := &g.Links[i]
		sl := shapeLink{Name: l.Name, Kind: l.Kind, Hub: l.Hub(), Ends: make([]int, 0, len(l.Ends))}
		for _, e := range l.Ends {
			sl.Ends = append(sl.Ends, index[e.Node])
		}
		s.Links[i] = sl
	}
	return s
}

// counters fills s's totals and per-node and per-link counters from g.
func (s *snapshot) counters(g *export.Graph) {
	s.Time = g.Time.Seconds()
	s.Nodes = make([][4]uint64, len(g.Nodes))
	for i, n := range g.Nodes {
		s.Nodes[i] = [4]uint64{n.Stats.Sent, n.Stats.Received, n.Stats.Dropped(), b2i(n.Stopped)}
	}
	s.Links = make([][4]uint64, len(g.Links))
	for i, l := range g.Links {
		s.Links[i] = [4]uint64{l.Stats.Offered, l.Stats.Delivered, l.Stats.Dropped(), b2i(l.Up)}
	}
}

func b2i(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
