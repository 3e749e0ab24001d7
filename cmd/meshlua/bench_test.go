package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// benchWithBinary makes meshlua bench, run in-process, run its scripts with
// a built meshlua, as the real command runs them with itself.
func benchWithBinary(t *testing.T) {
	was := self
	self = buildMeshlua(t)
	t.Cleanup(func() { self = was })
}

func TestBenchQuickPrintsEveryFigure(t *testing.T) {
	benchWithBinary(t)
	status, out, stderr := meshlua(t, "bench", "--quick")
	if status != 0 {
		t.Fatalf("status %d\n%s\n%s", status, out, stderr)
	}
	if !strings.HasPrefix(out, "machine: ") || !strings.Contains(out, " cores, go") {
		t.Errorf("no machine line:\n%s", out)
	}
	for _, name := range []string{"switch", "switch-allocs", "lua-relay-table", "lua-relay-frame", "native-relay",
		"on-frame", "idle-node", "idle-node-file", "network-build", "network-flood", "network-rss",
		"network-inline", "network-inline-cpu", "network-inline-rss", "network-file", "network-file-cpu", "network-file-rss", "flood-cpu"} {
		if !strings.Contains(out, "\n"+name+" ") {
			t.Errorf("no row %s:\n%s", name, out)
		}
	}
}

func TestBenchJSONAndUsage(t *testing.T) {
	benchWithBinary(t)
	status, out, stderr := meshlua(t, "bench", "--quick", "--json", "idle-node")
	var r struct {
		Machine struct{ Cores int }
		Figures []struct {
			Name  string
			Value float64
			Ratio float64
		}
	}
	if err := json.Unmarshal([]byte(out), &r); status != 0 || err != nil {
		t.Fatalf("status %d, %v\n%s\n%s", status, err, out, stderr)
	}
	if r.Machine.Cores < 1 || len(r.Figures) != 2 || r.Figures[0].Name != "idle-node" || r.Figures[0].Value <= 0 {
		t.Errorf("got %+v", r)
	}
	for _, args := range [][]string{{"bench", "nosuch"}, {"bench", "--nosuch"}} {
		if status, _, stderr := meshlua(t, args...); status != 2 || !strings.Contains(stderr, "usage: meshlua bench") {
			t.Errorf("meshlua %v: status %d, stderr %q", args, status, stderr)
		}
	}
}
