package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/meshlua/meshlua/runtime"
)

// Colours of the pictures, DOT and built-in alike.
const (
	nodeFill    = "#dbe8f6"
	nodeLine    = "#4a6d8c"
	stoppedFill = "#eeeeee"
	hubFill     = "#f3d9a4"
	hubLine     = "#8c6d2e"
	linkLine    = "#555555"
	dropLine    = "#c0392b" // a link that dropped frames
)

// WriteDOT writes g as a graphviz graph: a node per node, a line per link
// between two nodes, labelled with its name, settings and counters, and a
// small box (a hub) holding that label for every other link, joined to its
// nodes. Links that
// are down are dashed, links that dropped frames red; stopped nodes are
// grey.
func WriteDOT(w io.Writer, g *Graph) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "graph meshlua {\n")
	fmt.Fprintf(b, "\tgraph [overlap=false, splines=false, pad=0.4, fontname=Helvetica, fontsize=10, labelloc=t, label=%s];\n",
		quote(fmt.Sprintf("meshlua network at %s s", runtime.FormatTime(g.Time))))
	fmt.Fprintf(b, "\tnode [shape=ellipse, style=filled, fillcolor=%q, color=%q, fontname=Helvetica, fontsize=11];\n", nodeFill, nodeLine)
	fmt.Fprintf(b, "\tedge [fontname=Helvetica, fontsize=9, color=%q];\n", linkLine)
	pins := g.pins()
	for _, n := range g.Nodes {
		attrs := []string{"tooltip=" + quote(n.tooltip())}
		if pin, ok := pins[n.Name]; ok {
			attrs = append(attrs, pin)
		}
		if n.Stopped {
			attrs = append(attrs, "label="+quote(n.Name+"\n(stopped)"), fmt.Sprintf("fillcolor=%q", stoppedFill), `style="filled,dashed"`)
		}
		fmt.Fprintf(b, "\t%s [%s];\n", quote(n.Name), strings.Join(attrs, ", "))
	}
	for _, l := range g.Links {
		style := l.style()
		if !l.Hub() {
			text := "label="
			if g.busy() {
				text = "tooltip=" // labels would hide the picture
			}
			fmt.Fprintf(b, "\t%s -- %s [%s%s%s];\n", quote(l.Ends[0].Node), quote(l.Ends[1].Node), text, quote(strings.Join(l.label(), "\n")), style)
			continue
		}
		fontColour := "black"
		if l.Stats.Dropped() > 0 {
			fontColour = dropLine
		}
		fmt.Fprintf(b, "\t%s [class=hub, shape=box, style=\"rounded,filled\", margin=\"0.05,0.02\", fontsize=8, fillcolor=%q, color=%q, fontcolor=%q, label=%s, tooltip=%s%s];\n",
			quote(l.Name), hubFill, hubLine, fontColour, quote(strings.Join(l.label(), "\n")), quote(strings.Join(l.label(), "; ")), pinAttr(pins[l.Name]))
		for _, e := range l.Ends {
			fmt.Fprintf(b, "\t%s -- %s [tooltip=%s%s];\n", quote(e.Node), quote(l.Name), quote(fmt.Sprintf("%s port %d on %s", e.Node, e.Port, l.Name)), style)
		}
	}
	fmt.Fprintf(b, "}\n")
	return b.Flush()
}

// pinInches is how long a median edge is drawn, in inches, when the
// nodes have places.
const pinInches = 1.5

// pins are the DOT pos attributes of the vertices ("pos=\"1.5,3!\"", in
// inches, pinned) when g's nodes have places: the nodes there, each hub
// in the middle of its nodes, as WriteSVG draws them. Without places
// there are none: neato lays the graph out.
func (g *Graph) pins() map[string]string {
	if !g.Placed() {
		return nil
	}
	d := newDrawing(g)
	d.place(g)
	pins := map[string]string{}
	for _, v := range d.vertices {
		pins[v.name] = fmt.Sprintf("pos=\"%.3f,%.3f!\"", v.x*pinInches, -v.y*pinInches)
	}
	return pins
}

// pinAttr is pin after a comma, or nothing.
func pinAttr(pin string) string {
	if pin == "" {
		return ""
	}
	return ", " + pin
}

// style is the DOT attributes, after a comma, that show a link down
// (dashed) or dropping frames (red).
func (l *Link) style() string {
	var s string
	if !l.Up {
		s += ", style=dashed"
	}
	if l.Stats.Dropped() > 0 {
		s += fmt.Sprintf(", color=%q, fontcolor=%q, penwidth=2", dropLine, dropLine)
	}
	return s
}

// tooltip describes a node: "a: stdlib/programs/echo.lua; sent 3, received
// 5, dropped 0".
func (n *Node) tooltip() string {
	s := fmt.Sprintf("%s: %s; sent %d, received %d, dropped %d", n.Name, n.Program, n.Stats.Sent, n.Stats.Received, n.Stats.Dropped())
	if n.Stopped {
		s += "; stopped"
	}
	return s
}

// quote is s as a DOT quoted string; a newline in s starts a new line of
// a label.
func quote(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
	return `"` + s + `"`
}
