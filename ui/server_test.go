package ui_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/ui"
)

// newHost runs src in a new script host and returns it, its script state
// and its output; both close at the test's end.
func newHost(t testing.TB, src string) (*bindings.Host, *lua.LState, *bytes.Buffer) {
	t.Helper()
	out := &bytes.Buffer{}
	h := bindings.NewHost(out, t.TempDir())
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.Close()
		L.Close()
	})
	if err := h.RunChunk(L, "test.lua", src); err != nil {
		t.Fatal(err)
	}
	return h, L, out
}

// update is what a test reads of an update.
type update struct {
	Time    float64     `json:"time"`
	Running bool        `json:"running"`
	Paused  bool        `json:"paused"`
	Control bool        `json:"control"`
	Notice  string      `json:"notice"`
	Links   [][4]uint64 `json:"links"`
	Nodes   [][4]uint64 `json:"nodes"`
}

// stream reads the view's events.
type stream struct {
	r    *bufio.Reader
	body io.Closer
}

func openEvents(t testing.TB, url string) *stream {
	t.Helper()
	resp, err := http.Get(url + "events")
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("GET /events: Content-Type %q", ct)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &stream{r: bufio.NewReader(resp.Body), body: resp.Body}
}

// next reads the next event: its type ("" for an update) and data.
func (s *stream) next(t testing.TB) (string, []byte) {
	t.Helper()
	kind, data, err := s.read()
	if err != nil {
		t.Fatalf("reading the events: %v", err)
	}
	return kind, data
}

// read reads the next event.
func (s *stream) read() (string, []byte, error) {
	kind := ""
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", nil, err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			kind = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			return kind, []byte(strings.TrimPrefix(line, "data: ")), nil
		}
	}
}

// until reads updates until ok holds for one, and returns it.
func (s *stream) until(t testing.TB, what string, ok func(*update) bool) *update {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		kind, data := s.next(t)
		if kind != "" {
			continue
		}
		var u update
		if err := json.Unmarshal(data, &u); err != nil {
			t.Fatalf("an update that is not JSON: %v: %s", err, data)
		}
		if ok(&u) {
			return &u
		}
	}
	t.Fatalf("no update within a minute in which %s", what)
	return nil
}

const twoNodes = `
local ab = mesh.link("ab")
mesh.node("a", {links = {ab}, program = "node.every(0.1, function() node.broadcast('hi') print('said hi') end)"})
mesh.node("b", {links = {ab}, program = "counter"})
`

func serve(t testing.TB, h *bindings.Host, o ui.Options) string {
	t.Helper()
	url, err := h.ServeUI(bindings.DefaultUIAddr, o)
	if err != nil {
		t.Fatal(err)
	}
	return url
}

func TestViewShowsTheNetwork(t *testing.T) {
	h, L, _ := newHost(t, twoNodes)
	url := serve(t, h, ui.Options{})
	if err := h.RunChunk(L, "run.lua", "mesh.run(1)"); err != nil {
		t.Fatal(err)
	}
	h.LetRun(func() { // the script waits: the view may visit the network
		ev := openEvents(t, url)
		kind, data := ev.next(t)
		var shape struct {
			Nodes []struct{ Name string }
			Links []struct {
				Name string
				Ends []int
			}
		}
		if err := json.Unmarshal(data, &shape); kind != "shape" || err != nil {
			t.Fatalf("the first event is %q %s (%v), want the network's shape", kind, data, err)
		}
		if len(shape.Nodes) != 2 || shape.Nodes[0].Name != "a" || shape.Links[0].Name != "ab" || len(shape.Links[0].Ends) != 2 {
			t.Errorf("shape %s, want nodes a and b joined by ab", data)
		}
		u := ev.until(t, "the time is 1 s", func(u *update) bool { return u.Time == 1 })
		if u.Links[0][0] != 10 || u.Links[0][3] != 1 || u.Nodes[0][0] != 10 || u.Nodes[1][1] != 10 {
			t.Errorf("after 1 s: %+v, want link ab up with 10 frames offered, a sent 10, b received 10", u)
		}
		body := get(t, url+"node?name=a", http.StatusOK)
		var d struct {
			Sent uint64
			Log  []struct{ Text string }
		}
		if err := json.Unmarshal([]byte(body), &d); err != nil || d.Sent != 10 || len(d.Log) != 10 || d.Log[9].Text != "said hi" {
			t.Errorf("node a's details: %s (%v), want 10 sent and its 10 log lines", body, err)
		}
		if body := get(t, url+"node?name=x", http.StatusNotFound); !strings.Contains(body, `no node called "x"`) {
			t.Errorf("an unknown node: %q", body)
		}
		if page := get(t, url, http.StatusOK); !strings.Contains(page, `<script src="view.js">`) {
			t.Errorf("the page: %q", page)
		}
		get(t, url+"view.js", http.StatusOK)
	})
}

