package bench

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestRandomGraphIsConnectedSparseAndRepeats(t *testing.T) {
	const n = 10_000
	g := RandomGraph(n, networkDegree, 1)
	if !reflect.DeepEqual(g, RandomGraph(n, networkDegree, 1)) {
		t.Fatal("the same seed drew another graph")
	}
	if reflect.DeepEqual(g.Edges, RandomGraph(n, networkDegree, 2).Edges) {
		t.Fatal("seeds 1 and 2 drew the same graph")
	}
	seen := map[[2]int32]bool{}
	for _, e := range g.Edges {
		if e[0] < 1 || e[1] > n || e[0] >= e[1] || seen[e] {
			t.Fatalf("edge %v: want two nodes a < b from 1 to %d, each pair once", e, n)
		}
		seen[e] = true
	}
	if d := 2 * float64(len(g.Edges)) / n; d < 3.8 || d > 4.3 {
		t.Errorf("mean degree %.2f, want about %d", d, networkDegree)
	}
	if dist := hops(g); len(dist) != n {
		t.Errorf("%d nodes reachable from node 1 of %d", len(dist), n)
	}
}

// hops is the number of hops from node 1 to every node it reaches.
func hops(g Graph) map[int32]int {
	adj := adjacency(g)
	dist := map[int32]int{1: 0}
	for q := []int32{1}; len(q) > 0; q = q[1:] {
		for _, b := range adj[q[0]] {
			if _, ok := dist[b]; !ok {
				dist[b] = dist[q[0]] + 1
				q = append(q, b)
			}
		}
	}
	return dist
}

func adjacency(g Graph) map[int32][]int32 {
	adj := map[int32][]int32{}
	for _, e := range g.Edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	return adj
}

// needNS3 builds ns-3's side, skipping without ns-3 unless running under
// CI, where it must be there.
func needNS3(t *testing.T) string {
	t.Helper()
	bin, _, err := buildNS3()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI must install it (.ci/run)", err)
		}
		t.Skipf("%v; skipping", err)
	}
	return bin
}

func TestFloodVsNS3FloodsTheSameGraphTheSameWay(t *testing.T) {
	bin := needNS3(t)
	info, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if again, _, err := buildNS3(); err != nil || again != bin {
		t.Fatalf("built again: %s, %v (first %s)", again, err, bin)
	} else if info2, _ := os.Stat(again); !info2.ModTime().Equal(info.ModTime()) {
		t.Errorf("%s was compiled again, not taken from the cache", bin)
	}
	const n = 300
	sides, version, err := FloodVsNS3(meshluaBinary(t), n, 1)
	if err != nil {
		t.Fatal(err)
	}
	if version == "" {
		t.Error("no ns-3 version")
	}
	// With no delay, every copy of the message travels in the order it
	// was sent, so each node first hears it from a nearest neighbour
	// and passes it on, on every port but that one, while the TTL of 16
	// hops lasts: node 1 sends on all its ports, a node h hops away on
	// all but one when h < 16.
	adj, want := adjacency(RandomGraph(n, networkDegree, floodSeed)), 0
	for node, h := range hops(RandomGraph(n, networkDegree, floodSeed)) {
		switch {
		case node == 1:
			want += len(adj[node])
		case h < 16:
			want += len(adj[node]) - 1
		}
	}
	for _, s := range sides {
		if s.reached != n-1 || s.frames != want {
			t.Errorf("%s reached %d of %d nodes with %d frames, want all with %d", s.name, s.reached, n-1, s.frames, want)
		}
		if s.best.cpu <= 0 || s.best.maxRSS < 1<<20 {
			t.Errorf("%s cost %v of CPU and %d bytes of RSS", s.name, s.best.cpu, s.best.maxRSS)
		}
	}
}

func TestFloodVsNS3SaysWhatIsMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	figs, err := runFloodVsNS3(Config{Quick: true, Meshlua: "meshlua"})
	if err != nil || len(figs) != 1 || !strings.HasPrefix(figs[0].About, "skipped: ") || !strings.Contains(figs[0].About, "g++") ||
		!strings.Contains(figs[0].About, "apt-get install libns3-dev") {
		t.Errorf("without g++: %+v, %v", figs, err)
	}
}
