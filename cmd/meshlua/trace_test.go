package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// traceLines decodes every line of the trace at path, failing the test on
// one that is not a JSON object, and returns them.
func traceLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.Fatalf("%s is empty or ends within a line", path)
	}
	var lines []map[string]any
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		var m map[string]any
		if err := json.Unmarshal(s.Bytes(), &m); err != nil {
			t.Fatalf("%s: line %q: %v", path, s.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestTraceFileRepeatsAndKeepsToOneLink(t *testing.T) {
	script := writeScript(t, "lossy.lua", lossyLine+`
local m = mesh.link("side")
mesh.node("c", {links = {m}, program = "node.every(0.5, function() node.broadcast('y') end)"})
mesh.connect(mesh.get("b"), m)
mesh.run(2)
`)
	dir := t.TempDir()
	runTrace := func(name string, extra ...string) []byte {
		path := filepath.Join(dir, name)
		args := append([]string{"--seed", "3", "--trace", path, "--stats", filepath.Join(dir, name+".stats.json")}, extra...)
		status, out, stderr := meshlua(t, append(args, script)...)
		if status != 0 || stderr != "" {
			t.Fatalf("status %d, stderr %q, stdout %q", status, stderr, out)
		}
		b, _ := os.ReadFile(path)
		var stats map[string]any
		if sb, err := os.ReadFile(path + ".stats.json"); err != nil || json.Unmarshal(sb, &stats) != nil {
			t.Errorf("the stats file is not JSON: %v\n%s", err, sb)
		}
		return b
	}
	all := runTrace("all.jsonl")
	if again := runTrace("again.jsonl"); !bytes.Equal(all, again) {
		t.Error("the same seed wrote two different traces")
	}
	runTrace("m.jsonl", "--trace-links", "side")
	links := map[string]int{}
	for _, e := range traceLines(t, filepath.Join(dir, "all.jsonl")) {
		link, _ := e["link"].(string)
		links[link]++
	}
	if links["l"] == 0 || links["side"] == 0 {
		t.Fatalf("the full trace has no events on l or side: %v", links)
	}
	only := traceLines(t, filepath.Join(dir, "m.jsonl"))
	for _, e := range only {
		if e["link"] != "side" {
			t.Errorf("the trace limited to side has %v", e)
		}
	}
	if len(only) != links["side"] {
		t.Errorf("the trace limited to side has %d events, the full trace %d on side", len(only), links["side"])
	}
	status, _, stderr := meshlua(t, "--trace", filepath.Join(dir, "x.jsonl"), "--trace-links", "sied", script)
	if status != 0 || !strings.Contains(stderr, `meshlua: warning: --trace-links: no event at a link called "sied" (did you mean "side"?)`) {
		t.Errorf("a link name that matched nothing: status %d, stderr %q", status, stderr)
	}
}

// TestTraceIsCompleteAfterASignal ends a run with SIGTERM: every line of
// its trace is whole, and the nodes' stop is the last thing traced.
func TestTraceIsCompleteAfterASignal(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "t.jsonl")
	c := startChild(t, self, "--trace", path, writeScript(t, "flood.lua", flooding+`
for i = 1, math.huge do mesh.run(0.1) print("ran", i) end`), filepath.Join(dir, "l.pcap"))
	c.stdout.await(t, "ran\t3\n")
	c.signal(t, syscall.SIGTERM)
	c.expectExit(t, 143, "meshlua: interrupted (SIGTERM)")
	lines := traceLines(t, path)
	if last := lines[len(lines)-1]; last["event"] != "stop" {
		t.Errorf("the trace ends with %v, not the nodes' stop", last)
	}
}