func get(t testing.TB, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("GET %s: %s, want %d: %s", url, resp.Status, status, b)
	}
	return string(b)
}

// post sends a control request and returns the status and the answer.
func post(t testing.TB, url, contentType, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"control", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if h := req.Header.Get("Host"); h != "" {
		req.Host = h
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestViewIsReadOnlyWithoutControl(t *testing.T) {
	h, _, _ := newHost(t, twoNodes)
	url := serve(t, h, ui.Options{})
	status, msg := post(t, url, "application/json", `{"action": "down", "link": "ab"}`)
	if status != http.StatusForbidden || !strings.Contains(msg, "--ui-control") {
		t.Errorf("a read-only view took a request: %d %q", status, msg)
	}
	if !h.Net.Link("ab").Up() {
		t.Error("a read-only view took link ab down")
	}
}

func TestViewTakesALinkDownAndUp(t *testing.T) {
	h, _, _ := newHost(t, twoNodes)
	url := serve(t, h, ui.Options{Control: true})
	for _, c := range []struct {
		contentType, body string
		header            []string
		status            int
		msg               string
	}{
		{"application/json", `{"action": "down", "link": "abb"}`, nil, 404, `no link called "abb" (did you mean "ab"?)`},
		{"application/json", `{"action": "down"}`, nil, 400, "down needs the link's name"},
		{"application/json", `{"action": "explode"}`, nil, 400, `unknown action "explode" (want down, up, pause, resume)`},
		{"application/json", `{"action": "down", "link": "ab", "why": 1}`, nil, 400, `unknown field "why"`},
		{"text/plain", `{"action": "down", "link": "ab"}`, nil, 415, "application/json"},
		{"application/json", `{"action": "down", "link": "ab"}`, []string{"Origin", "http://evil.example"}, 403, "the view's own page"},
		{"application/json", `{"action": "down", "link": "ab"}`, []string{"Host", "evil.example:80", "Origin", "http://evil.example:80"}, 403, "the view's own page"},
	} {
		if status, msg := post(t, url, c.contentType, c.body, c.header...); status != c.status || !strings.Contains(msg, c.msg) {
			t.Errorf("POST %s: %d %q, want %d and %q", c.body, status, msg, c.status, c.msg)
		}
	}
	if !h.Net.Link("ab").Up() {
		t.Fatal("a refused request took link ab down")
	}
	h.LetRun(func() {
		ev := openEvents(t, url)
		if status, msg := post(t, url, "application/json", `{"action": "down", "link": "ab"}`, "Origin", strings.TrimSuffix(url, "/")); status != http.StatusAccepted {
			t.Fatalf("POST down: %d %q", status, msg)
		}
		ev.until(t, "link ab is down", func(u *update) bool { return u.Links[0][3] == 0 })
	})
	if h.Net.Link("ab").Up() {
		t.Fatal("the page took link ab down, but it is up")
	}
	h.LetRun(func() {
		ev := openEvents(t, url)
		post(t, url, "application/json", `{"action": "up", "link": "ab"}`)
		ev.until(t, "link ab is up", func(u *update) bool { return u.Links[0][3] == 1 })
	})
}

// pausedRun pauses the view of a new network of two nodes from the page,
// then starts mesh.run(1) on a goroutine of its own, and returns once an
// update shows the run paused: the host, the page's URL, what the run
// returns, and that update.
func pausedRun(t *testing.T) (*bindings.Host, string, <-chan error, *update) {
	t.Helper()
	h, L, _ := newHost(t, twoNodes)
	url := serve(t, h, ui.Options{Control: true})
	ev := openEvents(t, url)
	post(t, url, "application/json", `{"action": "pause"}`)
	h.LetRun(func() { ev.until(t, "the view is paused", func(u *update) bool { return u.Paused }) })
	done := make(chan error, 1)
	go func() { done <- h.RunChunk(L, "run.lua", "mesh.run(1)") }()
	u := ev.until(t, "a run is paused", func(u *update) bool { return u.Running && u.Paused })
	return h, url, done, u
}

func TestViewPausesARun(t *testing.T) {
	h, url, done, u := pausedRun(t)
	if u.Time != 0 {
		t.Errorf("the paused run is at %v s, want 0 s: it pauses before its first event", u.Time)
	}
	select {
	case err := <-done:
		t.Fatalf("the run ended while paused: %v", err)
	default:
	}
	post(t, url, "application/json", `{"action": "resume"}`)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if now := h.Net.Now(); now != time.Second {
		t.Errorf("after the resumed run the time is %v, want 1s", now)
	}
}

func TestInterruptEndsAPause(t *testing.T) {
	h, _, done, _ := pausedRun(t)
	h.Interrupt() // Ctrl-C
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("the interrupted run returned %v", err)
	}
}

// seededRun runs a seeded network in steps of a second of virtual time
// until done(step) says to stop, then prints what it computed: totals,
// and the script's next random number.
const seededRun = `
mesh.seed(11)
mesh.topo.ring(30, {program = "node.every(0.01, function() node.broadcast(tostring(math.random(1000))) end)",
  link = {loss = 0.1, jitter = "1ms", delay = "2ms"}})
for step = 1, 100000 do
  mesh.run(1)
  if done(step) then break end
end
local s = mesh.stats()
print(mesh.now(), s.sent, s.delivered, s.dropped, s.drops.loss, math.random(1000000))
`

// TestViewDoesNotChangeASeededRun runs a seeded network in virtual time
// with the view served and watched, until the view has taken an update
// during a run, then again as many steps without the view: the two runs
// compute the same.
func TestViewDoesNotChangeASeededRun(t *testing.T) {
	h, L, watched := newHost(t, "")
	url := serve(t, h, ui.Options{})
	ev := openEvents(t, url)
	var seen atomic.Bool
	go func() {
		for !seen.Load() {
			kind, data, err := ev.read()
			if err != nil {
				return
			}
			var u update
			seen.Store(kind == "" && json.Unmarshal(data, &u) == nil && u.Running && u.Time > 0)
		}
	}()
	steps := 0
	L.SetGlobal("done", L.NewFunction(func(L *lua.LState) int {
		steps = L.CheckInt(1)
		L.Push(lua.LBool(seen.Load()))
		return 1
	}))
	if err := h.RunChunk(L, "test.lua", seededRun); err != nil {
		t.Fatal(err)
	}

	h2, L2, plain := newHost(t, "")
	L2.SetGlobal("done", L2.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(L.CheckInt(1) == steps))
		return 1
	}))
	if err := h2.RunChunk(L2, "test.lua", seededRun); err != nil {
		t.Fatal(err)
	}
	if plain.String() != watched.String() {
		t.Errorf("the run watched by the view printed\n%s\nwithout the view\n%s", watched, plain)
	}
	t.Logf("the view took an update during step %d", steps)
}

