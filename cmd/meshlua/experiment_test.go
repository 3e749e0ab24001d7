package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lossyLine is an experiment: a on a lossy link to b, which counts; it
// reads the parameter loss, records a series and reports the delivery (of
// the 500 frames sent, the last is still on its way at the end).
const lossyLine = `
local loss = mesh.param("loss", 0.1)
local l = mesh.link("l", {delay = 0.01, loss = loss})
mesh.node("a", {links = {l}, program = "node.every(0.01, function() node.broadcast('x') end)"})
local b = mesh.node("b", {links = {l}, program = "counter"})
mesh.series("received", 0.5, function() return b:call("count") end)
mesh.run(5)
mesh.report{delivery = b:call("count") / 500, received = b:call("count")}
`

// experimentFiles runs script with args and the options of every output
// file, in dir, and returns the files' contents by option.
func experimentFiles(t *testing.T, dir, script string, args ...string) map[string]string {
	t.Helper()
	files := map[string]string{"--report": "report.json", "--series": "series.csv", "--stats": "stats.json"}
	for option, name := range files {
		args = append(args, option, filepath.Join(dir, name))
	}
	status, out, stderr := meshlua(t, append(args, script)...)
	if status != 0 || out != "" || stderr != "" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, stderr)
	}
	got := map[string]string{}
	for option, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got[option] = string(b)
	}
	return got
}

func TestExperimentFilesRepeatByteForByte(t *testing.T) {
	script := writeScript(t, "lossy.lua", lossyLine)
	first := experimentFiles(t, t.TempDir(), script, "--seed", "3", "--set", "loss=0.3")
	again := experimentFiles(t, t.TempDir(), script, "--seed", "3", "--set", "loss=0.3")
	other := experimentFiles(t, t.TempDir(), script, "--seed", "4", "--set", "loss=0.3")
	for option, b := range first {
		if again[option] != b {
			t.Errorf("%s differs between two runs with the same seed:\n%s\n%s", option, b, again[option])
		}
	}
	if other["--series"] == first["--series"] {
		t.Errorf("seeds 3 and 4 lose the same frames:\n%s", other["--series"])
	}
	var report struct {
		Status  string
		Seed    uint64
		Time    float64
		Params  map[string]any
		Results map[string]float64
	}
	if err := json.Unmarshal([]byte(first["--report"]), &report); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, first["--report"])
	}
	if report.Status != "ok" || report.Seed != 3 || report.Time != 5 || report.Params["loss"] != 0.3 ||
		report.Results["delivery"] < 0.6 || report.Results["delivery"] > 0.8 {
		t.Errorf("report %+v: want status ok, seed 3, time 5, loss 0.3 and a delivery near 0.7", report)
	}
	lines := strings.Split(strings.TrimSpace(first["--series"]), "\n")
	if len(lines) != 12 || lines[0] != "time,received" || !strings.HasPrefix(lines[11], "5,") {
		t.Errorf("series: want a header and rows at 0, 0.5, ..., 5:\n%s", first["--series"])
	}
	var stats struct {
		Network struct {
			Sent     uint64
			InFlight uint64 `json:"in_flight"`
		}
		Links []struct {
			Name  string
			Drops map[string]uint64
		}
	}
	if err := json.Unmarshal([]byte(first["--stats"]), &stats); err != nil {
		t.Fatalf("the stats are not JSON: %v\n%s", err, first["--stats"])
	}
	received := report.Results["received"]
	if n := stats.Network; n.Sent == 0 || len(stats.Links) != 1 || float64(stats.Links[0].Drops["loss"]+n.InFlight)+received != float64(n.Sent) {
		t.Errorf("stats %+v: want every frame sent received, lost or in flight (received %v)", stats, received)
	}
}

func TestResultsPrintWithoutAReportFile(t *testing.T) {
	status, out, stderr := meshlua(t, "--set", "loss=0", writeScript(t, "lossy.lua", lossyLine))
	if status != 0 || out != "delivery  0.998\nreceived  499\n" || stderr != "" {
		t.Errorf("status %d, stdout %q, stderr %q", status, out, stderr)
	}
	status, out, stderr = meshlua(t, "-e", "mesh.node('n') mesh.run(1)")
	if status != 0 || out != "" || stderr != "" {
		t.Errorf("a script that reports nothing printed %q, %q", out, stderr)
	}
}

func TestParamMistakesAreNamed(t *testing.T) {
	script := writeScript(t, "lossy.lua", lossyLine)
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"--set", "lose=0.2", script}, 0,
			`meshlua: warning: --set lose=0.2: the script never read a parameter "lose" (did you mean "loss"?)`},
		{[]string{"--set", "loss=much", script}, 1, `lossy.lua:2: mesh.param: --set loss=much: the parameter wants a number, like its default 0.1`},
		{[]string{"--set", "loss", script}, 2, `meshlua: --set: bad parameter "loss": use NAME=VALUE`},
		{[]string{"--set", "loss=1", "--set", "loss=2", script}, 2, `meshlua: --set: parameter loss given twice (loss=1 and loss=2)`},
		{[]string{"--series", "s.txt", script}, 2, `meshlua: --series: bad file "s.txt": its name ends in .csv (CSV) or .jsonl (JSON lines)`},
		{[]string{"--report", "/nonexistent/r.json", script}, 2, `meshlua: --report: cannot write /nonexistent/r.json: there is no folder /nonexistent`},
	} {
		status, _, stderr := meshlua(t, c.args...)
		if status != c.status || !strings.Contains(stderr, c.stderr) {
			t.Errorf("meshlua %v: status %d, stderr %q; want %d and %q", c.args, status, stderr, c.status, c.stderr)
		}
	}
}

