package export

import (
	"image/color"
	"io"
	"math"
	"strconv"
	"sync"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngDPI is the resolution of the built-in PNG: a pixel of the SVG is
// two of the PNG's, sharp on a dense screen; but the PNG's longer side
// has at most pngMaxSide pixels, so a large network's picture is drawn
// smaller rather than take gigabytes.
const (
	pngDPI     = 144
	pngMaxSide = 4096
)

// fonts holds the fonts of the built-in PNG (Liberation Sans, a metric
// match of Helvetica and Arial, which the SVG asks for), parsed when the
// first PNG is drawn.
var fonts = sync.OnceValue(func() *font.Cache { return font.NewCache(liberation.Collection()) })

// WritePNG draws g as WriteSVG does, as a PNG twice the SVG's size in
// pixels, or smaller to keep within pngMaxSide.
func WritePNG(w io.Writer, g *Graph) error {
	pic := newPicture(g)
	dpi := min(pngDPI, int(72*pngMaxSide/max(pic.width, pic.height)))
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(pic.width), vg.Length(pic.height)), vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White))
	pic.paint(&vgPainter{c: c, height: pic.height})
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// vgPainter draws a picture on a gonum/plot canvas, whose y grows
// upwards from the bottom.
type vgPainter struct {
	c      vg.Canvas
	height float64
}

var _ painter = (*vgPainter)(nil)

// pt is the canvas's point for x, y from the top left.
func (p *vgPainter) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Length(x), Y: vg.Length(p.height - y)}
}

func (p *vgPainter) group(class, title, desc string) {}

func (p *vgPainter) end() {}

// stroke sets the pen for a line of colour, width and dash.
func (p *vgPainter) stroke(colour string, width float64, dash []float64) {
	p.c.SetColor(parseColour(colour))
	p.c.SetLineWidth(vg.Length(width))
	var ds []vg.Length
	for _, d := range dash {
		ds = append(ds, vg.Length(d))
	}
	p.c.SetLineDash(ds, 0)
}

func (p *vgPainter) line(x1, y1, x2, y2 float64, colour string, width float64, dash []float64) {
	var path vg.Path
	path.Move(p.pt(x1, y1))
	path.Line(p.pt(x2, y2))
	p.stroke(colour, width, dash)
	p.c.Stroke(path)
}

func (p *vgPainter) ellipse(cx, cy, rx, ry float64, fill, stroke string, dash []float64) {
	var path vg.Path
	const steps = 72
	for i := range steps {
		a := 2 * math.Pi * float64(i) / steps
		if q := p.pt(cx+rx*math.Cos(a), cy+ry*math.Sin(a)); i == 0 {
			path.Move(q)
		} else {
			path.Line(q)
		}
	}
	path.Close()
	p.shape(path, fill, stroke, dash)
}

func (p *vgPainter) roundRect(x, y, w, h, r float64, fill, stroke string) {
	var path vg.Path
	corners := []struct{ cx, cy, from float64 }{
		{x + w - r, y + r, -math.Pi / 2}, {x + w - r, y + h - r, 0}, {x + r, y + h - r, math.Pi / 2}, {x + r, y + r, math.Pi},
	}
	for i, c := range corners {
		for j := 0; j <= 8; j++ {
			a := c.from + math.Pi/2*float64(j)/8
			if q := p.pt(c.cx+r*math.Cos(a), c.cy+r*math.Sin(a)); i == 0 && j == 0 {
				path.Move(q)
			} else {
				path.Line(q)
			}
		}
	}
	path.Close()
	p.shape(path, fill, stroke, nil)
}

// shape fills a closed path and draws its outline.
func (p *vgPainter) shape(path vg.Path, fill, stroke string, dash []float64) {
	p.c.SetColor(parseColour(fill))
	p.c.Fill(path)
	p.stroke(stroke, 1, dash)
	p.c.Stroke(path)
}

func (p *vgPainter) text(x, y float64, lines []string, colour, halo string, size float64) {
	face := fonts().Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(size))
	ext := face.Extents()
	for i, l := range lines {
		mid := y + float64(i)*lineH
		w := float64(face.Width(l))
		var back vg.Path
		for j, q := range [][2]float64{{x - w/2 - 1.5, mid - size/2}, {x + w/2 + 1.5, mid - size/2}, {x + w/2 + 1.5, mid + size/2}, {x - w/2 - 1.5, mid + size/2}} {
			if j == 0 {
				back.Move(p.pt(q[0], q[1]))
			} else {
				back.Line(p.pt(q[0], q[1]))
			}
		}
		back.Close()
		p.c.SetColor(parseColour(halo))
		p.c.Fill(back)
		p.c.SetColor(parseColour(colour))
		p.c.FillString(face, p.pt(x-w/2, mid+float64(ext.Ascent-ext.Descent)/2), l)
	}
}

// parseColour reads "#rrggbb", "white" or "black".
func parseColour(s string) color.Color {
	switch s {
	case "white":
		return color.White
	case "black":
		return color.Black
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if len(s) != 7 || s[0] != '#' || err != nil {
		panic("export: bad colour " + s) // the colours are this package's constants
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
