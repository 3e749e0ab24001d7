package nodevm

import (
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

func TestConcatenationAgreesWithGopherLua(t *testing.T) {
	mt := "setmetatable({}, {__concat = function(a, b) return '[' .. type(a) .. '+' .. type(b) .. ']' end})"
	sameInNodeAndScript(t, []string{
		"'a' .. 'b'", "'a' .. 1", "1 .. 2", "1.5 .. 'x' .. -0", "2^63 .. ''", "1e100 .. 1e-100",
		"'a' .. 'b' .. 'c' .. 'd' .. 'e' .. 'f' .. 'g' .. 'h' .. 'i' .. 'j' .. 'k'",
		"('a' .. 'b') .. ('c' .. 'd')", "('a' .. 'b'):upper() .. 'c'", "#('ab' .. 'cd')",
		"'a' .. " + mt, mt + " .. 'a'", "'a' .. 'b' .. " + mt + " .. 'c' .. 'd'",
		mt + " .. " + mt, "1 .. " + mt + " .. 2 .. " + mt,
		"'a' .. nil", "nil .. 'a'", "'a' .. {}", "'a' .. 'b' .. true .. 'c'",
		"(function(...) return 'x' .. ... end)('y', 'z')", "(function(...) return ... .. 'x' end)('y', 'z')",
		"(function() local function two() return 'p', 'q' end return 'x' .. two() end)()",
		"(function() local function two() return 'p', 'q' end return two() .. 'x' .. two() end)()",
		"(function() local s = '' for i = 1, 5 do s = s .. i .. ',' end return s end)()",
		"(function() local t = {k = 'v' .. 1} return t.k .. #t end)()",
		"(function() local s = 'a' while #s < 5 do s = s .. s end return s end)()",
		"select('#', 'a' .. 'b', 'c')", "tostring('a' .. 'b' == 'ab')", "'a' .. 'b' < 'a' .. 'c'",
		"'x' .. string.rep('y', 3) .. ('z'):rep(2)",
	})
}

func TestConcatenationErrorsKeepTheirLines(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `local function f(x)
  local y = "a" ..
    x
  return y
end
function bad() local r = f(nil) return r end
function good() return f(1) end`, nodeOptions{})
	if got := tn.mustCall(n, "good"); got != "a1" {
		t.Errorf("good: %q", got)
	}
	_, err := tn.call(n, "bad")
	// The error names the line of the expression, as gopher-lua's own
	// concatenation does, and the traceback the lines of the calls; the
	// function that concatenates shows as a frame of its own.
	for _, want := range []string{
		`[n]:2: cannot perform concat operation between string and nil`,
		"stack traceback:\n\t[G]: in function '..'\n\t[n]:2: in function 'f'\n\t[n]:6: in main chunk",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
}

func TestLongConcatenationsAreRefused(t *testing.T) {
	chain := "s" + strings.Repeat(" .. s", 189) // gopher-lua compiles chains of up to 199
	tn := newTestNet(t)
	n := tn.node("n", `
local s = string.rep("x", 2^24)
local big = setmetatable({}, {__concat = function() return s end})
local calls = {
  function() return `+chain+` end,
  function() local t = s while true do t = t .. t end end,
  function() return s .. "!" end,
  function() return 1 .. s end,
  function() return "!" .. big .. "?" end,
}
function run(i) return pcall(calls[i]) end
function alive() return #(s .. "") end`, nodeOptions{budget: 60 * time.Second})
	for i, size := range []string{"3187671040", "33554432", "16777217", "16777217", "16777217"} {
		got := tn.mustCall(n, "run", lua.LNumber(i+1))
		want := "concatenation (..): a result of " + size + " bytes exceeds the node's string limit of 16777216 bytes"
		if !strings.HasPrefix(got, "false\t") || !strings.Contains(got, want) {
			t.Errorf("call %d: %q, want an error with %q", i+1, got, want)
		}
	}
	if got := tn.mustCall(n, "alive"); got != "16777216" {
		t.Errorf("the node should still run: %q", got)
	}
}
