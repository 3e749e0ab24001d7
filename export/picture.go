package export

import (
	"fmt"
	"strings"

	"github.com/meshlua/meshlua/runtime"
)

// The built-in picture's measures, in pixels.
const (
	unit     = 110.0 // the length of a median edge
	margin   = 60.0
	fontSize = 11.0
	charW    = 6.6  // about the width of a character of fontSize
	lineH    = 11.0 // a line of a link's label
)

// painter is what the built-in picture is drawn on: SVG (svgPainter) or
// an image (vgPainter). Coordinates are pixels from the top left; colours
// are "#rrggbb" or "white" and "black"; dash is nil or dash and gap lengths.
type painter interface {
	// group begins a part of the picture (an SVG group of class, with a
	// title and a description) that end closes.
	group(class, title, desc string)
	end()
	line(x1, y1, x2, y2 float64, colour string, width float64, dash []float64)
	ellipse(cx, cy, rx, ry float64, fill, stroke string, dash []float64)
	roundRect(x, y, w, h, r float64, fill, stroke string)
	// text writes lines centred on x, the first on y, with a halo of the
	// colour behind them (where they cross a line).
	text(x, y float64, lines []string, colour, halo string, size float64)
}

// picture is g laid out for drawing: its vertices and edges at their
// places, and the picture's size.
type picture struct {
	g             *Graph
	d             *drawing
	margin        float64
	width, height float64
}

// newPicture lays out g: its nodes at their places if they all have one,
// otherwise where a force-directed layout puts them (see place).
func newPicture(g *Graph) *picture {
	d := newDrawing(g)
	d.place(g)
	margin := margin
	for _, l := range g.Links {
		margin = max(margin, charW*float64(longest(l.label()))/2+10) // a label may stand at the edge
	}
	width, height := 2*margin, 2*margin
	for _, v := range d.vertices {
		width, height = max(width, v.x*unit+2*margin), max(height, v.y*unit+2*margin)
	}
	return &picture{g: g, d: d, margin: margin, width: width, height: height}
}

// title is what the picture shows: the network and its time.
func (pic *picture) title() string {
	return fmt.Sprintf("meshlua network at %s s", runtime.FormatTime(pic.g.Time))
}

// paint draws the picture on p: the links' lines, then the hubs and nodes.
func (pic *picture) paint(p painter) {
	d := pic.d
	at := func(v vertex) (float64, float64) { return pic.margin + v.x*unit, pic.margin + v.y*unit }
	busy := pic.g.busy() // a line's label is then only its title
	for _, e := range d.edges {
		x1, y1 := at(d.vertices[e.a])
		x2, y2 := at(d.vertices[e.b])
		colour, width := linkLine, 1.0
		var dash []float64
		if e.l.Stats.Dropped() > 0 {
			colour, width = dropLine, 2
		}
		if !e.l.Up {
			dash = []float64{6, 4}
		}
		p.group("edge", d.vertices[e.a].name+"--"+d.vertices[e.b].name, strings.Join(e.l.label(), "; "))
		p.line(x1, y1, x2, y2, colour, width, dash)
		if !e.l.Hub() && !busy {
			p.text((x1+x2)/2, (y1+y2)/2, e.l.label(), colour, "white", 9)
		}
		p.end()
	}
	for _, v := range d.vertices {
		x, y := at(v)
		if v.hub != nil {
			colour, text, label := hubLine, "black", v.hub.label()
			if v.hub.Stats.Dropped() > 0 {
				colour, text = dropLine, dropLine
			}
			w, h := float64(longest(label))*charW*9/fontSize+10, float64(len(label))*lineH+6
			p.group("node hub", v.name, "")
			p.roundRect(x-w/2, y-h/2, w, h, 5, hubFill, colour)
			p.text(x, y-float64(len(label)-1)*lineH/2, label, text, hubFill, 9)
			p.end()
			continue
		}
		label, fill := []string{v.name}, nodeFill
		var dash []float64
		if v.node.Stopped {
			label, fill, dash = append(label, "(stopped)"), stoppedFill, []float64{4, 3}
		}
		rx := max(18, charW*float64(longest(label))/2+8)
		p.group("node", v.name, v.node.tooltip())
		p.ellipse(x, y, rx, 9+float64(len(label))*6, fill, nodeLine, dash)
		p.text(x, y-float64(len(label)-1)*lineH/2, label, "black", fill, fontSize)
		p.end()
	}
}

// longest is the length of the longest of lines, in characters.
func longest(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, len([]rune(l)))
	}
	return n
}
