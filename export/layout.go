package export

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/layout"
	"gonum.org/v1/gonum/graph/simple"
)

// vertex is a thing drawn as a point of the picture: a node, or a link's
// hub.
type vertex struct {
	name string
	hub  *Link // the link, for a hub
	node *Node // the node, for a node
	x, y float64
}

// edge is a line of the picture, between vertices a and b, of link l.
type edge struct {
	a, b int
	l    *Link
}

// drawing is g as points and lines, before or after its layout.
type drawing struct {
	vertices []vertex
	edges    []edge
}

// newDrawing lists g's vertices (nodes, then hubs) and edges (links
// between two nodes, and between a hub and each of its nodes' ports).
func newDrawing(g *Graph) *drawing {
	d := &drawing{}
	index := map[string]int{}
	for i := range g.Nodes {
		index[g.Nodes[i].Name] = len(d.vertices)
		d.vertices = append(d.vertices, vertex{name: g.Nodes[i].Name, node: &g.Nodes[i]})
	}
	for i := range g.Links {
		l := &g.Links[i]
		if !l.Hub() {
			d.edges = append(d.edges, edge{index[l.Ends[0].Node], index[l.Ends[1].Node], l})
			continue
		}
		hub := len(d.vertices)
		d.vertices = append(d.vertices, vertex{name: l.Name, hub: l})
		for _, e := range l.Ends {
			d.edges = append(d.edges, edge{index[e.Node], hub, l})
		}
	}
	return d
}

// layoutSeed seeds the layout's first positions: the same network is
// drawn the same way every time.
const layoutSeed = 1

// place gives the vertices positions, scaled so that the median edge is
// unit long and y grows downwards: the nodes' places on the plane (y
// upwards) if g has them, each hub in the middle of its nodes; otherwise
// a force-directed layout (see layout).
func (d *drawing) place(g *Graph) {
	if g.Placed() {
		d.placeAsGiven()
	} else {
		d.layout()
	}
	d.normalise()
}

// placeAsGiven puts the nodes at their places, y flipped, and each hub in
// the middle of its nodes (of all nodes, if it has none).
func (d *drawing) placeAsGiven() {
	var cx, cy float64
	nodes := 0
	for i := range d.vertices {
		if n := d.vertices[i].node; n != nil {
			d.vertices[i].x, d.vertices[i].y = n.X, -n.Y
			cx, cy, nodes = cx+n.X, cy-n.Y, nodes+1
		}
	}
	sums := make([]struct{ x, y, n float64 }, len(d.vertices))
	for _, e := range d.edges {
		if d.vertices[e.b].hub != nil {
			a := d.vertices[e.a]
			sums[e.b].x, sums[e.b].y, sums[e.b].n = sums[e.b].x+a.x, sums[e.b].y+a.y, sums[e.b].n+1
		}
	}
	for i := range d.vertices {
		if d.vertices[i].hub == nil {
			continue
		}
		if s := sums[i]; s.n > 0 {
			d.vertices[i].x, d.vertices[i].y = s.x/s.n, s.y/s.n
		} else {
			d.vertices[i].x, d.vertices[i].y = cx/float64(nodes), cy/float64(nodes)
		}
	}
}

// layout places the vertices by the Eades force-directed layout (gonum's,
// with Barnes-Hut repulsion).
func (d *drawing) layout() {
	g := &orderedGraph{d: d, adj: make([][]int64, len(d.vertices))}
	for _, e := range d.edges {
		if e.a != e.b && !g.HasEdgeBetween(int64(e.a), int64(e.b)) {
			g.adj[e.a] = append(g.adj[e.a], int64(e.b))
			g.adj[e.b] = append(g.adj[e.b], int64(e.a))
		}
	}
	eades := layout.EadesR2{Repulsion: 1, Rate: 0.05, Updates: 60 + 3*len(d.vertices), Theta: 0.2, Src: rand.NewPCG(layoutSeed, layoutSeed)}
	if len(d.vertices) > 300 {
		eades.Updates = 1000
	}
	opt := layout.NewOptimizerR2(g, eades.Update)
	for opt.Update() {
	}
	for i := range d.vertices {
		p := opt.Coord2(int64(i))
		d.vertices[i].x, d.vertices[i].y = p.X, p.Y
	}
}

// normalise moves and scales the positions so that they start at 0, 0
// and the median edge is unit long.
func (d *drawing) normalise() {
	if len(d.vertices) == 0 {
		return
	}
	var lengths []float64
	for _, e := range d.edges {
		a, b := d.vertices[e.a], d.vertices[e.b]
		if l := math.Hypot(a.x-b.x, a.y-b.y); l > 0 {
			lengths = append(lengths, l)
		}
	}
	scale := 1.0
	if len(lengths) > 0 {
		slices.Sort(lengths)
		scale = 1 / lengths[len(lengths)/2]
	}
	minX, minY := math.Inf(1), math.Inf(1)
	for _, v := range d.vertices {
		minX, minY = min(minX, v.x), min(minY, v.y)
	}
	for i := range d.vertices {
		d.vertices[i].x = (d.vertices[i].x - minX) * scale
		d.vertices[i].y = (d.vertices[i].y - minY) * scale
	}
}

// orderedGraph is a drawing as a gonum graph whose nodes and neighbours
// come in a fixed order (gonum's simple graphs give them in map order),
// so that the layout is the same every time.
type orderedGraph struct {
	d   *drawing
	adj [][]int64 // the neighbours of each vertex, by index
}

var _ graph.Graph = (*orderedGraph)(nil)

// Node returns vertex id.
func (g *orderedGraph) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(g.adj)) {
		return nil
	}
	return simple.Node(id)
}

// Nodes are the vertices in order.
func (g *orderedGraph) Nodes() graph.Nodes {
	nodes := make([]graph.Node, len(g.adj))
	for i := range nodes {
		nodes[i] = simple.Node(i)
	}
	return iterator.NewOrderedNodes(nodes)
}

// From are the neighbours of vertex id, in the order their edges came.
func (g *orderedGraph) From(id int64) graph.Nodes {
	nodes := make([]graph.Node, len(g.adj[id]))
	for i, n := range g.adj[id] {
		nodes[i] = simple.Node(n)
	}
	return iterator.NewOrderedNodes(nodes)
}

// HasEdgeBetween reports whether vertices x and y are joined.
func (g *orderedGraph) HasEdgeBetween(x, y int64) bool {
	for _, n := range g.adj[x] {
		if n == y {
			return true
		}
	}
	return false
}

// Edge returns the edge from u to v, if they are joined.
func (g *orderedGraph) Edge(u, v int64) graph.Edge {
	if !g.HasEdgeBetween(u, v) {
		return nil
	}
	return simple.Edge{F: simple.Node(u), T: simple.Node(v)}
}
