package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/meshlua/meshlua/runtime"
)

// networkGraph is a NetJSON NetworkGraph object.
type networkGraph struct {
	Type     string        `json:"type"`
	Protocol string        `json:"protocol"`
	Version  string        `json:"version"`
	Metric   string        `json:"metric"`
	Label    string        `json:"label"`
	Nodes    []netjsonNode `json:"nodes"`
	Links    []netjsonLink `json:"links"`
}

type netjsonNode struct {
	ID             string   `json:"id"`
	Label          string   `json:"label"`
	LocalAddresses []string `json:"local_addresses,omitempty"`
	Properties     any      `json:"properties"`
}

type netjsonLink struct {
	Source     string   `json:"source"`
	Target     string   `json:"target"`
	Cost       float64  `json:"cost"`
	CostText   string   `json:"cost_text"`
	Properties linkInfo `json:"properties"`
}

// nodeInfo are a node's properties: its program and counters.
type nodeInfo struct {
	Program  string            `json:"program"`
	Sent     uint64            `json:"sent"`
	Received uint64            `json:"received"`
	Dropped  uint64            `json:"dropped"`
	Drops    map[string]uint64 `json:"drops"`
	Stopped  bool              `json:"stopped"`
}

// hubInfo are a hub's properties: the link it stands for.
type hubInfo struct {
	Hub  bool   `json:"hub"`
	Link string `json:"link"`
}

// linkInfo are the properties of a line: the link's settings, as
// link:settings() gives them (durations in seconds, rate in bits per
// second), and its counters, as link:stats() gives them; on a hub's line
// the node's port too.
type linkInfo struct {
	Name      string            `json:"name"`
	Kind      string            `json:"kind"`
	Up        bool              `json:"up"`
	Delay     float64           `json:"delay"`
	Jitter    float64           `json:"jitter"`
	Loss      float64           `json:"loss"`
	Rate      uint64            `json:"rate"`
	Queue     int               `json:"queue"`
	MTU       int               `json:"mtu"`
	Offered   uint64            `json:"offered"`
	Delivered uint64            `json:"delivered"`
	Dropped   uint64            `json:"dropped"`
	InFlight  uint64            `json:"in_flight"`
	Drops     map[string]uint64 `json:"drops"`
	Port      int               `json:"port,omitempty"`
}

// WriteNetJSON writes g as a NetJSON NetworkGraph (protocol "meshlua",
// metric "hop"): a NetJSON node per node (its MACs as local addresses),
// and a NetJSON link per link between two nodes (cost 1). A hub, a link
// drawn as one (Link.Hub), is a NetJSON node of its own, with the
// property hub, joined to each of its nodes' ports by a NetJSON link of
// cost 0.5 (crossing it costs a hop). Links carry the link's settings and
// counters as properties, nodes their program and counters.
func WriteNetJSON(w io.Writer, g *Graph) error {
	out := networkGraph{Type: "NetworkGraph", Protocol: "meshlua", Version: "1", Metric: "hop",
		Label: fmt.Sprintf("meshlua network at %s s", runtime.FormatTime(g.Time)),
		Nodes: []netjsonNode{}, Links: []netjsonLink{}}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, netjsonNode{ID: n.Name, Label: n.Name, LocalAddresses: n.MACs,
			Properties: nodeInfo{Program: n.Program, Sent: n.Stats.Sent, Received: n.Stats.Received,
				Dropped: n.Stats.Dropped(), Drops: n.Stats.Drops.Map(), Stopped: n.Stopped}})
	}
	for _, l := range g.Links {
		info := linkInfo{Name: l.Name, Kind: l.Kind, Up: l.Up, Delay: l.Imp.Delay.Seconds(), Jitter: l.Imp.Jitter.Seconds(),
			Loss: l.Imp.Loss, Rate: l.Imp.Rate, Queue: l.Imp.QueueLimit(), MTU: l.Imp.PayloadLimit(),
			Offered: l.Stats.Offered, Delivered: l.Stats.Delivered, Dropped: l.Stats.Dropped(), InFlight: l.Stats.InFlight,
			Drops: l.Stats.Drops.Map()}
		if !l.Hub() {
			out.Links = append(out.Links, netjsonLink{Source: l.Ends[0].Node, Target: l.Ends[1].Node, Cost: 1, CostText: "1 hop", Properties: info})
			continue
		}
		out.Nodes = append(out.Nodes, netjsonNode{ID: l.Name, Label: l.Name, Properties: hubInfo{Hub: true, Link: l.Name}})
		for _, e := range l.Ends {
			info.Port = e.Port
			out.Links = append(out.Links, netjsonLink{Source: e.Node, Target: l.Name, Cost: 0.5, CostText: "half a hop", Properties: info})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
