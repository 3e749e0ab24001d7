package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/nettest"
	"github.com/meshlua/meshlua/runtime"
)

// testNetwork builds and runs a network with every kind of thing a
// picture shows: a cable (two nodes), a shared link of three, a link down
// (dropping), a lossy link, a link with one node, one with none, names
// that need quoting, and a stopped node.
func testNetwork(t testing.TB) *Graph {
	t.Helper()
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	link := func(name string, im runtime.Impairments) *runtime.Link { return nettest.Link(t, nw, name, im) }
	node := func(name string, prog runtime.Program, links ...*runtime.Link) *runtime.Node {
		return nettest.Node(t, nw, name, prog, links...)
	}
	every := func() runtime.Program {
		return &runtime.Source{Dst: runtime.Broadcast, Size: 60, Interval: 100 * time.Millisecond, Count: 1000}
	}
	cable := link("cable", runtime.Impairments{Delay: 2 * time.Millisecond, Rate: 10_000_000, Queue: 20})
	lan := link("lan", runtime.Impairments{})
	lossy := link(`wan "1"`, runtime.Impairments{Loss: 0.5, Jitter: time.Millisecond, Delay: 10 * time.Millisecond})
	down := link("down", runtime.Impairments{})
	alone := link("alone", runtime.Impairments{})
	link("empty", runtime.Impairments{})
	node("a", every(), cable, lan, lossy)
	node("b", &runtime.Sink{}, cable)
	node("c", every(), down, lan)
	node(`d<&>`, &runtime.Sink{}, lan, lossy, down)
	node("e", &runtime.Sink{}, alone)
	gone := node("f", &runtime.Sink{}, lan)
	if err := nw.Run(time.Second); err != nil {
		t.Fatal(err)
	}
	down.SetUp(false)
	gone.Fail(errors.New("test"))
	if err := nw.Run(time.Second); err != nil {
		t.Fatal(err)
	}
	g := FromNetwork(nw, testInfo{})
	nw.Close()
	return g
}

// testInfo tells what the runtime does not know of testNetwork: every
// link is virtual, a program is "native NAME", and nodes have a place
// only in places.
type testInfo struct{ places map[string][2]float64 }

func (testInfo) Kind(*runtime.Link) string      { return "virtual" }
func (testInfo) Program(n *runtime.Node) string { return "native " + n.Name() }
func (i testInfo) Position(n *runtime.Node) (float64, float64, bool) {
	p, ok := i.places[n.Name()]
	return p[0], p[1], ok
}

// needGraphviz finds a graphviz program (see nettest.NeedTool).
func needGraphviz(t *testing.T, name string) string { return nettest.NeedTool(t, name, "graphviz") }

// graphvizSVG is g drawn by Write as SVG with graphviz.
func graphvizSVG(t *testing.T, g *Graph) []byte {
	t.Helper()
	needGraphviz(t, Graphviz)
	return written(t, g, "net.svg")
}

// written is the file called name (its extension names the format) that
// Write writes for g.
func written(t *testing.T, g *Graph, name string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if _, err := Write(path, g); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tree is a graph of n nodes called 0 to n-1, node i > 0 joined to node
// parent(i) < i by link "l<i>".
func tree(n int, parent func(i int) int) *Graph {
	g := &Graph{}
	for i := range n {
		g.Nodes = append(g.Nodes, Node{Name: fmt.Sprint(i)})
		if i > 0 {
			g.Links = append(g.Links, Link{Name: fmt.Sprintf("l%d", i), Kind: "virtual", Up: true, Ends: []End{{fmt.Sprint(parent(i)), 1}, {fmt.Sprint(i), 2}}})
		}
	}
	return g
}

// withoutGraphviz runs the rest of the test with a PATH where graphviz is
// not.
func withoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := exec.LookPath(Graphviz); err == nil {
		t.Fatal("graphviz is still found")
	}
}