func TestReportSaysHowTheRunFailed(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.json")
	script := writeScript(t, "fail.lua", "mesh.report{done = 1}\nmesh.at(2, function() error('lost') end)\nmesh.run(5)\n")
	status, _, _ := meshlua(t, "--report", report, script)
	b, _ := os.ReadFile(report)
	if status != 1 || !bytes.Contains(b, []byte(`"status": "error"`)) || !bytes.Contains(b, []byte(`"error": "`+script+`:2: lost"`)) ||
		!bytes.Contains(b, []byte(`"time": 2`)) || !bytes.Contains(b, []byte(`"done": 1`)) {
		t.Errorf("status %d, report:\n%s", status, b)
	}
}

// TestOutputFilesAfterASignal ends a run with each signal and checks that
// every output file is complete and says how the run ended.
func TestOutputFilesAfterASignal(t *testing.T) {
	bin := buildMeshlua(t)
	eachSignal(t, func(t *testing.T, s endingSignal) {
		dir := t.TempDir()
		script := writeScript(t, "flood.lua", flooding+`
mesh.series("sent", 0.1, function() return mesh.stats().sent end)
for i = 1, math.huge do mesh.run(0.1) mesh.report{runs = i} print("ran", i) end`)
		stats, series, report := filepath.Join(dir, "stats.json"), filepath.Join(dir, "s.jsonl"), filepath.Join(dir, "report.json")
		c := startChild(t, bin, "--stats", stats, "--series", series, "--report", report, script, filepath.Join(dir, "l.pcap"))
		c.stdout.await(t, "ran\t3\n")
		c.signal(t, s.sig)
		c.expectExit(t, s.status, s.message())
		var st struct{ Network struct{ Sent uint64 } }
		b, err := os.ReadFile(stats)
		if err != nil || json.Unmarshal(b, &st) != nil || st.Network.Sent < 300 {
			t.Errorf("stats (%v): want the counters of 0.3 s of flooding at least:\n%s", err, b)
		}
		b, err = os.ReadFile(series)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		for i, line := range lines {
			if json.Unmarshal([]byte(line), &map[string]float64{}) != nil {
				t.Errorf("series line %d is not JSON: %q", i+1, line)
			}
		}
		if err != nil || len(lines) < 4 {
			t.Errorf("series (%v): want rows at 0, 0.1, 0.2, 0.3 at least:\n%s", err, b)
		}
		b, err = os.ReadFile(report)
		if err != nil || !bytes.Contains(b, []byte(`"status": "interrupted"`)) || !bytes.Contains(b, []byte(s.message())) {
			t.Errorf("report (%v):\n%s", err, b)
		}
	})
}

// realtimeLinks carries frames on v in virtual time, then on r in real
// time.
const realtimeLinks = `
local v = mesh.link("v", {delay = 0.001})
mesh.node("a", {links = {v}, program = "node.every(0.01, function() node.broadcast('x') end)"})
mesh.node("b", {links = {v}, program = "counter"})
mesh.run(0.095)                -- nine frames, sent at 0.01 to 0.09, all landed
mesh.remove(mesh.get("a"))
mesh.realtime(true)
local r = mesh.link("r", {delay = 0.002})
mesh.node("c", {links = {r}, program = "node.every(0.01, function() node.broadcast('x') end)"})
mesh.node("d", {links = {r}, program = "counter"})
mesh.run(0.3)
`

func TestStatsFileHasTheLatenessOfRealTimeLinks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	status, out, stderr := meshlua(t, "--stats", path, writeScript(t, "rt.lua", realtimeLinks))
	if status != 0 || out != "" || stderr != "" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stats struct {
		Links []struct {
			Name      string
			Delivered uint64
			Lateness  *struct{ Frames, Median, P99, Max float64 }
		}
	}
	if err := json.Unmarshal(b, &stats); err != nil || len(stats.Links) != 2 {
		t.Fatalf("the stats: %v\n%s", err, b)
	}
	if v := stats.Links[0]; v.Name != "v" || v.Delivered != 9 || v.Lateness != nil {
		t.Errorf("link v carried its frames in virtual time, so has no lateness: %+v", v)
	}
	r := stats.Links[1]
	if late := r.Lateness; r.Name != "r" || late == nil || late.Frames != float64(r.Delivered) || r.Delivered < 10 ||
		late.Median < 0 || late.Median > 0.01 || late.P99 < late.Median || late.Max < late.P99 {
		t.Errorf("link r carried its frames in real time, and its lateness should say how late: %+v %+v\n%s", r, late, b)
	}
}
