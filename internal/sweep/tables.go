package sweep

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/meshlua/meshlua/internal/wholefile"
)

// The files a sweep writes in its folder.
const (
	RunsFile    = "runs.csv"
	SummaryFile = "summary.csv"
)

// writeTables writes runs.csv and summary.csv over the finished runs and
// returns the summary.
func (o *Outcome) writeTables(c Config) (*Summary, error) {
	var names []string // every result reported, in the order first met
	values := make([]map[string]float64, len(o.records))
	for i, rec := range o.records {
		if rec == nil {
			continue
		}
		rs, err := rec.results()
		if err != nil {
			return nil, err
		}
		values[i] = map[string]float64{}
		for _, r := range rs {
			if !slices.Contains(names, r.name) {
				names = append(names, r.name)
			}
			if r.value != nil {
				values[i][r.name] = *r.value
			}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	var header []string
	for _, p := range c.Params {
		header = append(header, p.Name)
	}
	w.Write(append(append(append(header, "seed"), names...), "wall", "status", "error"))
	for i, rec := range o.records {
		if rec == nil {
			continue
		}
		row := append(slices.Clone(o.Runs[i].Values), strconv.FormatUint(o.Runs[i].Seed, 10))
		for _, name := range names {
			v, ok := values[i][name]
			row = append(row, formatValue(v, ok))
		}
		w.Write(append(row, formatValue(rec.Sweep.Wall, true), rec.Status, rec.Error))
	}
	w.Flush()
	if err := wholefile.Write(filepath.Join(c.Dir, RunsFile), b.Bytes()); err != nil {
		return nil, err
	}
	s := summarise(c.Params, o.Runs, o.records, names, values)
	b.Reset()
	if err := s.WriteCSV(&b); err != nil {
		return nil, err
	}
	return s, wholefile.Write(filepath.Join(c.Dir, SummaryFile), b.Bytes())
}

// formatValue writes a number as briefly as it reads back exactly, or ""
// for a missing one.
func formatValue(v float64, ok bool) string {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
