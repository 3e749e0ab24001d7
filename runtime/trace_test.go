package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// traceEntry is a line of a trace as a reader decodes it.
type traceEntry struct {
	T      float64 `json:"t"`
	Event  string  `json:"event"`
	Reason string  `json:"reason"`
	Node   string  `json:"node"`
	Port   int     `json:"port"`
	Link   string  `json:"link"`
	Src    string  `json:"src"`
	Dst    string  `json:"dst"`
	Type   int     `json:"type"`
	Len    int     `json:"len"`
	Error  string  `json:"error"`
}

// failing is a program that fails on its first frame.
type failing struct{}

func (failing) Start(*Node) error                  { return nil }
func (failing) Stop(*Node) error                   { return nil }
func (failing) Receive(*Node, *Port, *Frame) error { return errors.New("bad frame") }

// tracedRun builds a line a - b - c with a lossy link, and a node d that
// fails, traces it within limits, sends frames, rewires, and returns the
// trace's bytes.
func tracedRun(t *testing.T, seed uint64, limits TraceLimits) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trace.jsonl")
	tr, err := CreateTrace(path, limits)
	if err != nil {
		t.Fatal(err)
	}
	nw := newNet(t, seed)
	nw.SetTrace(tr)
	ab := mustLink(t, nw, "ab", Impairments{Delay: time.Millisecond, Loss: 0.3})
	bc := mustLink(t, nw, "bc", Impairments{Delay: time.Millisecond})
	a := mustNode(t, nw, "a", &Sink{}, ab)
	mustNode(t, nw, "b", Relay{}, ab, bc)
	mustNode(t, nw, "c", &Sink{}, bc)
	mustNode(t, nw, "d", failing{}, bc)
	nw.Run(0)
	for i := range 20 {
		send(t, a, 1, Broadcast, "frame")
		nw.Run(time.Duration(i+1) * time.Millisecond)
	}
	bc.SetUp(false)
	send(t, nw.Node("b"), 2, Broadcast, "lost")
	bc.SetUp(true)
	nw.Disconnect(nw.Node("c"), bc)
	nw.RemoveLink(ab)
	nw.Run(10 * time.Millisecond)
	if err := nw.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// entries decodes every line of a trace, failing the test on one that is
// not a JSON object.
func entries(t *testing.T, b []byte) []traceEntry {
	t.Helper()
	var out []traceEntry
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		var e traceEntry
		d := json.NewDecoder(strings.NewReader(s.Text()))
		d.DisallowUnknownFields()
		if err := d.Decode(&e); err != nil {
			t.Fatalf("line %q: %v", s.Text(), err)
		}
		out = append(out, e)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		t.Errorf("the trace ends within a line")
	}
	return out
}

func TestTraceHasEveryKindOfEventAndRepeats(t *testing.T) {
	b := tracedRun(t, 7, TraceLimits{})
	if again := tracedRun(t, 7, TraceLimits{}); !bytes.Equal(b, again) {
		t.Error("two runs with the same seed wrote different traces")
	}
	if other := tracedRun(t, 8, TraceLimits{}); bytes.Equal(b, other) {
		t.Error("seeds 7 and 8 lose the same frames")
	}
	kinds := map[string]int{}
	reasons := map[string]int{}
	last := -1.0
	for _, e := range entries(t, b) {
		kinds[e.Event]++
		if e.Event == "drop" {
			reasons[e.Reason]++
		}
		if e.T < last {
			t.Errorf("time goes back: %+v after %v", e, last)
		}
		last = e.T
		if e.Event == "error" && (e.Node != "d" || e.Error != "bad frame") {
			t.Errorf("error event %+v, want d's bad frame", e)
		}
		if e.Event == "send" && e.Node == "a" && (e.Link != "ab" || e.Port != 1 || e.Dst != "ff:ff:ff:ff:ff:ff" || e.Len != 19 || e.Type != int(EtherType)) {
			t.Errorf("send event %+v", e)
		}
	}
	for _, k := range TraceKinds() {
		if kinds[k] == 0 {
			t.Errorf("no %s event in\n%s", k, b)
		}
	}
	for _, r := range []string{"loss", "link_down", "node_stopped"} {
		if reasons[r] == 0 {
			t.Errorf("no drop for %s: %v", r, reasons)
		}
	}
}

