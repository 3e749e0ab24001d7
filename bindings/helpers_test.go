package bindings

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testBudget is the CPU budget of nodes in tests that do not set their
// own: generous, so an honest node is never stopped on a machine slowed
// by other tests or the race detector. Tests of budgets set theirs.
const testBudget = time.Minute

// runLua runs src as a script named test.lua in a fresh network whose
// program paths start at dir (a temporary folder if empty), and returns
// everything the script and its nodes printed.
func runLua(t testing.TB, dir, src string, setup ...func(*Host)) (string, error) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	var out bytes.Buffer
	h := NewHost(&out, dir)
	h.SetBudgets(testBudget, 0)
	for _, f := range setup {
		f(h)
	}
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer L.Close()
	err = h.RunChunk(L, "test.lua", src)
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	return out.String(), err
}

// mustRun runs src and fails the test on error.
func mustRun(t testing.TB, src string) string {
	t.Helper()
	out, err := runLua(t, "", src)
	if err != nil {
		t.Fatalf("script failed: %v\n%s\noutput:\n%s", err, traceOf(err), out)
	}
	return out
}

func traceOf(err error) string {
	if se, ok := err.(*ScriptError); ok {
		return se.Trace
	}
	return ""
}

var logLine = regexp.MustCompile(`^\[\d+\.\d{6}\] `)

// scriptLines returns the lines of out that do not come from node logs.
func scriptLines(out string) []string {
	var ls []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if !logLine.MatchString(l) && !strings.HasPrefix(l, "    ") {
			ls = append(ls, l)
		}
	}
	return ls
}

// sscan splits s on tabs and scans each field into the matching int.
func sscan(s string, dst ...*int) (int, error) {
	fields := strings.Split(s, "\t")
	for i, d := range dst {
		if i >= len(fields) {
			return i, fmt.Errorf("only %d fields in %q", len(fields), s)
		}
		if _, err := fmt.Sscan(fields[i], d); err != nil {
			return i, err
		}
	}
	return len(dst), nil
}
