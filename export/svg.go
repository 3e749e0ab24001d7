package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// WriteSVG draws g as SVG, its nodes at their places if they all have one,
// otherwise where a force-directed layout puts them (see place), shaped as
// graphviz's SVG is: a group of class "node" titled with the node's name
// per node, "node hub" titled with the link's name per hub, and "edge"
// per line, so that the same tools read both.
func WriteSVG(w io.Writer, g *Graph) error {
	pic := newPicture(g)
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="%g">
<title>%s</title>
<rect width="100%%" height="100%%" fill="white"/>
`, pic.width, pic.height, pic.width, pic.height, fontSize, esc(pic.title()))
	pic.paint(svgPainter{b})
	fmt.Fprintln(b, "</svg>")
	return b.Flush()
}

// svgPainter writes a picture's elements as SVG.
type svgPainter struct{ b *bufio.Writer }

var _ painter = svgPainter{}

func (s svgPainter) group(class, title, desc string) {
	fmt.Fprintf(s.b, `<g class="%s"><title>%s</title>`, class, esc(title))
	if desc != "" {
		fmt.Fprintf(s.b, `<desc>%s</desc>`, esc(desc))
	}
}

func (s svgPainter) end() { fmt.Fprintln(s.b, "</g>") }

func (s svgPainter) line(x1, y1, x2, y2 float64, colour string, width float64, dash []float64) {
	fmt.Fprintf(s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%g"%s/>`,
		x1, y1, x2, y2, colour, width, dashAttr(dash))
}

func (s svgPainter) ellipse(cx, cy, rx, ry float64, fill, stroke string, dash []float64) {
	fmt.Fprintf(s.b, `<ellipse cx="%.1f" cy="%.1f" rx="%.1f" ry="%g" fill="%s" stroke="%s"%s/>`,
		cx, cy, rx, ry, fill, stroke, dashAttr(dash))
}

func (s svgPainter) roundRect(x, y, w, h, r float64, fill, stroke string) {
	fmt.Fprintf(s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%g" rx="%g" fill="%s" stroke="%s"/>`,
		x, y, w, h, r, fill, stroke)
}

func (s svgPainter) text(x, y float64, lines []string, colour, halo string, size float64) {
	fmt.Fprintf(s.b, `<text x="%.1f" y="%.1f" text-anchor="middle" dominant-baseline="central" fill="%s" font-size="%g" stroke="%s" stroke-width="3" paint-order="stroke">`,
		x, y, colour, size, halo)
	for i, l := range lines {
		dy := 0.0
		if i > 0 {
			dy = lineH
		}
		fmt.Fprintf(s.b, `<tspan x="%.1f" dy="%g">%s</tspan>`, x, dy, esc(l))
	}
	s.b.WriteString("</text>")
}

// dashAttr is the stroke-dasharray attribute of a dash pattern, or "".
func dashAttr(dash []float64) string {
	if dash == nil {
		return ""
	}
	s := make([]string, len(dash))
	for i, d := range dash {
		s[i] = fmt.Sprintf("%g", d)
	}
	return fmt.Sprintf(` stroke-dasharray="%s"`, strings.Join(s, " "))
}

// esc is s escaped as XML text.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
