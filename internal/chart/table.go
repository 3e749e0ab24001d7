package chart

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/meshlua/meshlua/internal/suggest"
	"github.com/meshlua/meshlua/internal/sweep"
)

// Table is a CSV file read whole: its header and rows.
type Table struct {
	Path   string
	Header []string
	Rows   [][]string
}

// ReadTable reads the CSV file at path; its first row is the header.
func ReadTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%s: empty: want a header, then rows", path)
	}
	return &Table{Path: path, Header: records[0], Rows: records[1:]}, nil
}

// column is the index of the column called name, or an error naming the
// option that asked for it and the columns there are.
func (t *Table) column(option, name string, among []string) (int, error) {
	if i := slices.Index(t.Header, name); i >= 0 && slices.Contains(among, name) {
		return i, nil
	}
	msg := fmt.Sprintf("%s %s: %s has no column %q", option, name, t.Path, name)
	if near := suggest.Typo(name, among); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return 0, fmt.Errorf("%s; it has %s", msg, strings.Join(among, ", "))
}

// number reads the cell of row at column i as a number; "" is NaN.
func (t *Table) number(row []string, i int) (float64, error) {
	if row[i] == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(row[i], 64)
	if err != nil {
		return 0, fmt.Errorf("%s: column %s: %q is not a number", t.Path, t.Header[i], row[i])
	}
	return v, nil
}

// IsSummary reports whether the table is a sweep's summary.csv.
func (t *Table) IsSummary() bool {
	n := len(t.Header) - len(sweep.SummaryColumns)
	return n >= 0 && slices.Equal(t.Header[n:], sweep.SummaryColumns)
}

// FromSummary is the chart of a sweep's summary: the mean of the result y
// against the parameter x, with its confidence interval, a line per value
// of the parameter by ("" for one line). Every other parameter must have
// one value in the table.
func FromSummary(t *Table, x, y, by string) (*Chart, error) {
	params := t.Header[:len(t.Header)-len(sweep.SummaryColumns)]
	col := func(name string) int { return slices.Index(t.Header, name) }
	xi, err := t.column("--x", x, params)
	if err != nil {
		return nil, err
	}
	bi := -1
	if by != "" {
		if bi, err = t.column("--by", by, params); err != nil {
			return nil, err
		}
	}
	var results []string
	for _, row := range t.Rows {
		if r := row[col("result")]; !slices.Contains(results, r) {
			results = append(results, r)
		}
	}
	if !slices.Contains(results, y) {
		msg := fmt.Sprintf("--y %s: %s has no result %q", y, t.Path, y)
		if near := suggest.Typo(y, results); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return nil, fmt.Errorf("%s; its results are %s", msg, strings.Join(results, ", "))
	}
	for i, p := range params {
		if i == xi || i == bi {
			continue
		}
		if vs := distinct(t.Rows, i); len(vs) > 1 {
			return nil, fmt.Errorf("%s has several values of %s (%s): give --by %s, or --x %s", t.Path, p, strings.Join(vs, ", "), p, p)
		}
	}
	c := &Chart{X: x, Y: y, Title: y + " (mean, 95% confidence interval)"}
	index := map[string]int{}
	for _, row := range t.Rows {
		if row[col("result")] != y {
			continue
		}
		var pt Point
		for _, f := range []struct {
			to   *float64
			name string
		}{{&pt.X, x}, {&pt.Y, "mean"}, {&pt.Low, "ci95_low"}, {&pt.High, "ci95_high"}} {
			if *f.to, err = t.number(row, col(f.name)); err != nil {
				return nil, err
			}
		}
		if math.IsNaN(pt.X) || math.IsNaN(pt.Y) {
			continue
		}
		label := ""
		if bi >= 0 {
			label = by + "=" + row[bi]
		}
		i, ok := index[label]
		if !ok {
			i = len(c.Lines)
			index[label] = i
			c.Lines = append(c.Lines, Line{Label: label})
		}
		c.Lines[i].Points = append(c.Lines[i].Points, pt)
	}
	for _, l := range c.Lines {
		sort.SliceStable(l.Points, func(a, b int) bool { return l.Points[a].X < l.Points[b].X })
	}
	return c, nil
}

// distinct are the values of column i, in the order first met.
func distinct(rows [][]string, i int) []string {
	var vs []string
	for _, row := range rows {
		if !slices.Contains(vs, row[i]) {
			vs = append(vs, row[i])
		}
	}
	return vs
}

// FromSeries is the chart of a table of numbers, such as the series file
// meshlua --series writes: the column y against the column x, a point per
// row that has both.
func FromSeries(t *Table, x, y string) (*Chart, error) {
	xi, err := t.column("--x", x, t.Header)
	if err != nil {
		return nil, err
	}
	yi, err := t.column("--y", y, t.Header)
	if err != nil {
		return nil, err
	}
	c := &Chart{X: x, Y: y, Title: y, Lines: []Line{{}}}
	for _, row := range t.Rows {
		pt := Point{Low: math.NaN(), High: math.NaN()}
		if pt.X, err = t.number(row, xi); err != nil {
			return nil, err
		}
		if pt.Y, err = t.number(row, yi); err != nil {
			return nil, err
		}
		if !math.IsNaN(pt.X) && !math.IsNaN(pt.Y) {
			c.Lines[0].Points = append(c.Lines[0].Points, pt)
		}
	}
	return c, nil
}
