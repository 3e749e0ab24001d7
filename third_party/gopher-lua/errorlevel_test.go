package lua

import (
	"strings"
	"testing"
)

// error(msg, level) puts the position of the function level levels up in
// front of msg (Lua 5.1 manual, error): 1 is where error was called, 2
// the caller of that function. v1.1.2 gave the position of level 1 for
// level 2 as well.
func TestErrorLevelNamesTheCaller(t *testing.T) {
	L := NewState()
	defer L.Close()
	err := L.DoString(`
local function check(x)
  if not x then error("x is missing", 2) end -- line 3
end
local function one() error("here", 1) end   -- line 5
local function zero() error("bare", 0) end
local ok, e2 = pcall(function()
  check(nil)                                 -- line 8
end)
local _, e1 = pcall(one)
local _, e0 = pcall(zero)
result = e2 .. "|" .. e1 .. "|" .. e0
`)
	if err != nil {
		t.Fatal(err)
	}
	got := L.GetGlobal("result").String()
	want := "<string>:8: x is missing|<string>:5: here|bare"
	if !strings.Contains(got, want) {
		t.Errorf("error levels: got %q, want %q", got, want)
	}
}
