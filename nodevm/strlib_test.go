package nodevm

import (
	"fmt"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// patternSubjects and patterns are what the pattern functions are tested
// on.
var (
	patternSubjects = []string{
		"", "hello world", "key=value; k2=v2", "  padded  ", "a.b.c", "f(a(b)c)d(e",
		"aaa", "x\x00y", "\x80caf\xc3\xa9\xff", "one two  three", "192.168.1.10", `say "hi" 'x'`,
	}
	patterns = []string{
		"", "o", "l+", "(o)", "()o()", "^(%w+)=(%w+)", "(%w+)=(%w+)", "%s*(.-)%s*$", "^%s*(.-)%s*$",
		"[%a_][%w_]*", "%d+%.?%d*", "(%d+)%.(%d+)%.(%d+)%.(%d+)", "%b()", "(['\"])(.-)%1",
		"^", "$", "^$", ".", ".-", ".*", "a*", "a-", "a?", "[^%s]+", "%S+", "[]]", "[^]]", "[a-]",
		"[-a]", "[%a-z]", "[a-b-c]", "[a--]", "%f[%w]", "a$b", "(a$)", "^^", "**", "(*)",
		"%z", "[\x80-\xff]+", "%p", "%c", "%x+", "%u", "%l+", "[%.]", "%.", "x%1", "(l)%1",
		"(l)(%1)", "[a", "(a", "a)", "%0",
	}
)

func TestPatternFunctionsAgreeWithGopherLua(t *testing.T) {
	var calls []string
	for _, s := range patternSubjects {
		for _, p := range patterns {
			s, p := luaQuote(s), luaQuote(p)
			for _, c := range []string{
				"string.find(%s, %s)", "string.find(%s, %s, 3)", "string.find(%s, %s, -3)",
				"string.find(%s, %s, 0)", "string.find(%s, %s, 100)", "string.find(%s, %s, 1, true)",
				"string.find(%s, %s, 1, false)", "string.match(%s, %s)", "string.match(%s, %s, 2)",
				"string.match(%s, %s, -2)", "gather(%s, %s)", "string.gsub(%s, %s, '<%%0>')",
				"string.gsub(%s, %s, '%%1%%%%%%x%%')", "string.gsub(%s, %s, repl)", "string.gsub(%s, %s, fn)",
				"string.gsub(%s, %s, 'x', 1)", "string.gsub(%s, %s, 'x', 0)", "string.gsub(%s, %s, 'x', -1)",
				"string.gsub(%s, %s, 'x', 2.5)", "(%s):find(%s)",
			} {
				calls = append(calls, fmt.Sprintf(c, s, p))
			}
		}
	}
	sameInNodeAndScript(t, calls)
}

func TestStringFunctionsAgreeWithGopherLua(t *testing.T) {
	calls := []string{
		"string.rep('ab', 3)", "string.rep('ab', 0)", "string.rep('ab', -1)", "string.rep('', 1e9)", "('x'):rep(2)",
		"string.byte('abc')", "string.byte('abc', 2)", "string.byte('abc', -1)", "string.byte('abc', 0)",
		"string.byte('abc', 5)", "string.byte('abc', 1, -1)", "string.byte('abc', 2, 10)", "string.byte('abc', 3, 1)",
		"string.byte('abc', -10, 2)", "string.byte('')",
		"string.format('%d|%5.2f|%s|%q|%x', 42, 3.14159, 'str', 'a\\0b\"', 255)",
		"string.format('%5s|%-5s|%.2s', 'ab', 'ab', 'abc')", "string.format('%%|%c%c', 72, 105)",
		"string.format('%d', '12')", "string.format('%s %s', 1)", "string.format('%s', 1, 2)",
		"string.format('%[2]s %[1]s', 'a', 'b')", "string.format('%*d', 5, 3)", "string.format('%10.3e', 12345.678)",
		"string.format('%g %G', 1e20, 1e-5)", "string.format('%o %X %#x', 8, 255, 255)", "string.format('%5')",
		"string.format('%s', true)", "string.format('%x', 'hi')", "string.format('% x', 'hi')", "string.format('%+d', 5)",
		"string.format('abc')", "string.format('%%%d', 5)",
		"table.concat({1, 2, 3}, '.')", "table.concat({'a', 'b'})", "table.concat({'a', 'b', 'c'}, ',', 2)",
		"table.concat({'a', 'b', 'c'}, ',', 0)", "table.concat({'a', 'b', 'c'}, ',', 5)", "table.concat({'a', 'b', 'c'}, ',', 2, 3)",
		"table.concat({'a', 'b', 'c'}, ',', 0, 2)", "table.concat({'a', 'b', 'c'}, ',', 3, 2)", "table.concat({}, ',')",
		"table.concat({'a', {}, 'c'}, ',')", "table.concat({1.5, 2e20, -0}, ' ')", "table.concat({'a', 'b'}, 3)",
		"unpack({1, 2, 3})", "unpack({1, 2, 3}, 2)", "unpack({1, 2, 3}, 2, 5)", "unpack({1, 2, 3}, 3, 1)", "unpack({}, -1, 1)",
		"unpack({1, nil, 3})",
		"(function() local t = {5, 2, 8, 1} table.sort(t) return unpack(t) end)()",
		"(function() local t = {'b', 'c', 'a'} table.sort(t, function(a, b) return a > b end) return unpack(t) end)()",
		"(function() local t = {3, 'a'} table.sort(t) return unpack(t) end)()",
		"(function() local t = {} table.sort(t) return #t end)()",
		"(function() local t = {3, 1, 2} table.sort(t, function(a, b) error('boom') end) end)()",
	}
	sameInNodeAndScript(t, calls)
}

// TestPatternFunctionsWhereGopherLuaFails checks where node VMs differ from
// gopher-lua on purpose: Lua's errors for malformed patterns and
// replacement values, a gmatch iterator that works outside a for loop, and
// no crash for a plain find past the end.
func TestPatternFunctionsWhereGopherLuaFails(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `local calls = {
  function() return string.find("a%", "a%") end,
  function() return string.find("x", "[a") end,
  function() return string.find("x", "%b(") end,
  function() return string.find("x", "(x") end,
  function() return string.find("x", "x)") end,
  function() return string.find("x", "%0") end,
  function() return string.find("aa", "(a%1)") end,
  function() return string.find("x", string.rep("()", 33)) end,
  function() return string.find(string.rep("a", 300), string.rep("a?", 300)) end,
  function() return string.gsub("abc", "%w", {a = {}}) end,
  function() return string.gsub("abc", "%w", function() return true end) end,
  function() return string.gsub("abc", "(%w)", "%2") end,
  function() local it = ("one two"):gmatch("%a+") return it(), it(), it() end,
  function() return select("#", ("one two"):gmatch("%a+")) end,
  function() return string.find("abc", "b", 10, true) end,
}
function run(i) return pcall(calls[i]) end`, nodeOptions{})
	for i, want := range []string{
		"false\t[n]:2: malformed pattern (ends with '%')",
		"false\t[n]:3: malformed pattern (missing ']')",
		"false\t[n]:4: malformed pattern (missing arguments to '%b')",
		"false\t[n]:5: unfinished capture",
		"false\t[n]:6: invalid pattern capture",
		"false\t[n]:7: invalid capture index",
		"false\t[n]:8: invalid capture index",
		"false\t[n]:9: too many captures",
		"false\t[n]:10: pattern too complex",
		"false\t[n]:11: invalid replacement value (a table)",
		"false\t[n]:12: invalid replacement value (a boolean)",
		"false\t[n]:13: invalid capture index",
		"true\tone\ttwo",
		"true\t1",
		"true\tnil",
	} {
		if got := tn.mustCall(n, "run", lua.LNumber(i+1)); got != want {
			t.Errorf("call %d: %q, want %q", i+1, got, want)
		}
	}
}
