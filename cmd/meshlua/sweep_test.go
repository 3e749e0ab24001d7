package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/chart"
)

// asMeshlua, set in the environment, makes the test binary meshlua itself:
// meshlua sweep runs itself (os.Executable) for each run, and so, in these
// tests, the test binary.
const asMeshlua = "MESHLUA_TEST_BINARY_IS_MESHLUA"

func TestMain(m *testing.M) {
	if os.Getenv(asMeshlua) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Setenv(asMeshlua, "1")
	os.Exit(m.Run())
}

// readCSV reads a CSV file whole.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// column is the index of name in a CSV header.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %s in %q", name, header)
	}
	return i
}

// number reads a cell as a number.
func number(t *testing.T, cell string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(cell, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", cell, err)
	}
	return v
}

// TestFloodOnALineMatchesTheFormula is the worked example of
// docs/experiments.md, small enough for CI: the delivery measured over 30
// seeds agrees with (1-p)^(n-1) within the 95% confidence interval at
// every point.
func TestFloodOnALineMatchesTheFormula(t *testing.T) {
	dir := t.TempDir()
	status, out, stderr := meshlua(t, "sweep", "../../scripts/flood_line.lua", "--seeds", "1-30",
		"--set", "loss=0.1,0.3", "--set", "n=2,5", "--jobs", "2", "--out", dir)
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q\n%s", status, stderr, out)
	}
	if !strings.Contains(out, "loss  n  result    runs  failed  mean") {
		t.Errorf("no summary table:\n%s", out)
	}
	rows := readCSV(t, filepath.Join(dir, "summary.csv"))
	h := rows[0]
	points := 0
	expected := map[string]float64{}
	for _, r := range rows[1:] {
		if r[column(t, h, "result")] == "expected" {
			expected[r[0]+","+r[1]] = number(t, r[column(t, h, "mean")])
		}
	}
	for _, r := range rows[1:] {
		if r[column(t, h, "result")] != "delivery" {
			continue
		}
		points++
		p, n := number(t, r[column(t, h, "loss")]), number(t, r[column(t, h, "n")])
		want := 1.0
		for range int(n) - 1 {
			want *= 1 - p
		}
		low, high := number(t, r[column(t, h, "ci95_low")]), number(t, r[column(t, h, "ci95_high")])
		if r[column(t, h, "runs")] != "30" || !(low <= want && want <= high) || low == high {
			t.Errorf("loss %v, n %v: %s runs, CI [%v, %v] misses (1-p)^(n-1) = %v", p, n, r[column(t, h, "runs")], low, high, want)
		}
		if got := expected[r[0]+","+r[1]]; got < want-1e-9 || got > want+1e-9 {
			t.Errorf("loss %v, n %v: the script's expected is %v, want %v", p, n, got, want)
		}
	}
	if points != 4 {
		t.Errorf("%d points, want 4:\n%q", points, rows)
	}
	if n := len(readCSV(t, filepath.Join(dir, "runs.csv"))); n != 121 {
		t.Errorf("runs.csv has %d rows, want a header and 120 runs", n)
	}
}

// withoutWall is a runs.csv without its wall column.
func withoutWall(t *testing.T, path string) string {
	rows := readCSV(t, path)
	wall := column(t, rows[0], "wall")
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintln(&b, strings.Join(slices.Delete(r, wall, wall+1), ","))
	}
	return b.String()
}

const sweepScript = `
local x = mesh.param("x", 1)
local l = mesh.link("l", {loss = 0.5})
mesh.node("a", {links = {l}, program = "node.every(0.01, function() node.broadcast('x') end)"})
local b = mesh.node("b", {links = {l}, program = "counter"})
if x == 3 then error("x is 3") end
mesh.run(1)
mesh.report{got = b:call("count"), x2 = x * 2}
`