func TestGraphDescribesTheNetwork(t *testing.T) {
	g := testNetwork(t)
	var names []string
	for _, l := range g.Links {
		names = append(names, fmt.Sprintf("%s:%d:%v", l.Name, len(l.Ends), l.Hub()))
	}
	if want := []string{"cable:2:false", "lan:4:true", `wan "1":2:false`, "down:2:false", "alone:1:true", "empty:0:true"}; !slices.Equal(names, want) {
		t.Errorf("links %v, want %v", names, want)
	}
	if s := g.Links[3]; s.Up || s.Stats.Drops[runtime.DropLinkDown] == 0 {
		t.Errorf("link down: up %v, link_down drops %d; want down and dropping", s.Up, s.Stats.Drops[runtime.DropLinkDown])
	}
	if !g.Nodes[5].Stopped || g.Nodes[0].Program != "native a" || len(g.Nodes[3].MACs) != 3 {
		t.Errorf("nodes %+v", g.Nodes)
	}
}

func TestDotRendersTheExportedDOT(t *testing.T) {
	dot := needGraphviz(t, "dot")
	var b bytes.Buffer
	g := testNetwork(t)
	if err := WriteDOT(&b, g); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = &b
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot cannot render the DOT: %v\n%s", err, b.String())
	}
	checkSVG(t, out, g)
}

// svgGroup is an SVG group: its class, title and what it holds.
type svgGroup struct {
	Class  string     `xml:"class,attr"`
	Title  string     `xml:"title"`
	Groups []svgGroup `xml:"g"`
	Lines  []struct {
		Dash   string `xml:"stroke-dasharray,attr"`
		Stroke string `xml:"stroke,attr"`
	} `xml:"line"`
	Paths []struct {
		Dash   string `xml:"stroke-dasharray,attr"`
		Stroke string `xml:"stroke,attr"`
	} `xml:"path"`
}

// walk calls fn on g and every group inside it.
func (g *svgGroup) walk(fn func(*svgGroup)) {
	fn(g)
	for i := range g.Groups {
		g.Groups[i].walk(fn)
	}
}

