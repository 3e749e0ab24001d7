package bindings

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWith runs src as test.lua with the parameters --set would give, and
// returns the host, still open (the test's cleanup closes it), what the
// script printed and its error.
func runWith(t *testing.T, params map[string]string, src string) (*Host, string, error) {
	t.Helper()
	var out bytes.Buffer
	h := NewHost(&out, t.TempDir())
	h.SetParams(params)
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(); L.Close() })
	err = h.RunChunk(L, "test.lua", src)
	return h, out.String(), err
}

func TestParamsTakeTheTypeOfTheirDefault(t *testing.T) {
	_, out, err := runWith(t, map[string]string{"n": "20", "loss": "0.25", "name": "42", "on": "false", "free": "7"}, `
for _, p in ipairs{{"n", 10}, {"loss", 0}, {"name", "x"}, {"on", true}, {"free"}, {"absent", 3}, {"none"}} do
  local v = mesh.param(p[1], p[2])
  print(p[1], v, type(v))
end`)
	want := "n\t20\tnumber\nloss\t0.25\tnumber\nname\t42\tstring\non\tfalse\tboolean\nfree\t7\tnumber\nabsent\t3\tnumber\nnone\tnil\tnil\n"
	if err != nil || out != want {
		t.Errorf("got %q, %v; want %q", out, err, want)
	}
}

func TestBadParamsAreNamed(t *testing.T) {
	for _, c := range []struct {
		given map[string]string
		src   string
		want  string
	}{
		{map[string]string{"n": "ten"}, `mesh.param("n", 10)`,
			`test.lua:1: mesh.param: --set n=ten: the parameter wants a number, like its default 10`},
		{map[string]string{"on": "yes"}, `mesh.param("on", false)`,
			`test.lua:1: mesh.param: --set on=yes: the parameter wants true or false, like its default false`},
		{map[string]string{"n": "inf"}, `mesh.param("n", 1)`, `--set n=inf: the parameter wants a number`},
		{nil, `mesh.param("two words", 1)`, `a parameter's name is a letter or _, then letters, digits or _ (got "two words")`},
		{nil, `mesh.param("n", {})`, `the default must be a number, a string, a boolean or nil, got table`},
	} {
		_, _, err := runWith(t, c.given, c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s with %v: error %v, want %q", c.src, c.given, err, c.want)
		}
	}
}

func TestUnreadParamsAreNamedWithTheNearestRead(t *testing.T) {
	h, _, err := runWith(t, map[string]string{"lose": "0.1", "n": "3", "zzz": "1"}, `mesh.param("loss", 0) mesh.param("n", 1)`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(h.UnreadParams(), "\n")
	want := `--set lose=0.1: the script never read a parameter "lose" (did you mean "loss"?)` + "\n" +
		`--set zzz=1: the script never read a parameter "zzz"`
	if got != want {
		t.Errorf("warnings\n%s\nwant\n%s", got, want)
	}
}

func TestSeedIsReadBack(t *testing.T) {
	out := mustRun(t, `print(mesh.seed()) mesh.seed(42) print(mesh.seed())`)
	if out != "1\n42\n" {
		t.Errorf("got %q, want the default seed 1, then 42", out)
	}
	var buf bytes.Buffer
	h := NewHost(&buf, t.TempDir())
	defer h.Close()
	h.FixSeed(7)
	L, _ := h.ScriptState(context.Background(), nil)
	defer L.Close()
	if err := h.RunChunk(L, "test.lua", `mesh.seed(42) print(mesh.seed())`); err != nil || buf.String() != "7\n" {
		t.Errorf("with --seed 7: %q, %v", buf.String(), err)
	}
}

func TestReportsMergeAndKeepTheirOrder(t *testing.T) {
	h, out, err := runWith(t, map[string]string{"loss": "0.5"}, `
mesh.param("loss", 0.1)
mesh.param("label", "line")
mesh.report{zeta = 1, alpha = 2}
local all = mesh.report{beta = 3, zeta = 4}
print(all.zeta, all.alpha, all.beta)
print(pcall(mesh.report, {ratio = "high"}))
print(pcall(mesh.report, {[1] = 2}))
mesh.report{nan = 0/0}
mesh.run(2.5)`)
	if err != nil {
		t.Fatal(err)
	}
	want := "4\t2\t3\n" +
		"false\ttest.lua:7: mesh.report: result ratio: want a number, got \"high\"\n" +
		"false\ttest.lua:8: mesh.report: a result's name is a letter or _, then letters, digits or _ (got 1)\n"
	if out != want {
		t.Errorf("printed\n%s\nwant\n%s", out, want)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := h.WriteReport(path, Outcome{Status: "ok"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	compact := new(bytes.Buffer)
	if err := json.Compact(compact, b); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, b)
	}
	wantJSON := `{"status":"ok","seed":1,"time":2.5,"params":{"loss":0.5,"label":"line"},"results":{"alpha":2,"zeta":4,"beta":3,"nan":null}}`
	if compact.String() != wantJSON {
		t.Errorf("report\n%s\nwant\n%s", compact, wantJSON)
	}
}