func TestSweepRepeatsAndSkipsWhatIsDone(t *testing.T) {
	script := writeScript(t, "s.lua", sweepScript)
	a, b := t.TempDir(), t.TempDir()
	args := []string{"sweep", script, "--seeds", "1-3", "--set", "x=1,2,3,abc", "--jobs", "2"}
	status, out, stderr := meshlua(t, append(args, "--out", a)...)
	if status != 1 || !strings.Contains(stderr, "meshlua sweep: 6 of 12 runs failed (their errors are in "+a+"/runs.csv)") {
		t.Errorf("status %d, stderr %q\n%s", status, stderr, out)
	}
	meshlua(t, append(args, "--out", b)...)
	for _, f := range []string{"summary.csv"} {
		fa, _ := os.ReadFile(filepath.Join(a, f))
		fb, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(fa, fb) || len(fa) == 0 {
			t.Errorf("%s differs between two sweeps:\n%s\n%s", f, fa, fb)
		}
	}
	runsA := withoutWall(t, filepath.Join(a, "runs.csv"))
	if runsB := withoutWall(t, filepath.Join(b, "runs.csv")); runsA != runsB {
		t.Errorf("runs.csv differs between two sweeps:\n%s\n%s", runsA, runsB)
	}
	lines := strings.Split(runsA, "\n")
	if lines[0] != "x,seed,got,x2,status,error" || !strings.HasPrefix(lines[1], "1,1,") || !strings.HasSuffix(lines[1], ",2,ok,") {
		t.Errorf("runs.csv:\n%s", runsA)
	}
	for _, want := range []string{
		"3,2,,,error," + script + ":6: x is 3",
		"abc,3,,,error," + script + ":2: mesh.param: --set x=abc: the parameter wants a number, like its default 1",
	} {
		if !strings.Contains(runsA, want+"\n") {
			t.Errorf("runs.csv has no row %q:\n%s", want, runsA)
		}
	}
	// Into the same folder again: every run is done, none runs again.
	before, _ := os.ReadFile(filepath.Join(a, "runs.csv"))
	start := time.Now()
	meshlua(t, append(args, "--out", a)...)
	after, _ := os.ReadFile(filepath.Join(a, "runs.csv"))
	if !bytes.Equal(before, after) {
		t.Errorf("a sweep over finished runs changed runs.csv (ran again?):\n%s\n%s", before, after)
	}
	entries, _ := os.ReadDir(filepath.Join(a, "runs"))
	for _, e := range entries {
		if fi, _ := e.Info(); fi.ModTime().After(start) {
			t.Errorf("%s was written again", e.Name())
		}
	}
}

// TestSweepResumesAfterSIGINT interrupts a sweep (a process) once some
// runs are done, then runs it again into the same folder: it ends with
// every run done, and those done before the signal are not run again.
func TestSweepResumesAfterSIGINT(t *testing.T) {
	script := writeScript(t, "s.lua", sweepScript)
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"sweep", script, "--seeds", "1-40", "--jobs", "2", "--out", dir}
	c := startChild(t, self, args...)
	runs := filepath.Join(dir, "runs")
	finished := func() []string {
		var names []string
		entries, _ := os.ReadDir(runs)
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(runs, e.Name())); err == nil && bytes.Contains(b, []byte(`"sweep"`)) {
				names = append(names, e.Name())
			}
		}
		return names
	}
	for tick := time.NewTicker(10 * time.Millisecond); len(finished()) < 4; <-tick.C {
		if c.cmd.ProcessState != nil {
			t.Fatal("the sweep ended before it was interrupted")
		}
	}
	c.signal(t, syscall.SIGINT)
	c.expectExit(t, 130, "meshlua: interrupted (SIGINT)")
	done := finished()
	entries, _ := os.ReadDir(runs)
	if len(entries) != len(done) {
		t.Errorf("the interrupted sweep left files other than finished runs' records: %d files, %d records", len(entries), len(done))
	}
	if len(done) >= 40 {
		t.Fatalf("every run finished before the signal took effect")
	}
	rows := readCSV(t, filepath.Join(dir, "runs.csv"))
	if len(rows) != len(done)+1 {
		t.Errorf("runs.csv of the interrupted sweep has %d rows for %d finished runs", len(rows)-1, len(done))
	}
	kept := map[string][]byte{}
	for _, name := range done {
		kept[name], _ = os.ReadFile(filepath.Join(runs, name))
	}
	status, out, stderr := meshlua(t, args...)
	if status != 0 {
		t.Fatalf("resumed sweep: status %d, stderr %q\n%s", status, stderr, out)
	}
	if n := len(readCSV(t, filepath.Join(dir, "runs.csv"))); n != 41 {
		t.Errorf("runs.csv of the resumed sweep has %d rows, want 41", n)
	}
	for name, b := range kept {
		if now, _ := os.ReadFile(filepath.Join(runs, name)); !bytes.Equal(now, b) {
			t.Errorf("%s, finished before the signal, was run again", name)
		}
	}
}