func TestTraceKeepsToItsLimits(t *testing.T) {
	for _, c := range []struct {
		limits TraceLimits
		keep   func(traceEntry) bool
	}{
		{TraceLimits{Links: []string{"ab"}}, func(e traceEntry) bool { return e.Link == "ab" }},
		{TraceLimits{Nodes: []string{"c", "d"}}, func(e traceEntry) bool { return e.Node == "c" || e.Node == "d" }},
		{TraceLimits{Events: []string{"drop"}}, func(e traceEntry) bool { return e.Event == "drop" }},
		{TraceLimits{Events: []string{"deliver"}, Nodes: []string{"c"}, Links: []string{"bc"}},
			func(e traceEntry) bool { return e.Event == "deliver" && e.Node == "c" && e.Link == "bc" }},
	} {
		all := entries(t, tracedRun(t, 7, TraceLimits{}))
		got := entries(t, tracedRun(t, 7, c.limits))
		var want []traceEntry
		for _, e := range all {
			if c.keep(e) {
				want = append(want, e)
			}
		}
		if len(want) == 0 || len(got) != len(want) {
			t.Errorf("%+v: %d events, want the %d of the full trace's %d that match", c.limits, len(got), len(want), len(all))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%+v: event %d is %+v, want %+v", c.limits, i, got[i], want[i])
				break
			}
		}
	}
	path := filepath.Join(t.TempDir(), "t.jsonl")
	if _, err := CreateTrace(path, TraceLimits{Events: []string{"dorp"}}); err == nil || !strings.Contains(err.Error(), `"dorp"`) {
		t.Errorf("an unknown kind of event: %v", err)
	}
	tr, _ := CreateTrace(path, TraceLimits{Nodes: []string{"a", "zz"}, Links: []string{"ab"}})
	nw := newNet(t, 1)
	nw.SetTrace(tr)
	mustNode(t, nw, "a", &Sink{}, mustLink(t, nw, "ab", Impairments{}))
	nw.Close()
	if nodes, links := tr.Unmatched(); strings.Join(nodes, ",") != "zz" || len(links) != 0 {
		t.Errorf("unmatched: %q %q, want zz alone", nodes, links)
	}
}

// TestTraceOffAndOnAllocateNothingPerFrame: the switch allocates nothing
// per frame without a trace (the hooks are nil checks), and nothing with
// one either, between two writes of the file.
func TestTraceOffAndOnAllocateNothingPerFrame(t *testing.T) {
	for _, traced := range []bool{false, true} {
		nw := newNet(t, 1)
		if traced {
			tr, err := CreateTrace(filepath.Join(t.TempDir(), "t.jsonl"), TraceLimits{Nodes: []string{"a", "b"}})
			if err != nil {
				t.Fatal(err)
			}
			nw.SetTrace(tr)
			defer nw.Close()
		}
		l := mustLink(t, nw, "l", Impairments{Delay: time.Millisecond, Loss: 0.1})
		a := mustNode(t, nw, "a", &Sink{}, l)
		mustNode(t, nw, "b", &Sink{}, l)
		payload := make([]byte, 50)
		nw.Run(time.Millisecond)
		allocs := testing.AllocsPerRun(1000, func() {
			a.Send(1, NewFrame(Broadcast, a.Port(1).MAC(), EtherType, payload))
			nw.Run(2 * time.Millisecond)
		})
		if allocs != 0 {
			t.Errorf("traced %v: %v allocations per frame", traced, allocs)
		}
	}
}
