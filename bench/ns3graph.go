package bench

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// Graph is an undirected graph on the nodes 1..N: the network that
// meshlua and ns-3 both flood, written to a file both read (WriteTo).
type Graph struct {
	N     int
	Edges [][2]int32 // each pair once, the smaller node first
}

// RandomGraph draws the kind of graph mesh.topo.random(n, degree / (n - 1),
// {connected = true}) makes, from seed: each pair of nodes is joined with
// probability degree / (n - 1), then each node apart from the component of
// node 1 is joined to a node before it. It jumps from one joined pair to
// the next by geometric gaps (Batagelj and Brandes, 2005), so it takes
// time in proportion to the edges, not to the n² pairs.
func RandomGraph(n int, degree float64, seed uint64) Graph {
	r := rand.New(rand.NewPCG(seed, 0))
	g := Graph{N: n}
	parent := make([]int32, n+1) // union-find; 0: a root
	find := func(i int32) int32 {
		r := i
		for parent[r] != 0 {
			r = parent[r]
		}
		for parent[i] != 0 {
			parent[i], i = r, parent[i]
		}
		return r
	}
	join := func(a, b int32) {
		g.Edges = append(g.Edges, [2]int32{a, b})
		if ra, rb := find(a), find(b); ra != rb {
			parent[ra] = rb
		}
	}
	if p := degree / float64(n-1); n > 1 && p > 0 {
		lq := math.Log1p(-math.Min(p, 1-1e-12))
		// (v, w) walks the pairs w < v in order, 0-based.
		v, w := 1, -1
		for v < n {
			w += 1 + int(math.Floor(math.Log1p(-r.Float64())/lq))
			for w >= v && v < n {
				w, v = w-v, v+1
			}
			if v < n {
				join(int32(w+1), int32(v+1))
			}
		}
	}
	for i := 2; i <= n; i++ {
		if find(int32(i)) != find(1) {
			join(int32(1+r.IntN(i-1)), int32(i))
		}
	}
	return g
}

// WriteTo writes the graph as text: a line "N M" (nodes, edges), then one
// line "A B" per edge.
func (g Graph) WriteTo(w io.Writer) (int64, error) {
	b := bufio.NewWriter(w)
	var n int64
	c, _ := fmt.Fprintf(b, "%d %d\n", g.N, len(g.Edges))
	n += int64(c)
	for _, e := range g.Edges {
		c, _ = fmt.Fprintf(b, "%d %d\n", e[0], e[1])
		n += int64(c)
	}
	return n, b.Flush()
}
