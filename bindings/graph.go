package bindings

import (
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// graphFuncs are mesh.graph and mesh.paths: the network's shape as a
// script checks a protocol against it.
func (h *Host) graphFuncs() []luakit.NamedFunc {
	return []luakit.NamedFunc{
		{Name: "graph", Fn: h.meshGraph},
		{Name: "paths", Fn: h.meshPaths},
	}
}

// meshGraph is mesh.graph(): {[name] = {neighbour names, sorted}} for every
// node, where two nodes are neighbours if a link that is up joins them.
func (h *Host) meshGraph(L *lua.LState) int {
	g := L.CreateTable(0, len(h.Net.Nodes()))
	for _, n := range h.Net.Nodes() {
		seen := map[*runtime.Node]bool{n: true}
		var names []string
		for _, p := range n.Ports() {
			if !p.Link().Up() {
				continue
			}
			for _, q := range p.Link().Ports() {
				if m := q.Node(); !seen[m] {
					seen[m] = true
					names = append(names, m.Name())
				}
			}
		}
		sort.Strings(names)
		list := L.CreateTable(len(names), 0)
		for _, name := range names {
			list.Append(lua.LString(name))
		}
		g.RawSetString(n.Name(), list)
	}
	L.Push(g)
	return 1
}

// meshPaths is mesh.paths(from): {[name] = hops} for every node a path of
// links that are up reaches from the node from (an object or a name), by
// breadth-first search; from is 0 hops from itself. A link joining many
// ports is one hop between any two of them.
func (h *Host) meshPaths(L *lua.LState) int {
	from := h.nodeOrName(L, 1, "mesh.paths")
	hops := map[*runtime.Node]int{from: 0}
	crossed := map[*runtime.Link]bool{}
	for queue := []*runtime.Node{from}; len(queue) > 0; queue = queue[1:] {
		n := queue[0]
		for _, p := range n.Ports() {
			l := p.Link()
			if !l.Up() || crossed[l] {
				continue
			}
			crossed[l] = true
			for _, q := range l.Ports() {
				if _, ok := hops[q.Node()]; !ok {
					hops[q.Node()] = hops[n] + 1
					queue = append(queue, q.Node())
				}
			}
		}
	}
	t := L.CreateTable(0, len(hops))
	for _, n := range h.Net.Nodes() { // in the network's order: the same table every run
		if d, ok := hops[n]; ok {
			t.RawSetString(n.Name(), luakit.Number(d))
		}
	}
	L.Push(t)
	return 1
}

// nodeOrName returns argument n of the function where, a node object or
// the name of a node in the network.
func (h *Host) nodeOrName(L *lua.LState, n int, where string) *runtime.Node {
	if name, ok := L.Get(n).(lua.LString); ok {
		if node := h.Net.Node(string(name)); node != nil {
			return node
		}
		L.RaiseError("%s: there is no node %q", where, string(name))
	}
	return checkNode(L, n)
}

// linkNodes is link:nodes(): the nodes with a port on the link, in the
// order they joined it, each once.
func (h *Host) linkNodes(L *lua.LState) int {
	l := checkLink(L, 1)
	t := L.CreateTable(len(l.Ports()), 0)
	seen := map[*runtime.Node]bool{}
	for _, p := range l.Ports() {
		if n := p.Node(); !seen[n] {
			seen[n] = true
			t.Append(h.nodeObject(L, n))
		}
	}
	L.Push(t)
	return 1
}
