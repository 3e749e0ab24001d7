package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
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

// WriteSVG draws g as SVG, its nodes at their places if they all have one,
// otherwise where a force-directed layout puts them (see place),, shaped as
// graphviz's SVG is: a group of class "node" titled with the node's name
// per node, "node hub" titled with the link's name per hub, and "edge"
// per line, so that the same tools read both.
func WriteSVG(w io.Writer, g *Graph) error {
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
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="%g">
<title>%s</title>
<rect width="100%%" height="100%%" fill="white"/>
`, width, height, width, height, fontSize, esc(fmt.Sprintf("meshlua network at %s s", runtime.FormatTime(g.Time))))
	at := func(v vertex) (float64, float64) { return margin + v.x*unit, margin + v.y*unit }
	busy := g.busy() // a line's label is then only its title
	for _, e := range d.edges {
		x1, y1 := at(d.vertices[e.a])
		x2, y2 := at(d.vertices[e.b])
		colour, width, dash := linkLine, 1.0, ""
		if e.l.Stats.Dropped() > 0 {
			colour, width = dropLine, 2
		}
		if !e.l.Up {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(b, `<g class="edge"><title>%s</title><desc>%s</desc><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%g"%s/>`,
			esc(d.vertices[e.a].name+"--"+d.vertices[e.b].name), esc(strings.Join(e.l.label(), "; ")), x1, y1, x2, y2, colour, width, dash)
		if !e.l.Hub() && !busy {
			writeLines(b, (x1+x2)/2, (y1+y2)/2, e.l.label(), colour, "white", 9)
		}
		fmt.Fprintln(b, "</g>")
	}
	for _, v := range d.vertices {
		x, y := at(v)
		if v.hub != nil {
			colour, text, label := hubLine, "black", v.hub.label()
			if v.hub.Stats.Dropped() > 0 {
				colour, text = dropLine, dropLine
			}
			w, h := float64(longest(label))*charW*9/fontSize+10, float64(len(label))*lineH+6
			fmt.Fprintf(b, `<g class="node hub"><title>%s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%g" rx="5" fill="%s" stroke="%s"/>`,
				esc(v.name), x-w/2, y-h/2, w, h, hubFill, colour)
			writeLines(b, x, y-float64(len(label)-1)*lineH/2, label, text, hubFill, 9)
			fmt.Fprintln(b, "</g>")
			continue
		}
		label, fill, dash := []string{v.name}, nodeFill, ""
		if v.node.Stopped {
			label, fill, dash = append(label, "(stopped)"), stoppedFill, ` stroke-dasharray="4 3"`
		}
		rx := max(18, charW*float64(longest(label))/2+8)
		fmt.Fprintf(b, `<g class="node"><title>%s</title><desc>%s</desc><ellipse cx="%.1f" cy="%.1f" rx="%.1f" ry="%g" fill="%s" stroke="%s"%s/>`,
			esc(v.name), esc(v.node.tooltip()), x, y, rx, 9+float64(len(label))*6, fill, nodeLine, dash)
		writeLines(b, x, y-float64(len(label)-1)*lineH/2, label, "black", fill, fontSize)
		fmt.Fprintln(b, "</g>")
	}
	fmt.Fprintln(b, "</svg>")
	return b.Flush()
}

// writeLines writes lines of text centred on x, the first on y, with a
// halo of the colour behind them (where they cross a line).
func writeLines(b *bufio.Writer, x, y float64, lines []string, colour, halo string, size float64) {
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" dominant-baseline="central" fill="%s" font-size="%g" stroke="%s" stroke-width="3" paint-order="stroke">`,
		x, y, colour, size, halo)
	for i, l := range lines {
		dy := 0.0
		if i > 0 {
			dy = lineH
		}
		fmt.Fprintf(b, `<tspan x="%.1f" dy="%g">%s</tspan>`, x, dy, esc(l))
	}
	b.WriteString("</text>")
}

// longest is the length of the longest of lines, in characters.
func longest(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, len([]rune(l)))
	}
	return n
}

// esc is s escaped as XML text.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