// checkSVG parses an SVG picture of g and checks that it has a group of
// class "node" per node, titled with its name, one of class "node hub"
// per hub, and dashed lines for the links down, red ones for links that
// dropped frames.
func checkSVG(t *testing.T, svg []byte, g *Graph) {
	t.Helper()
	var root svgGroup
	if err := xml.Unmarshal(svg, &root); err != nil {
		t.Fatalf("the SVG does not parse: %v", err)
	}
	var nodes, hubs, dashed, red []string
	root.walk(func(e *svgGroup) {
		switch e.Class {
		case "node":
			nodes = append(nodes, e.Title)
		case "node hub":
			hubs = append(hubs, e.Title)
		case "edge":
			e.walk(func(e2 *svgGroup) {
				for _, l := range append(e2.Lines, e2.Paths...) {
					if l.Dash != "" && !slices.Contains(dashed, e.Title) {
						dashed = append(dashed, e.Title)
					}
					if l.Stroke == dropLine && !slices.Contains(red, e.Title) {
						red = append(red, e.Title)
					}
				}
			})
		}
	})
	var wantNodes, wantHubs, wantDashed, wantRed []string
	for _, n := range g.Nodes {
		wantNodes = append(wantNodes, n.Name)
	}
	for _, l := range g.Links {
		if l.Hub() {
			wantHubs = append(wantHubs, l.Name)
		}
		if !l.Up {
			wantDashed = append(wantDashed, "c--d<&>")
		}
		if l.Stats.Dropped() > 0 && !l.Hub() {
			wantRed = append(wantRed, l.Ends[0].Node+"--"+l.Ends[1].Node)
		}
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{{"nodes", nodes, wantNodes}, {"hubs", hubs, wantHubs}, {"dashed lines", dashed, wantDashed}, {"red lines", red, wantRed}} {
		slices.Sort(c.got)
		slices.Sort(c.want)
		if !slices.Equal(c.got, c.want) {
			t.Errorf("the SVG's %s are %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestSVGHasAGroupPerNodeWithAndWithoutGraphviz(t *testing.T) {
	g := testNetwork(t)
	t.Run("graphviz", func(t *testing.T) {
		b := graphvizSVG(t, g)
		if !bytes.Contains(b, []byte("Generated by graphviz")) {
			t.Error("graphviz did not draw the SVG")
		}
		checkSVG(t, b, g)
	})
	t.Run("built-in", func(t *testing.T) {
		withoutGraphviz(t)
		checkSVG(t, written(t, g, "net.svg"), g)
	})
}

func TestPNGWithAndWithoutGraphviz(t *testing.T) {
	g := testNetwork(t)
	t.Run("graphviz", func(t *testing.T) {
		needGraphviz(t, Graphviz)
		img, err := png.Decode(bytes.NewReader(written(t, g, "net.png")))
		if err != nil || img.Bounds().Dx() < 100 || img.Bounds().Dy() < 100 {
			t.Errorf("the PNG does not decode to a picture: %v", err)
		}
	})
	t.Run("built-in", func(t *testing.T) {
		withoutGraphviz(t)
		path := filepath.Join(t.TempDir(), "net.png")
		drawnBy, err := Write(path, g)
		if err != nil || drawnBy != DrawnByMeshlua {
			t.Fatalf("Write: %q, %v; want %q", drawnBy, err, DrawnByMeshlua)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("the PNG does not decode: %v", err)
		}
		pic := newPicture(g)
		if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != int(math.Round(2*pic.width)) || h != int(math.Round(2*pic.height)) {
			t.Errorf("the PNG is %dx%d, want twice the SVG's %.0fx%.0f", w, h, pic.width, pic.height)
		}
		colour := func(x, y float64) string {
			r, g, b, _ := img.At(int(2*x), int(2*y)).RGBA()
			return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
		}
		if c := colour(1, 1); c != "#ffffff" {
			t.Errorf("the background is %s, want white", c)
		}
		// below each node's name, inside its ellipse, and in a hub's box, is their fill
		for _, v := range pic.d.vertices {
			x, y := pic.margin+v.x*unit, pic.margin+v.y*unit
			want := nodeFill
			switch {
			case v.hub != nil:
				want, x = hubFill, x-(float64(longest(v.hub.label()))*charW*9/fontSize+10)/2+2.5 // its box's left side
			case v.node.Stopped:
				want, y = stoppedFill, y+lineH*1.6
			default:
				y += lineH * 0.9
			}
			if c := colour(x, y); c != want {
				t.Errorf("%s at %.0f, %.0f is %s, want %s", v.name, x, y, c, want)
			}
		}
	})
}

// A large network's PNG is drawn smaller, within pngMaxSide pixels.
func TestALargePNGKeepsWithinItsSide(t *testing.T) {
	withoutGraphviz(t)
	g := tree(300, func(i int) int { return i - 1 }) // a line, some 33,000 pixels long in SVG
	img, err := png.Decode(bytes.NewReader(written(t, g, "line.png")))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if side := max(img.Bounds().Dx(), img.Bounds().Dy()); side > pngMaxSide || side < pngMaxSide*3/4 {
		t.Errorf("the PNG is %v, want its longer side within %d pixels, and near it", img.Bounds().Size(), pngMaxSide)
	}
}

func TestTheSameNetworkIsDrawnTheSameWay(t *testing.T) {
	withoutGraphviz(t)
	var a, b bytes.Buffer
	if err := WriteSVG(&a, testNetwork(t)); err != nil {
		t.Fatal(err)
	}
	if err := WriteSVG(&b, testNetwork(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two drawings of the same network differ")
	}
}

func TestTheLayoutKeepsVerticesApart(t *testing.T) {
	for _, size := range []int{2, 10, 100} {
		g := tree(size, func(i int) int { return i - 1 }) // a line
		d := newDrawing(g)
		d.place(g)
		closest := 1e9
		for i, v := range d.vertices {
			for _, w := range d.vertices[i+1:] {
				closest = min(closest, (v.x-w.x)*(v.x-w.x)+(v.y-w.y)*(v.y-w.y))
			}
		}
		if closest < 0.2*0.2 {
			t.Errorf("%d nodes: two are %.3f apart, edges about 1", size, closest)
		}
	}
}

// TestNetJSONIsANetworkGraph checks the exported JSON against the
// required fields and types of NetJSON's NetworkGraph schema
// (schema/network-graph.json of the netjson repository): an object with
// type "NetworkGraph", strings protocol, version and metric, nodes (each
// an object with a string id, unique; label a string, local_addresses
// unique strings, properties an object, when given) and links (each an
// object with strings source and target and a number cost; cost_text a
// string, properties an object, when given; no two alike). Then that it
// says what the network is.
func TestNetJSONIsANetworkGraph(t *testing.T) {
	g := testNetwork(t)
	var b bytes.Buffer
	if err := WriteNetJSON(&b, g); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["type"] != "NetworkGraph" {
		t.Errorf("type %v, want NetworkGraph", doc["type"])
	}
	for _, k := range []string{"protocol", "version", "metric", "label"} {
		if _, ok := doc[k].(string); !ok {
			t.Errorf("%s is %T, want a string", k, doc[k])
		}
	}
	nodes, ok1 := doc["nodes"].([]any)
	links, ok2 := doc["links"].([]any)
	if !ok1 || !ok2 {
		t.Fatalf("nodes %T, links %T: want arrays", doc["nodes"], doc["links"])
	}
	ids := map[string]map[string]any{}
	for i, v := range nodes {
		n, ok := v.(map[string]any)
		id, isString := n["id"].(string)
		if !ok || !isString || ids[id] != nil {
			t.Fatalf("nodes[%d] = %v: want an object with a string id, unique", i, v)
		}
		ids[id] = n
		checkOptional(t, fmt.Sprintf("nodes[%d]", i), n, "label", "local_addresses", "properties")
	}
	seen := map[string]bool{}
	byName := map[string][]map[string]any{}
	for i, v := range links {
		l, ok := v.(map[string]any)
		src, ok1 := l["source"].(string)
		dst, ok2 := l["target"].(string)
		_, ok3 := l["cost"].(float64)
		if !ok || !ok1 || !ok2 || !ok3 || ids[src] == nil || ids[dst] == nil {
			t.Fatalf("links[%d] = %v: want an object with source and target (node ids) and a number cost", i, v)
		}
		checkOptional(t, fmt.Sprintf("links[%d]", i), l, "cost_text", "properties")
		key, _ := json.Marshal(l)
		if seen[string(key)] {
			t.Errorf("links[%d] is there twice", i)
		}
		seen[string(key)] = true
		name := l["properties"].(map[string]any)["name"].(string)
		byName[name] = append(byName[name], l)
	}
	// What it says: every link, its kind, settings and counters.
	for _, want := range g.Links {
		lines := byName[want.Name]
		if len(lines) != max(len(want.Ends)-boolInt(!want.Hub()), 0) {
			t.Errorf("link %s is %d NetJSON links, want one per line drawn", want.Name, len(lines))
			continue
		}
		for _, l := range lines {
			p := l["properties"].(map[string]any)
			if p["kind"] != "virtual" || p["up"] != want.Up || p["offered"] != float64(want.Stats.Offered) ||
				p["dropped"] != float64(want.Stats.Dropped()) || p["loss"] != want.Imp.Loss || p["delay"] != want.Imp.Delay.Seconds() {
				t.Errorf("link %s's properties %v do not match the link %+v", want.Name, p, want)
			}
		}
	}
	if p := ids["lan"]["properties"].(map[string]any); p["hub"] != true {
		t.Errorf("the hub of lan has properties %v", p)
	}
	if addrs := ids["a"]["local_addresses"].([]any); len(addrs) != 3 || addrs[0] != g.Nodes[0].MACs[0] {
		t.Errorf("a's local addresses %v, want its 3 MACs", addrs)
	}
}

// checkOptional checks the types of the optional fields of a NetJSON
// object: label and cost_text strings, properties an object,
// local_addresses unique strings.
func checkOptional(t *testing.T, where string, o map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		v, there := o[k]
		if !there {
			continue
		}
		ok := false
		switch k {
		case "label", "cost_text":
			_, ok = v.(string)
		case "properties":
			_, ok = v.(map[string]any)
		case "local_addresses":
			list, isList := v.([]any)
			ok = isList
			seen := map[any]bool{}
			for _, a := range list {
				_, isString := a.(string)
				ok = ok && isString && !seen[a]
				seen[a] = true
			}
		}
		if !ok {
			t.Errorf("%s.%s = %v (%T): not of the schema's type", where, k, v, v)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestUnknownFormatsAreRefused(t *testing.T) {
	_, err := Write(filepath.Join(t.TempDir(), "net.txt"), testNetwork(t))
	if err == nil || !strings.Contains(err.Error(), `net.txt": name a file ending in .dot, .json, .svg, .png`) {
		t.Errorf("writing net.txt: %v", err)
	}
}

// BenchmarkBuiltinSVG draws a random tree of 1,000 nodes with the
// built-in layout.
func BenchmarkBuiltinSVG(b *testing.B) {
	rng := runtime.NewRand(1)
	g := tree(1000, func(i int) int { return int(rng.Intn(int64(i))) })
	for b.Loop() {
		if err := WriteSVG(&bytes.Buffer{}, g); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNodesWithPlacesAreDrawnThere gives the nodes of a line places on
// the plane: the built-in SVG and graphviz's draw them there (left to
// right, the hub between its nodes), not where a layout would.
func TestNodesWithPlacesAreDrawnThere(t *testing.T) {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	l1 := nettest.Link(t, nw, "l1", runtime.Impairments{})
	lan := nettest.Link(t, nw, "lan", runtime.Impairments{})
	places := map[string][2]float64{"a": {0, 0}, "b": {100, 0}, "c": {200, 0}, "d": {300, 0}}
	nettest.Node(t, nw, "a", &runtime.Sink{}, l1)
	nettest.Node(t, nw, "b", &runtime.Sink{}, l1, lan)
	nettest.Node(t, nw, "c", &runtime.Sink{}, lan)
	nettest.Node(t, nw, "d", &runtime.Sink{}, lan)
	g := FromNetwork(nw, testInfo{places})
	if !g.Placed() {
		t.Fatal("the graph's nodes have no places")
	}
	check := func(t *testing.T, svg []byte) {
		xs := map[string]float64{}
		dec := xml.NewDecoder(bytes.NewReader(svg))
		var title string
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch e := tok.(type) {
			case xml.CharData:
				if s := strings.TrimSpace(string(e)); s != "" && title == "?" {
					title = s
				}
			case xml.StartElement:
				switch e.Name.Local {
				case "title":
					title = "?"
				case "ellipse", "rect", "polygon", "path": // the first shape after a title: its x
					for _, a := range e.Attr {
						if a.Name.Local == "cx" || a.Name.Local == "x" || a.Name.Local == "points" || a.Name.Local == "d" {
							var x float64
							fmt.Sscanf(strings.TrimPrefix(a.Value, "M"), "%g", &x)
							if _, seen := xs[title]; !seen && title != "?" {
								xs[title] = x
							}
						}
					}
				}
			}
		}
		if !(xs["a"] < xs["b"] && xs["b"] < xs["c"] && xs["c"] < xs["d"] && xs["b"] < xs["lan"] && xs["lan"] < xs["d"]) {
			t.Errorf("the nodes are drawn at x %v; want a, b, c, d from left to right and lan between b and d", xs)
		}
	}
	t.Run("built-in", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteSVG(&b, g); err != nil {
			t.Fatal(err)
		}
		check(t, b.Bytes())
	})
	t.Run("graphviz", func(t *testing.T) { check(t, graphvizSVG(t, g)) })
}

func TestABusyPictureKeepsLinkLabelsInTooltips(t *testing.T) {
	for _, links := range []int{busyLinks, busyLinks + 1} {
		g := tree(links+1, func(i int) int { return i - 1 })
		var dot, svg bytes.Buffer
		if err := WriteDOT(&dot, g); err != nil {
			t.Fatal(err)
		}
		if err := WriteSVG(&svg, g); err != nil {
			t.Fatal(err)
		}
		labelled := strings.Count(dot.String(), `[label="l`)
		tooltips := strings.Count(dot.String(), `[tooltip="l`)
		texts := strings.Count(svg.String(), `<tspan x="`) - len(g.Nodes) // a node's name is one
		if busy := links > busyLinks; busy && (labelled != 0 || tooltips != links || texts != 0) ||
			!busy && (labelled != links || tooltips != 0 || texts != 2*links) { // a name and the counters
			t.Errorf("%d links: %d labelled lines and %d tooltips in the DOT, %d lines of link text in the SVG", links, labelled, tooltips, texts)
		}
	}
}
