package bindings

import (
	"fmt"
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// meshReport is mesh.report{name = number, ...}: record results, merged
// with those reported before (a later value of a name replaces the
// earlier); names new to the run become result columns, in the order
// first reported (in name order within one call). It returns every
// result so far, as a new table; mesh.report() only returns them.
func (h *Host) meshReport(L *lua.LState) int {
	if t := L.OptTable(1, nil); t != nil {
		got := map[string]float64{}
		t.ForEach(func(k, v lua.LValue) {
			name, ok := k.(lua.LString)
			if !ok || !ColumnName.MatchString(string(name)) {
				L.RaiseError("mesh.report: a result's name is a letter or _, then letters, digits or _ (got %s)", describe(k))
			}
			n, ok := v.(lua.LNumber)
			if !ok {
				L.RaiseError("mesh.report: result %s: want a number, got %s", name, describe(v))
			}
			got[string(name)] = float64(n)
		})
		names := make([]string, 0, len(got))
		for name := range got {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			h.exp.setResult(name, got[name])
		}
	}
	t := L.NewTable()
	for _, r := range h.exp.results {
		t.RawSetString(r.name, lua.LNumber(r.value))
	}
	L.Push(t)
	return 1
}

func (e *experiment) setResult(name string, v float64) {
	for i := range e.results {
		if e.results[i].name == name {
			e.results[i].value = v
			return
		}
	}
	e.results = append(e.results, namedNumber{name, v})
}

// Reported reports whether the script reported any result.
func (h *Host) Reported() bool { return len(h.exp.results) > 0 }

// WriteResults prints the results reported, a line each ("delivery
// 0.81"), in the order they were first reported.
func (h *Host) WriteResults() {
	width := 0
	for _, r := range h.exp.results {
		width = max(width, len(r.name))
	}
	for _, r := range h.exp.results {
		fmt.Fprintf(h.out, "%-*s  %s\n", width, r.name, formatNumber(r.value))
	}
	h.flush()
}

// Outcome is how a run ended, as its report records it.
type Outcome struct {
	Status string // "ok", "error" or "interrupted"
	Error  string // the error that ended it, if any
}

// WriteReport writes the run's report to path as JSON, replacing the file
// whole (never leaving a part of it): how the run ended, its seed, the
// network time reached, the parameters the script read (with the values
// it got), the results it reported, and warnings about parameters given
// but never read.
func (h *Host) WriteReport(path string, how Outcome) error {
	params := jsonObject{}
	for _, p := range h.exp.read {
		params = append(params, jsonField{p.name, jsonValue(p.value)})
	}
	results := jsonObject{}
	for _, r := range h.exp.results {
		results = append(results, jsonField{r.name, jsonNumber(r.value)})
	}
	report := jsonObject{{"status", how.Status}}
	if how.Error != "" {
		report = append(report, jsonField{"error", how.Error})
	}
	report = append(report, jsonObject{
		{"seed", h.Net.Seed()},
		{"time", jsonNumber(h.Net.Now().Seconds())},
		{"params", params},
		{"results", results},
	}...)
	if w := h.UnreadParams(); len(w) > 0 {
		report = append(report, jsonField{"warnings", w})
	}
	return writeJSON(path, report)
}

// describe is a value as messages show it: a string quoted, a number as
// it is, anything else by its type.
func describe(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return fmt.Sprintf("%q", string(v))
	case lua.LNumber:
		return v.String()
	}
	return v.Type().String()
}
