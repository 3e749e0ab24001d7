package bindings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// counting has b count a's frames, sent every 0.1 s, arriving 0.01 s later.
const counting = `
local l = mesh.link("l", {delay = 0.01})
mesh.node("a", {links = {l}, program = "node.every(0.1, function() node.broadcast('x') end)"})
local b = mesh.node("b", {links = {l}, program = "counter"})
`

func TestSeriesRowsAreAtMultiplesOfTheirPeriod(t *testing.T) {
	out := mustRun(t, counting+`
mesh.run(0.1)
local s = mesh.series("count", 0.25, function() return b:call("count") end)
mesh.run(2)
local rows, exact = s:rows(), 0
for k, r in ipairs(rows) do
  if r.time == k * 0.25 then exact = exact + 1 end
end
print(s.name, s.period, #rows, exact, rows[1].count, rows[4].count, rows[#rows].time)`)
	// Rows at 0.25, 0.5, ..., 2.0; b has 2 frames at 0.25 s, 9 at 1 s.
	if out != "count\t0.25\t8\t8\t2\t9\t2\n" {
		t.Errorf("got %q", out)
	}
}

func TestSeriesWriteEverySeriesByTime(t *testing.T) {
	h, _, err := runWith(t, nil, counting+`
mesh.series("count", 0.5, function() return b:call("count") end)
local n = 0
local s = mesh.series("net", 1, function()
  n = n + 1
  local st = mesh.stats()
  if n == 2 then return {sent = st.sent, delivered = st.delivered, late = n} end
  if n == 3 then return nil end
  return {sent = st.sent, delivered = st.delivered}
end)
mesh.run(3)
print(s:rows()[2].late)`)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csv, jsonl := filepath.Join(dir, "s.csv"), filepath.Join(dir, "s.jsonl")
	for _, p := range []string{csv, jsonl} {
		if err := h.WriteSeries(p); err != nil {
			t.Fatal(err)
		}
	}
	wantCSV := `time,count,net.delivered,net.sent,net.late
0,0,0,0,
0.5,4,,,
1,9,9,10,2
1.5,14,,,
2,19,,,
2.5,24,,,
3,29,29,30,
`
	wantJSONL := `{"time":0,"count":0,"net.delivered":0,"net.sent":0}
{"time":0.5,"count":4}
{"time":1,"count":9,"net.delivered":9,"net.sent":10,"net.late":2}
{"time":1.5,"count":14}
{"time":2,"count":19}
{"time":2.5,"count":24}
{"time":3,"count":29,"net.delivered":29,"net.sent":30}
`
	for _, f := range []struct{ path, want string }{{csv, wantCSV}, {jsonl, wantJSONL}} {
		if b, _ := os.ReadFile(f.path); string(b) != f.want {
			t.Errorf("%s:\n%s\nwant\n%s", filepath.Base(f.path), b, f.want)
		}
	}
}

func TestSeriesRefuseWhatIsNoNumber(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`mesh.series("s", 1, function() return "many" end) mesh.run(1)`,
			`test.lua:1: mesh.series s: the function must return a number, a table of numbers or nil, got "many"`},
		{`mesh.series("s", 1, function() return {a = true} end) mesh.run(1)`,
			`test.lua:1: mesh.series s: column a: want a number, got boolean`},
		{`mesh.series("s", 1, function() return {1, 2} end) mesh.run(1)`,
			`test.lua:1: mesh.series s: a column's key is a letter or _, then letters, digits or _, and not time (got 1)`},
		{`mesh.series("time", 1, print)`, `a series' name is a letter or _, then letters, digits or _, and not time (got "time")`},
		{`mesh.series("s", 0, print)`, `bad argument #2 to series (a period must be above zero)`},
		{`mesh.series("s", 1, print) mesh.series("s", 2, print)`, `test.lua:1: mesh.series: there is already a series called "s"`},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.src, err, c.want)
		}
	}
}
