package main

import (
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// svgTitles returns the titles of the groups of class "node" in an SVG,
// in order (graphviz's SVG and meshlua's own have one per node).
func svgTitles(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var titles []string
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if start, ok := tok.(xml.StartElement); ok && start.Name.Local == "g" && slices.Contains(start.Attr, xml.Attr{Name: xml.Name{Local: "class"}, Value: "node"}) {
			var g struct {
				Title string `xml:"title"`
			}
			if err := dec.DecodeElement(&g, &start); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			titles = append(titles, g.Title)
		}
	}
	return titles
}

func TestExportDrawsTheNetworkTheScriptBuilt(t *testing.T) {
	needTool(t, "dot") // CI has graphviz; without it the SVG is meshlua's own
	script := writeScript(t, "net.lua", `
local n = tonumber(arg[1])
mesh.topo.ring(n)
mesh.run(1)
print("built", #mesh.nodes())`)
	dir := t.TempDir()
	for _, out := range []string{"ring.svg", "ring.dot"} {
		path := filepath.Join(dir, out)
		status, stdout, stderr := meshlua(t, "export", "--seed", "3", script, path, "5")
		if status != 0 || stdout != "built\t5\n" {
			t.Fatalf("meshlua export %s: status %d, stdout %q, stderr %q", out, status, stdout, stderr)
		}
	}
	if got := svgTitles(t, filepath.Join(dir, "ring.svg")); !slices.Equal(got, []string{"n1", "n2", "n3", "n4", "n5"}) {
		t.Errorf("the SVG's nodes are %q, want n1 to n5", got)
	}
	if out, err := exec.Command("dot", "-Tsvg", "-o", filepath.Join(dir, "dot.svg"), filepath.Join(dir, "ring.dot")).CombinedOutput(); err != nil {
		t.Fatalf("dot cannot render the exported DOT: %v\n%s", err, out)
	}
	if got := svgTitles(t, filepath.Join(dir, "dot.svg")); len(got) != 5 {
		t.Errorf("dot drew the nodes %q, want 5", got)
	}
}

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	boom := writeScript(t, "boom.lua", "mesh.node('a')\nerror('boom')\n")
	ok := writeScript(t, "ok.lua", "mesh.node('a')\n")
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"export", ok}, 2, "meshlua: export needs a script and the file to write: meshlua export FILE.lua OUT.svg\n"},
		{[]string{"export", ok, filepath.Join(dir, "x.txt")}, 2, `meshlua: export: cannot write "` + filepath.Join(dir, "x.txt") + `": name a file ending in .dot, .json, .svg, .png` + "\n"},
		{[]string{"export", "--sede", "1", ok, filepath.Join(dir, "x.svg")}, 2, "meshlua: unknown option --sede (did you mean --seed?)\n"},
		{[]string{"export", boom, filepath.Join(dir, "boom.svg")}, 1, "meshlua: " + boom + ":2: boom\n"},
		{[]string{"export", ok, filepath.Join(dir, "no", "such", "x.json")}, 1, "meshlua: export: open " + filepath.Join(dir, "no", "such", "x.json") + ": no such file or directory\n"},
	} {
		status, _, stderr := meshlua(t, c.args...)
		if status != c.status || !strings.HasPrefix(stderr, c.stderr) {
			t.Errorf("meshlua %v: status %d, stderr %q; want %d and %q", c.args, status, stderr, c.status, c.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed exports left %v", entries)
	}
}

// svgEllipses returns the centres and vertical radii of the ellipses (the
// nodes) of meshlua's own SVG, by the title of their group.
func svgEllipses(t *testing.T, path string) map[string][3]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][3]float64{}
	re := regexp.MustCompile(`<g class="node"><title>([^<]*)</title>.*?<ellipse cx="([\d.]+)" cy="([\d.]+)" rx="[\d.]+" ry="([\d.]+)"`)
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		var v [3]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+2], 64)
		}
		found[m[1]] = v
	}
	return found
}

// Without graphviz, meshlua export draws a PNG itself: twice the size of
// its own SVG of the same network, white, with each node's fill where the
// SVG has the node; and it says it drew it.
func TestExportDrawsAPNGWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	script := writeScript(t, "net.lua", "mesh.topo.star(4, {link = {delay = '1ms'}})\nmesh.run(1)\n")
	dir := t.TempDir()
	for _, out := range []string{"net.svg", "net.png"} {
		path := filepath.Join(dir, out)
		status, _, stderr := meshlua(t, "export", script, path)
		if want := "meshlua: export: " + path + " drawn by meshlua's own layout (graphviz's neato is not installed)\n"; status != 0 || stderr != want {
			t.Fatalf("meshlua export %s: status %d, stderr %q, want %q", out, status, stderr, want)
		}
	}
	f, err := os.Open(filepath.Join(dir, "net.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "net.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var w, h int
	if _, err := fmt.Sscanf(string(svg[strings.Index(string(svg), "<svg "):]), `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d"`, &w, &h); err != nil {
		t.Fatalf("the SVG's size: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 2*w || got.Y != 2*h {
		t.Errorf("the PNG is %v, want twice the SVG's %dx%d", got, w, h)
	}
	nodes := svgEllipses(t, filepath.Join(dir, "net.svg"))
	if len(nodes) != 4 {
		t.Fatalf("the SVG has nodes %v, want the star's 4", nodes)
	}
	for name, n := range nodes {
		// below the name, inside the ellipse
		r, g, b, _ := img.At(int(2*n[0]), int(2*(n[1]+n[2]*0.6))).RGBA()
		if got := fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8); got != "#dbe8f6" {
			t.Errorf("node %s: the PNG has %s where the SVG has it, want its fill #dbe8f6", name, got)
		}
	}
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Errorf("the background is not white")
	}
}
