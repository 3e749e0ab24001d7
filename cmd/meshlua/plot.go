package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/meshlua/meshlua/internal/chart"
	"github.com/meshlua/meshlua/internal/sweep"
)

// plotOptions are the command line of meshlua plot.
type plotOptions struct {
	x, y, by string
	out      string // the images' path without .svg and .png
	help     bool
	from     string // the sweep's folder or the table's file
}

// flags is the flag set of meshlua plot, which sets o's fields.
func (o *plotOptions) flags() *flag.FlagSet {
	fs := newFlagSet("meshlua plot")
	fs.StringVar(&o.x, "x", "", "the parameter (or column) `NAME` along the x axis")
	fs.StringVar(&o.y, "y", "", "the result (or column) `NAME` along the y axis")
	fs.StringVar(&o.by, "by", "", "draw a line per value of the parameter `NAME`")
	fs.StringVar(&o.out, "out", "", "write `BASE`.svg and BASE.png (default: beside the table, named after --y, --x and --by)")
	for _, name := range []string{"h", "help"} {
		fs.BoolVar(&o.help, name, false, "print this usage")
	}
	return fs
}

// plotSynopsis is what follows `meshlua plot` in a usage's first line.
func plotSynopsis() string {
	return "DIR|FILE.csv --x NAME --y NAME [--by NAME] [--out BASE]"
}

// writePlotUsage writes the usage of meshlua plot.
func writePlotUsage(w io.Writer) {
	fmt.Fprintf(w, `usage: meshlua plot %s
  draws a sweep's summary (DIR/summary.csv: the mean of the result --y
  against the parameter --x, with its 95%% confidence interval) or a table
  of numbers such as a --series file (the column --y against the column
  --x) as a line chart, to SVG and PNG
`, plotSynopsis())
	writeOptions(w, new(plotOptions).flags())
}

// parse reads the command line of meshlua plot.
func (o *plotOptions) parse(argv []string) error {
	words, rest, err := parseInterleaved(o.flags(), argv)
	switch {
	case err != nil:
		return err
	case o.help:
		return nil
	case len(words)+len(rest) != 1:
		return errors.New("give one sweep folder or CSV file to draw: meshlua plot DIR --x NAME --y NAME")
	case o.x == "" || o.y == "":
		return errors.New("give the columns to draw: --x NAME --y NAME")
	}
	o.from = append(words, rest...)[0]
	return nil
}

// runPlot is `meshlua plot ARGS...`; it returns the exit status.
func runPlot(argv []string, stdout, stderr io.Writer, _ *signals) int {
	var o plotOptions
	if status, done := usageFirst("plot", o.parse(argv), &o.help, writePlotUsage, stdout, stderr); done {
		return status
	}
	base, err := o.draw()
	if err != nil {
		fmt.Fprintf(stderr, "meshlua plot: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s.svg\n%s.png\n", base, base)
	return 0
}

// draw reads the table, draws it and returns the images' base path.
func (o *plotOptions) draw() (string, error) {
	path := o.from
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, sweep.SummaryFile)
	}
	t, err := chart.ReadTable(path)
	if err != nil {
		return "", err
	}
	var c *chart.Chart
	if t.IsSummary() {
		c, err = chart.FromSummary(t, o.x, o.y, o.by)
	} else if o.by != "" {
		err = fmt.Errorf("--by %s: %s is not a sweep's summary: it has no parameters", o.by, path)
	} else {
		c, err = chart.FromSeries(t, o.x, o.y)
	}
	if err != nil {
		return "", err
	}
	base := o.out
	if base == "" {
		base = filepath.Join(filepath.Dir(path), imageName(o.y, o.x, o.by))
	}
	return base, c.Write(base)
}

// imageName is the default name of a chart's images, without extension:
// delivery-loss, delivery-loss-n.
func imageName(names ...string) string {
	var parts []string
	for _, n := range names {
		if n != "" {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "-")
}

// plotSweep draws each result of a sweep's summary, written in dir,
// against its first parameter that takes several values, a line per value
// of the second, if there is one: what meshlua sweep --plot draws.
func plotSweep(dir string, s *sweep.Summary) error {
	var varied []string
	for _, p := range s.Params {
		if len(p.Values) > 1 {
			varied = append(varied, p.Name)
		}
	}
	switch {
	case len(varied) == 0:
		return errors.New("no parameter takes several values: there is no line to draw")
	case len(varied) > 2:
		return fmt.Errorf("%d parameters take several values: draw the summary with meshlua plot %s --x NAME --y RESULT --by NAME", len(varied), dir)
	}
	o := plotOptions{from: dir, x: varied[0]}
	if len(varied) == 2 {
		o.by = varied[1]
	}
	var done []string
	for _, r := range s.Rows {
		if slices.Contains(done, r.Result) {
			continue
		}
		done = append(done, r.Result)
		o.y = r.Result
		if _, err := o.draw(); err != nil {
			return err
		}
	}
	return nil
}