func TestPlotDrawsSummariesAndSeries(t *testing.T) {
	dir := t.TempDir()
	script := writeScript(t, "s.lua", sweepScript)
	status, out, stderr := meshlua(t, "sweep", script, "--seeds", "1-3", "--set", "x=1,2,4", "--set", "y=5,6", "--out", dir, "--plot")
	if status != 0 {
		t.Fatalf("status %d, stderr %q\n%s", status, stderr, out)
	}
	for _, base := range []string{"got-x-y", "x2-x-y"} {
		checkChart(t, filepath.Join(dir, base), 2, 3)
	}
	status, out, stderr = meshlua(t, "plot", dir, "--x", "y", "--y", "got", "--by", "x", "--out", filepath.Join(dir, "by-x"))
	if status != 0 || out != filepath.Join(dir, "by-x")+".svg\n"+filepath.Join(dir, "by-x")+".png\n" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, stderr)
	}
	checkChart(t, filepath.Join(dir, "by-x"), 3, 2)

	series := filepath.Join(dir, "series.csv")
	os.WriteFile(series, []byte("time,received,net.sent\n0,0,0\n0.5,33,\n1,67,100\n"), 0o644)
	if status, _, stderr := meshlua(t, "plot", series, "--x", "time", "--y", "received"); status != 0 {
		t.Fatalf("plot of a series: status %d, stderr %q", status, stderr)
	}
	checkChart(t, filepath.Join(dir, "received-time"), 1, 3)

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{dir, "--x", "x", "--y", "gto"}, `--y gto: ` + dir + `/summary.csv has no result "gto" (did you mean "got"?); its results are got, x2`},
		{[]string{dir, "--x", "z", "--y", "got", "--by", "y"}, `--x z: ` + dir + `/summary.csv has no column "z"`},
		{[]string{dir, "--x", "x", "--y", "got"}, `has several values of y (5, 6): give --by y, or --x y`},
		{[]string{series, "--x", "time", "--y", "sent"}, `--y sent: ` + series + ` has no column "sent"`},
	} {
		status, _, stderr := meshlua(t, append([]string{"plot"}, c.args...)...)
		if status != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("meshlua plot %v: status %d, stderr %q; want 1 and %q", c.args, status, stderr, c.want)
		}
	}
}

// checkChart checks the images base.svg and base.png: the SVG parses and
// has, for each of its lines, a path in the line's colour through its
// points; the PNG decodes.
func checkChart(t *testing.T, base string, lines, points int) {
	t.Helper()
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() < 100 {
		t.Errorf("%s.png: %v", base, err)
	}
	b, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	var paths []struct{ d, style string }
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s.svg does not parse: %v", base, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "path" {
			var p struct{ d, style string }
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "d":
					p.d = a.Value
				case "style":
					p.style = a.Value
				}
			}
			paths = append(paths, p)
		}
	}
	for i := range lines {
		r, g, bl, _ := chart.Color(i).RGBA()
		stroke := fmt.Sprintf("stroke:#%02X%02X%02X", r>>8, g>>8, bl>>8)
		found := false
		for _, p := range paths {
			found = found || strings.Contains(p.style, stroke) && strings.Count(p.d, "L") == points-1 && strings.HasPrefix(p.d, "M")
		}
		if !found {
			t.Errorf("%s.svg: no path of %d points in the colour of line %d (%s) among %d paths", base, points, i+1, stroke, len(paths))
		}
	}
	if lines < len(paths) && lines > 0 {
		return
	}
	t.Errorf("%s.svg: %d paths", base, len(paths))
}