// TestViewFollowsARealTimeRun looks at a run in real time: updates come
// while it runs (from an event in the network's own loop), and a pause
// from the page holds the network still until it resumes.
func TestViewFollowsARealTimeRun(t *testing.T) {
	h, L, _ := newHost(t, "mesh.realtime(true)"+twoNodes)
	url := serve(t, h, ui.Options{Control: true})
	ev := openEvents(t, url)
	done := make(chan error, 1)
	go func() { done <- h.RunChunk(L, "run.lua", "mesh.run(60)") }()
	first := ev.until(t, "the run is on with frames sent", func(u *update) bool { return u.Running && u.Links[0][0] > 0 })
	ev.until(t, "more frames are sent", func(u *update) bool { return u.Links[0][0] > first.Links[0][0] })
	post(t, url, "application/json", `{"action": "pause"}`)
	held := ev.until(t, "the run is paused", func(u *update) bool { return u.Paused })
	for range 3 {
		u := ev.until(t, "an update comes", func(*update) bool { return true })
		if u.Time != held.Time || u.Links[0][0] != held.Links[0][0] {
			t.Fatalf("paused at %v s with %d frames, the network moved to %v s and %d frames", held.Time, held.Links[0][0], u.Time, u.Links[0][0])
		}
	}
	post(t, url, "application/json", `{"action": "resume"}`)
	ev.until(t, "the run goes on", func(u *update) bool { return !u.Paused && u.Links[0][0] > held.Links[0][0] })
	h.Interrupt()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("the interrupted run returned %v", err)
	}
}

// TestViewPausesARealTimeNetworkBetweenRuns pauses a network in real time
// while the script waits for the user (the network runs on by itself
// there): it holds still, updates go on, and it moves again on resume.
func TestViewPausesARealTimeNetworkBetweenRuns(t *testing.T) {
	h, _, _ := newHost(t, "mesh.realtime(true)"+twoNodes)
	url := serve(t, h, ui.Options{Control: true})
	h.LetRun(func() {
		ev := openEvents(t, url)
		first := ev.until(t, "frames are sent", func(u *update) bool { return u.Links[0][0] > 0 })
		post(t, url, "application/json", `{"action": "pause"}`)
		held := ev.until(t, "the network is paused", func(u *update) bool { return u.Paused })
		for range 3 {
			// Not Fatal: the resume below must come, or the network
			// stays held and the test with it.
			if u := ev.until(t, "an update comes", func(*update) bool { return true }); u.Time != held.Time || u.Links[0][0] != held.Links[0][0] {
				t.Errorf("paused at %v s with %d frames, the network moved to %v s and %d frames", held.Time, held.Links[0][0], u.Time, u.Links[0][0])
				break
			}
		}
		post(t, url, "application/json", `{"action": "resume"}`)
		ev.until(t, "the network moves again", func(u *update) bool { return !u.Paused && u.Links[0][0] > max(held.Links[0][0], first.Links[0][0]) })
	})
}
