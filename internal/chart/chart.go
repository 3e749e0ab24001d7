// Package chart draws line charts of a sweep's summary or of a time
// series, with the 95% confidence interval of each point as an error bar,
// to SVG and PNG, with gonum's plot.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/meshlua/meshlua/internal/wholefile"
)

// Point is a point of a line: x, y, and the interval [Low, High] around y
// (NaN for none).
type Point struct{ X, Y, Low, High float64 }

// Line is a line of a chart: its label in the legend ("" for none) and
// its points, in the order they are joined.
type Line struct {
	Label  string
	Points []Point
}

// Chart is a line chart: its title, the axes' labels and the lines.
type Chart struct {
	Title, X, Y string
	Lines       []Line
}

// Size is the size of the images drawn.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
)

// Color is the colour of the line i (from 0) of a chart.
func Color(i int) color.Color { return plotutil.Color(i) }

// Write draws the chart to base.svg and base.png, each written whole.
func (c *Chart) Write(base string) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	for _, format := range []string{"svg", "png"} {
		w, err := p.WriterTo(Width, Height, format)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if _, err := w.WriteTo(&b); err != nil {
			return err
		}
		if err := wholefile.Write(base+"."+format, b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// plot makes the chart's plot: each line in its colour with a glyph at
// each point, and the intervals as error bars of the same colour.
func (c *Chart) plot() (*plot.Plot, error) {
	if len(c.Lines) == 0 {
		return nil, fmt.Errorf("nothing to draw")
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.X
	p.Y.Label.Text = c.Y
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	for i, l := range c.Lines {
		xys := make(plotter.XYs, len(l.Points))
		for j, pt := range l.Points {
			xys[j] = plotter.XY{X: pt.X, Y: pt.Y}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", l.Label, err)
		}
		line.Color = Color(i)
		points.Color = Color(i)
		points.Shape = plotutil.Shape(i)
		p.Add(line, points)
		if l.Label != "" {
			p.Legend.Add(l.Label, line, points)
		}
		if bars := errorBars(l.Points); len(bars.XYs) > 0 {
			eb, err := plotter.NewYErrorBars(bars)
			if err != nil {
				return nil, fmt.Errorf("line %q: %v", l.Label, err)
			}
			eb.Color = Color(i)
			p.Add(eb)
		}
	}
	return p, nil
}

// intervals are the error bars of a line's points that have an interval.
type intervals struct {
	plotter.XYs
	plotter.YErrors
}

func errorBars(points []Point) intervals {
	var b intervals
	for _, pt := range points {
		if math.IsNaN(pt.Low) || math.IsNaN(pt.High) {
			continue
		}
		b.XYs = append(b.XYs, plotter.XY{X: pt.X, Y: pt.Y})
		b.YErrors = append(b.YErrors, struct{ Low, High float64 }{pt.Y - pt.Low, pt.High - pt.Y})
	}
	return b
}
