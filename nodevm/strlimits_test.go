package nodevm

import (
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
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
			tn := newTestNet(t)
			n := tn.node("n", `function spin() local s = string.rep("a", 1e5) return `+call+` end
function alive() return "alive" end`, nodeOptions{budget: 200 * time.Millisecond})
			if _, err := tn.call(n, "spin"); err == nil || !strings.Contains(err.Error(), "budget") {
				t.Errorf("the call should be stopped by the budget: %v", err)
			}
			m := tn.node("m", "function alive() return 'alive' end", nodeOptions{})
			if got := tn.mustCall(m, "alive"); got != "alive" {
				t.Errorf("another node: %q", got)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("stopping took %v", d)
			}
		})
	}
}

func TestOversizedResultsAreRefused(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `local s = string.rep("x", 2^24)
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
function alive() return #s end`, nodeOptions{budget: 60 * time.Second})
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
		if got := tn.mustCall(n, "run", lua.LNumber(i+1)); !strings.HasPrefix(got, "false\t") || !strings.Contains(got, want) {
			t.Errorf("call %d: %q, want an error with %q", i+1, got, want)
		}
	}
	if got := tn.mustCall(n, "alive"); got != "16777216" {
		t.Errorf("the node should still run: %q", got)
	}
}

// TestLongPayloads runs on 200 KB what took gopher-lua's gsub from 25 s to
// minutes.
func TestLongPayloads(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `function run()
  local payload = string.rep("the quick brown fox, ", 1e4)
  local doubled = payload:gsub(".", "%0%0")
  local words = 0
  for w in payload:gmatch("%a+") do words = words + 1 end
  local upper = payload:gsub("%a+", string.upper)
  local t = {}
  for i = 1, 1e5 do t[i] = i % 1000 end
  table.sort(t)
  return #doubled, words, #upper, #table.concat(t, ",")
end`, nodeOptions{budget: 30 * time.Second})
	if got := tn.mustCall(n, "run"); got != "420000\t40000\t210000\t388999" {
		t.Errorf("got %q", got)
	}
}

func TestSortingAHugeTableIsStopped(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", "function sort(t) table.sort(t) return #t end", nodeOptions{budget: 200 * time.Millisecond})
	big := tn.L.NewTable()
	for i := 1; i <= 2e6; i++ {
		big.RawSetInt(i, lua.LNumber((i*7919)%1000003))
	}
	if _, err := tn.call(n, "sort", big); err == nil || !strings.Contains(err.Error(), "budget") {
		t.Errorf("sorting 2M numbers in 200ms: %v", err)
	}
}
