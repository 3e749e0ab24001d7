package bindings

import (
	"fmt"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// TestUnitsModuleReadsAsMeshDoes checks that the stdlib's units module, which
// programs and filters use, reads durations and rates as mesh reads them for
// links and timers: the same values, and errors for the same inputs.
func TestUnitsModuleReadsAsMeshDoes(t *testing.T) {
	durations := []lua.LValue{lua.LNumber(0), lua.LNumber(2.5), lua.LNumber(-1), lua.LString("0"),
		lua.LString("250ms"), lua.LString("2s"), lua.LString("1m"), lua.LString("1h30m"), lua.LString(" 1.5s "),
		lua.LString("300us"), lua.LString("300µs"), lua.LString("10ns"), lua.LString(".5s"), lua.LString("2"),
		lua.LString("2 parsecs"), lua.LString("2 s"), lua.LString("-1s"), lua.LString(""), lua.LString("1.2.3s"), lua.LTrue}
	rates := []lua.LValue{lua.LNumber(0), lua.LNumber(1e6), lua.LNumber(-5), lua.LString("10Mbit"), lua.LString("512kbit"),
		lua.LString("1Gbps"), lua.LString("1.5mbit"), lua.LString("10 Mbit"), lua.LString("1000"), lua.LString("1e6"),
		lua.LString("100bps"), lua.LString("0x10"), lua.LString("fast"), lua.LString("10Mb"), lua.LString("Mbit"), lua.LString(""), lua.LTrue}
	var src strings.Builder
	src.WriteString("local units = require 'units'\nfunction check()\n  local out = {}\n")
	for _, v := range durations {
		fmt.Fprintf(&src, "  out[#out + 1] = {units.duration(%s)}\n", luaLiteral(v))
	}
	for _, v := range rates {
		fmt.Fprintf(&src, "  out[#out + 1] = {units.rate(%s)}\n", luaLiteral(v))
	}
	src.WriteString("  local lines = {}\n  for i, r in ipairs(out) do lines[i] = tostring(r[1]) .. '|' .. tostring(r[2]) end\n" +
		"  return table.concat(lines, '\\n')\nend")
	out := mustRun(t, "print(mesh.node('n', {program = "+fmt.Sprintf("%q", src.String())+"}):call('check'))")
	got := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(got) != len(durations)+len(rates) {
		t.Fatalf("got %d results for %d inputs:\n%s", len(got), len(durations)+len(rates), out)
	}
	for i, v := range durations {
		value, msg, _ := strings.Cut(got[i], "|")
		d, err := luakit.ParseDuration(v)
		switch {
		case err != nil && value != "nil":
			t.Errorf("duration %s: mesh refuses it (%v), units reads %s", luaLiteral(v), err, value)
		case err == nil && value != fmt.Sprint(luakit.Seconds(d)):
			t.Errorf("duration %s: mesh reads %v, units %s (%s)", luaLiteral(v), luakit.Seconds(d), value, msg)
		case err != nil && strings.HasPrefix(err.Error(), "bad duration") && !strings.HasPrefix(msg, "bad duration"):
			t.Errorf("duration %s: units says %q, mesh %q", luaLiteral(v), msg, err)
		}
	}
	for i, v := range rates {
		value, msg, _ := strings.Cut(got[len(durations)+i], "|")
		r, err := luakit.ParseRate(v)
		switch {
		case err != nil && value != "nil":
			t.Errorf("rate %s: mesh refuses it (%v), units reads %s", luaLiteral(v), err, value)
		case err == nil && value != fmt.Sprint(lua.LNumber(r)):
			t.Errorf("rate %s: mesh reads %v, units %s (%s)", luaLiteral(v), r, value, msg)
		case err != nil && err.Error() != msg:
			t.Errorf("rate %s: units says %q, mesh %q", luaLiteral(v), msg, err)
		}
	}
}

// luaLiteral writes v as Lua source.
func luaLiteral(v lua.LValue) string {
	if s, ok := v.(lua.LString); ok {
		return fmt.Sprintf("%q", string(s))
	}
	return v.String()
}
