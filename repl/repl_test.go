package repl

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/bindings"
)

// script is a Prompter that answers prompts from a list; an entry of nil
// error with text "^C" stands for Ctrl-C.
type script struct {
	lines   []string
	prompts []string
	history []string
}

func (s *script) Prompt(p string) (string, error) {
	s.prompts = append(s.prompts, p)
	if len(s.lines) == 0 {
		return "", io.EOF
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	if l == "^C" {
		return "", ErrAborted
	}
	return l, nil
}

func (s *script) AppendHistory(chunk string) { s.history = append(s.history, chunk) }

func newREPL(t *testing.T) (*REPL, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errw bytes.Buffer
	h := bindings.NewHost(&out, t.TempDir())
	h.SetBudgets(time.Minute, 0) // generous: the race detector slows every call
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { L.Close(); h.Close() })
	return New(h, L, &out, &errw), &out, &errw
}

func TestExpressionsStatementsAndContinuation(t *testing.T) {
	r, out, errw := newREPL(t)
	s := &script{lines: []string{
		`lan = mesh.link("lan", {delay = "1ms"})`,
		`for i = 1, 2 do`,
		`  mesh.node("n" .. i, {program = "counter", links = {lan}})`,
		`end`,
		`1 +`,
		`2, "two", {1, x = {y = true}}`,
		`local half = "unfinished(`,
		`^C`,
		`mesh.run(1)`,
		`mesh.get("n1")`,
		`error("oops")`,
		`mesh.now()`,
	}}
	if err := r.Run(s); err != nil {
		t.Fatal(err)
	}
	wantOut := "3\t\"two\"\t{1, x = {y = true}}\n1\n" + // mesh.run returns the time reached
		"node n1 (stdlib/programs/counter.lua; ports 1:lan; sent 0, received 0, dropped 0)\n1\n"
	if out.String() != wantOut {
		t.Errorf("output\n%s\nwant\n%s", out.String(), wantOut)
	}
	if errw.String() != "stdin:1: oops\n" {
		t.Errorf("errors %q", errw.String())
	}
	wantPrompts := []string{"mesh 0.000000s> ", "mesh 0.000000s> ", ">> ", ">> ", "mesh 0.000000s> ", ">> ",
		"mesh 0.000000s> ", ">> ", "mesh 0.000000s> ", "mesh 1.000000s> ", "mesh 1.000000s> ", "mesh 1.000000s> ", "mesh 1.000000s> "}
	if strings.Join(s.prompts, "|") != strings.Join(wantPrompts, "|") {
		t.Errorf("prompts %q\nwant %q", s.prompts, wantPrompts)
	}
	if len(s.history) != 7 || s.history[1] != "for i = 1, 2 do\n  mesh.node(\"n\" .. i, {program = \"counter\", links = {lan}})\nend" {
		t.Errorf("history %q", s.history)
	}
}

func TestInterruptStopsALongRunAndTheNetworkStays(t *testing.T) {
	r, out, errw := newREPL(t)
	intr := make(chan struct{}, 1)
	r.Interrupts = intr
	go func() {
		time.Sleep(200 * time.Millisecond) // Ctrl-C while mesh.run("1h") runs
		intr <- struct{}{}
	}()
	s := &script{lines: []string{
		`mesh.node("a", {program = "node.every(0.001, function() node.broadcast('x') end)"})`,
		`mesh.run("1h")`,
		`mesh.now() < 3600, #mesh.nodes()`,
	}}
	r.Run(s)
	if !strings.Contains(errw.String(), "interrupted") || !strings.HasSuffix(out.String(), "true\t1\n") {
		t.Errorf("out %q, errors %q", out.String(), errw.String())
	}
}

func TestComplete(t *testing.T) {
	r, _, _ := newREPL(t)
	r.Run(&script{lines: []string{`alice = mesh.node("alice")`, `lan = mesh.link("lan")`}})
	for _, c := range []struct {
		line string
		want []string
	}{
		{"mesh.li", []string{"mesh.link", "mesh.links"}},
		{"x = mesh.to", []string{"mesh.topo"}},
		{"alice:st", []string{"alice:stats"}},
		{"alice:na", nil}, // name is a field: after ":" only methods
		{"alice.na", []string{"alice.name"}},
		{"alice:p", []string{"alice:ports", "alice:position"}},
		{"lan:d", []string{"lan:down"}},
		{"ali", []string{"alice"}},
		{`mesh.get("al`, []string{"alice"}},
		{`mesh.get('l`, []string{"lan"}},
		{"string.up", []string{"string.upper"}},
		{"nothing.here", nil},
	} {
		_, got, _ := r.Complete(c.line, len(c.line))
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: got %q, want %q", c.line, got, c.want)
		}
	}
}

func TestInterruptStopsALoopingChunk(t *testing.T) {
	r, out, errw := newREPL(t)
	intr := make(chan struct{}, 1)
	r.Interrupts = intr
	go func() {
		time.Sleep(200 * time.Millisecond)
		intr <- struct{}{}
	}()
	r.Run(&script{lines: []string{`n = 0 while true do n = n + 1 end`, `n > 0`}})
	if errw.String() != "interrupted\n" || out.String() != "true\n" {
		t.Errorf("out %q, errors %q", out.String(), errw.String())
	}
}

// "=expr" prints the value of expr, as Lua 5.1's REPL does; help finds
// mesh.topo and its builders; show prints tables deeper than a value
// prints.
func TestEqualsExpressionAndHelpOnTopo(t *testing.T) {
	r, out, errw := newREPL(t)
	r.Run(&script{lines: []string{`=1 + 2`, ` = "x" .. "y"`, `help(mesh.topo.grid)`, `help(mesh.topo)`,
		`t = {a = {b = {c = {d = 1}}}}`, `t`, `show(t)`, `show(t, 1)`}})
	for _, want := range []string{"3\n", "\"xy\"\n", "| `mesh.topo.grid(rows, cols, opts)` |", "## mesh.topo\n",
		"\n{a = {b = {...}}}\n{a = {b = {c = {d = 1}}}}\n{a = {...}}\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if errw.Len() > 0 {
		t.Errorf("errors: %s", errw.String())
	}
}
