package bindings

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/internal/wholefile"
)

// series is a time series a script records: every period, at the
// multiples of the period on the network's clock, its function's result
// is a row. A function that returns a number fills one column, named
// after the series; one that returns a table fills a column per key
// (NAME.KEY in files), in the order the keys first appeared (in key
// order within one sample).
type series struct {
	name    string
	where   string   // where the script made it, "x.lua:5:", for messages
	keys    []string // the columns' keys; "" is a number's column
	rows    []sample // in time order
	sampler *callback
}

// sample is one row of a series: the values of its columns at a time,
// NaN where a column has no value; columns made after the row are left
// out.
type sample struct {
	at     time.Duration
	values []float64
}

// seriesTypeName is the type of series objects.
const seriesTypeName = "mesh.series"

// seriesType is the series object: s.name, s.period, s:rows(), s:cancel().
var seriesType = &objectType[*series]{
	name:  seriesTypeName,
	check: checkSeries,
	fields: map[string]func(*series) lua.LValue{
		"name":   func(s *series) lua.LValue { return lua.LString(s.name) },
		"period": func(s *series) lua.LValue { return luakit.Seconds(s.sampler.period) },
	},
	methods: map[string]func(*Host, *lua.LState) int{
		"rows":   seriesRows,
		"cancel": func(_ *Host, L *lua.LState) int { checkSeries(L, 1).sampler.cancelled = true; return 0 },
	},
	tostring: func(s *series) string {
		return fmt.Sprintf("series %s (every %v; %d rows)", s.name, s.sampler.period, len(s.rows))
	},
}

func checkSeries(L *lua.LState, n int) *series {
	if s, ok := L.CheckUserData(n).Value.(*series); ok {
		return s
	}
	L.ArgError(n, "series expected")
	return nil
}

// meshSeries is mesh.series(name, period, fn): record fn's result every
// period, at the multiples of period from now on (now included).
func (h *Host) meshSeries(L *lua.LState) int {
	name := L.CheckString(1)
	if !ColumnName.MatchString(name) || name == "time" {
		L.ArgError(1, fmt.Sprintf("a series' name is a letter or _, then letters, digits or _, and not time (got %q)", name))
	}
	period := checkPeriod(L, 2)
	fn := L.CheckFunction(3)
	for _, s := range h.exp.series {
		if s.name == name {
			L.RaiseError("mesh.series: there is already a series called %q", name)
		}
	}
	s := &series{name: name, where: L.Where(1)}
	s.sampler = &callback{h: h, what: "mesh.series " + name, fn: fn, period: period, sample: s}
	h.exp.series = append(h.exp.series, s)
	now := h.Net.Now()
	first := (now + period - 1) / period * period
	h.schedule(s.sampler, first)
	return pushObject(L, s, seriesTypeName)
}

// add records v, the series function's result at the time at, as a row.
func (s *series) add(at time.Duration, v lua.LValue) error {
	row := sample{at: at, values: make([]float64, len(s.keys))}
	for i := range row.values {
		row.values[i] = math.NaN()
	}
	set := func(key string, v float64) {
		i := slices.Index(s.keys, key)
		if i < 0 {
			s.keys = append(s.keys, key)
			row.values = append(row.values, math.NaN())
			i = len(s.keys) - 1
		}
		row.values[i] = v
	}
	switch v := v.(type) {
	case *lua.LNilType:
	case lua.LNumber:
		set("", float64(v))
	case *lua.LTable:
		got := map[string]float64{}
		var bad error
		v.ForEach(func(k, x lua.LValue) {
			key, ok := k.(lua.LString)
			n, isNumber := x.(lua.LNumber)
			switch {
			case bad != nil:
			case !ok || !ColumnName.MatchString(string(key)) || key == "time":
				bad = fmt.Errorf("a column's key is a letter or _, then letters, digits or _, and not time (got %s)", describe(k))
			case !isNumber:
				bad = fmt.Errorf("column %s: want a number, got %s", key, describe(x))
			default:
				got[string(key)] = float64(n)
			}
		})
		if bad != nil {
			return fmt.Errorf("%s mesh.series %s: %v", s.where, s.name, bad)
		}
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			set(k, got[k])
		}
	default:
		return fmt.Errorf("%s mesh.series %s: the function must return a number, a table of numbers or nil, got %s", s.where, s.name, describe(v))
	}
	s.rows = append(s.rows, row)
	return nil
}

// column is the name of the column of key in files.
func (s *series) column(key string) string {
	if key == "" {
		return s.name
	}
	return s.name + "." + key
}

// seriesRows is s:rows(): a list of the rows so far, each a table with
// time and the row's values by key (a number's under the series' name).
func seriesRows(_ *Host, L *lua.LState) int {
	s := checkSeries(L, 1)
	t := L.CreateTable(len(s.rows), 0)
	for _, r := range s.rows {
		row := L.CreateTable(0, len(r.values)+1)
		row.RawSetString("time", luakit.Seconds(r.at))
		for i, v := range r.values {
			if !math.IsNaN(v) {
				key := s.keys[i]
				if key == "" {
					key = s.name
				}
				row.RawSetString(key, lua.LNumber(v))
			}
		}
		t.Append(row)
	}
	L.Push(t)
	return 1
}

// WriteSeries writes every series the script recorded to path, as CSV, or
// as JSON lines if path ends in .jsonl: one row per sample time of any
// series, in time order; the column time, then each series' columns in
// the order they were made. A column without a value at a row's time is
// empty in CSV and absent in JSON lines.
func (h *Host) WriteSeries(path string) error {
	var header []string
	for _, s := range h.exp.series {
		for _, k := range s.keys {
			header = append(header, s.column(k))
		}
	}
	var times []time.Duration
	for _, s := range h.exp.series {
		for _, r := range s.rows {
			times = append(times, r.at)
		}
	}
	slices.Sort(times)
	times = slices.Compact(times)
	next := make([]int, len(h.exp.series)) // each series' next row
	row := func(t time.Duration) []float64 {
		var values []float64
		for i, s := range h.exp.series {
			var r *sample
			if next[i] < len(s.rows) && s.rows[next[i]].at == t {
				r = &s.rows[next[i]]
				next[i]++
			}
			for j := range s.keys {
				v := math.NaN()
				if r != nil && j < len(r.values) {
					v = r.values[j]
				}
				values = append(values, v)
			}
		}
		return values
	}
	var b bytes.Buffer
	if strings.HasSuffix(path, ".jsonl") {
		for _, t := range times {
			line := jsonObject{{"time", t.Seconds()}}
			for i, v := range row(t) {
				if f := jsonNumber(v); f != nil {
					line = append(line, jsonField{header[i], f})
				}
			}
			out, err := json.Marshal(line)
			if err != nil {
				return err
			}
			b.Write(append(out, '\n'))
		}
		return wholefile.Write(path, b.Bytes())
	}
	w := csv.NewWriter(&b)
	w.Write(append([]string{"time"}, header...))
	for _, t := range times {
		record := []string{formatNumber(t.Seconds())}
		for _, v := range row(t) {
			record = append(record, formatNumber(v))
		}
		w.Write(record)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return wholefile.Write(path, b.Bytes())
}
