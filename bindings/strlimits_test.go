package bindings

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// The calls of node programs that once ran for minutes or took the whole
// process's memory: each must now be stopped by the node's budget or
// refused with a clear error, and the process go on.

func TestRunawayPatternsAreStopped(t *testing.T) {
	for _, call := range []string{
		`string.find(s, ".-.-.-b")`,
		`s:match(".-.-.-b")`,
		`string.gsub(s, ".-.-.-b", "")`,
		`(function() for x in s:gmatch(".-.-.-b") do end end)()`,
		`string.find(s, "(.-)(.-)(.-)%1%2%3b")`,
	} {
		t.Run(call, func(t *testing.T) {
			start := time.Now()
			out := mustRun(t, `
local n = mesh.node("n", {budget = "200ms", program = [[
function spin() local s = string.rep("a", 1e5) return `+call+` end
function alive() return "alive" end]]})
print(pcall(n.call, n, "spin"))
local m = mesh.node("m", {program = "function alive() return 'alive' end"})
print(m:call("alive"))`)
			ls := scriptLines(out)
			if !strings.HasPrefix(ls[0], "false") || !strings.Contains(ls[0], "budget") {
				t.Errorf("the call should be stopped by the budget: %q", ls[0])
			}
			if ls[1] != "alive" {
				t.Errorf("another node: %q", ls[1])
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("stopping took %v", d)
			}
		})
	}
}

// signalWriter reports on a channel when a line with a marker is written.
type signalWriter struct {
	marker string
	seen   chan struct{}
}

func (w *signalWriter) Write(b []byte) (int, error) {
	if strings.Contains(string(b), w.marker) {
		close(w.seen)
	}
	return len(b), nil
}

func TestInterruptStopsARunawayMatch(t *testing.T) {
	w := &signalWriter{marker: "matching now", seen: make(chan struct{})}
	h := NewHost(io.MultiWriter(w), t.TempDir())
	defer h.Close()
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer L.Close()
	go func() {
		<-w.seen
		h.Interrupt()
	}()
	err = h.RunChunk(L, "test.lua", `
local n = mesh.node("n", {budget = "1h", program = [[
function spin() print("matching now") return string.find(string.rep("a", 1e5), ".-.-.-b") end]]})
n:call("spin")`)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("got %v, want the call interrupted", err)
	}
}

func TestOversizedResultsAreRefused(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {budget = "60s", program = [=[
local s = string.rep("x", 2^24)
local many = {}
for i = 1, 400 do many[i] = s end
local calls = {
  function() return table.concat(many) end,
  function() return table.concat(many, ",", 1, 2) end,
  function() return string.rep("x", 2^25) end,
  function() return ("xy"):rep(1e18) end,
  function() return string.format("%99999999d", 1) end,
  function() return string.format(string.rep("%s", 100), unpack(many, 1, 100)) end,
  function() return string.format("%q", s) end,
  function() return string.format("%d", many) end,
  function() return string.gsub(string.rep("x", 2^20), "x", string.rep("y", 100)) end,
  function() return string.gsub("ab", "%w", function() return s end) end,
  function() return unpack({}, 1, 1e8) end,
  function() return select("#", string.byte(s, 1, -1)) end,
}
function run(i) local ok, err = pcall(calls[i]) return ok, ok and "" or err end
function alive() return #s end]=]})
for i = 1, 12 do print(n:call("run", i)) end
print(n:call("alive"))`)
	ls := scriptLines(out)
	const limit = "exceeds the node's string limit of 16777216 bytes"
	for i, want := range []string{
		"table.concat: a result of 6710886400 bytes " + limit,
		"table.concat: a result of 33554433 bytes " + limit,
		"string.rep: a result of 33554432 bytes " + limit,
		"string.rep: a result of 2000000000000000000 bytes " + limit,
		"string.format: a result of up to",
		"string.format: a result of up to",
		"string.format: a result of up to",
		"string.format: a result of up to",
		"string.gsub: the result grows past the node's string limit of 16777216 bytes",
		"string.gsub: the result grows past the node's string limit of 16777216 bytes",
		"too many results to unpack",
		"registry overflow",
	} {
		if !strings.HasPrefix(ls[i], "false\t") || !strings.Contains(ls[i], want) {
			t.Errorf("call %d: %q, want an error with %q", i+1, ls[i], want)
		}
	}
	if ls[len(ls)-1] != "16777216" {
		t.Errorf("the node should still run: %q", ls[len(ls)-1])
	}
}

// TestLongPayloads runs on 200 KB what took gopher-lua's gsub from 25 s to
// minutes.
func TestLongPayloads(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {budget = "30s", program = [[
function run()
  local payload = string.rep("the quick brown fox, ", 1e4)
  local doubled = payload:gsub(".", "%0%0")
  local words = 0
  for w in payload:gmatch("%a+") do words = words + 1 end
  local upper = payload:gsub("%a+", string.upper)
  local t = {}
  for i = 1, 1e5 do t[i] = i % 1000 end
  table.sort(t)
  return #doubled, words, #upper, #table.concat(t, ",")
end]]})
print(n:call("run"))`)
	if ls := scriptLines(out); ls[0] != "420000\t40000\t210000\t388999" {
		t.Errorf("got %q", ls[0])
	}
}

func TestSortingAHugeTableIsStopped(t *testing.T) {
	out := mustRun(t, `
local n = mesh.node("n", {budget = "200ms", program = "function sort(t) table.sort(t) return #t end"})
local t = {}
for i = 1, 2e6 do t[i] = (i * 7919) % 1000003 end
print(pcall(n.call, n, "sort", t))`)
	if ls := scriptLines(out); !strings.HasPrefix(ls[0], "false") || !strings.Contains(ls[0], "budget") {
		t.Errorf("sorting 2M numbers in 200ms: %q", ls[0])
	}
}
