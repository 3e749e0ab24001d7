package bindings

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// graphFile is a graph read from a file: its nodes' names in the order
// they first appear, and its edges.
type graphFile struct {
	names  []string
	edges  [][2]string
	index  map[string]bool
	joined map[[2]string]bool
}

func (g *graphFile) node(name string) {
	if !g.index[name] {
		g.index[name] = true
		g.names = append(g.names, name)
	}
}

// edge adds a-b, or says why it cannot: a loop, or a pair already joined.
func (g *graphFile) edge(a, b string) error {
	if a == b {
		return fmt.Errorf("a link from %s to itself", a)
	}
	key := [2]string{min(a, b), max(a, b)}
	if g.joined[key] {
		return fmt.Errorf("%s and %s are joined twice", a, b)
	}
	g.joined[key] = true
	g.node(a)
	g.node(b)
	g.edges = append(g.edges, [2]string{a, b})
	return nil
}

// readGraphFile reads path: a NetJSON NetworkGraph if its name ends in
// .json, an edge list otherwise.
func readGraphFile(path string) (*graphFile, error) {
	g := &graphFile{index: map[string]bool{}, joined: map[[2]string]bool{}}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.HasSuffix(path, ".json") {
		err = g.readNetJSON(f, path)
	} else {
		err = g.readEdgeList(f, path)
	}
	if err == nil && len(g.names) == 0 {
		err = fmt.Errorf("%s: no nodes", path)
	}
	return g, err
}

// readEdgeList reads lines "a b", one link each; blank lines and what
// follows # are ignored.
func (g *graphFile) readEdgeList(f *os.File, path string) error {
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		switch len(fields) {
		case 0:
			continue
		case 2:
			if err := g.edge(fields[0], fields[1]); err != nil {
				return fmt.Errorf("%s:%d: %v", path, line, err)
			}
		default:
			return fmt.Errorf("%s:%d: want two node names, got %q", path, line, strings.TrimSpace(text))
		}
	}
	return sc.Err()
}

// netJSON is the part of a NetJSON NetworkGraph (RFC draft, netjson.org)
// that makes a topology.
type netJSON struct {
	Type  string `json:"type"`
	Nodes []struct {
		ID string `json:"id"`
	} `json:"nodes"`
	Links []struct {
		Source string `json:"source"`
		Target string `json:"target"`
	} `json:"links"`
}

func (g *graphFile) readNetJSON(f *os.File, path string) error {
	var doc netJSON
	if err := json.NewDecoder(f).Decode(&doc); err != nil {
		return fmt.Errorf("%s: not JSON: %v", path, err)
	}
	if doc.Type != "NetworkGraph" {
		return fmt.Errorf("%s: type is %q, want a NetJSON \"NetworkGraph\"", path, doc.Type)
	}
	for i, n := range doc.Nodes {
		if n.ID == "" {
			return fmt.Errorf("%s: nodes[%d] has no id", path, i)
		}
		g.node(n.ID)
	}
	for i, l := range doc.Links {
		for _, end := range []string{l.Source, l.Target} {
			if !g.index[end] {
				return fmt.Errorf("%s: links[%d]: %q is not among the nodes", path, i, end)
			}
		}
		if err := g.edge(l.Source, l.Target); err != nil {
			return fmt.Errorf("%s: links[%d]: %v", path, i, err)
		}
	}
	return nil
}

// luaReadGraph is the read_graph mesh.topo.load is given: path -> names,
// edges ({{a, b}, ...}), or nil and an error naming the file and line, for
// mesh.topo.load to raise at its caller's line.
func luaReadGraph(L *lua.LState) int {
	path := L.CheckString(1)
	g, err := readGraphFile(path) // as io.open and mesh.capture take paths

	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("mesh.topo.load: " + err.Error()))
		return 2
	}
	names := L.CreateTable(len(g.names), 0)
	for _, n := range g.names {
		names.Append(lua.LString(n))
	}
	edges := L.CreateTable(len(g.edges), 0)
	for _, e := range g.edges {
		pair := L.CreateTable(2, 0)
		pair.Append(lua.LString(e[0]))
		pair.Append(lua.LString(e[1]))
		edges.Append(pair)
	}
	L.Push(names)
	L.Push(edges)
	return 2
}
