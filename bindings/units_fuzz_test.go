package bindings

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// unitsNode is a script state with a node whose program answers
// duration(v) and rate(v) with the stdlib's units module; ask calls one
// of them through node:call, as the node's own code would run.
type unitsNode struct {
	L   *lua.LState
	ask *lua.LFunction
}

func newUnitsNode(f *testing.F) *unitsNode {
	var out bytes.Buffer
	h := NewHost(&out, f.TempDir())
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { L.Close(); h.Close() })
	err = h.RunChunk(L, "units.lua", `
local n = mesh.node("n", {program = [[
  local units = require "units"
  function duration(v) return units.duration(v) end
  function rate(v) return units.rate(v) end]]})
function ask(kind, v) return n:call(kind, v) end`)
	if err != nil {
		f.Fatalf("%v\n%s", err, out.String())
	}
	return &unitsNode{L: L, ask: L.GetGlobal("ask").(*lua.LFunction)}
}

// call returns what the units module's kind makes of v: a number, or
// nil and a message.
func (u *unitsNode) call(t *testing.T, kind string, v lua.LValue) (lua.LValue, lua.LValue) {
	if err := u.L.CallByParam(lua.P{Fn: u.ask, NRet: 2, Protect: true}, lua.LString(kind), v); err != nil {
		t.Fatalf("units.%s(%s) raised %v", kind, luaLiteral(v), err)
	}
	value, msg := u.L.Get(-2), u.L.Get(-1)
	u.L.Pop(2)
	return value, msg
}

// fuzzUnits checks that mesh's parser (goParse, whose value it compares
// in float64) and the units module's kind read any string and any number
// alike: both refuse it, or both read the same value, up to tolerance(v,
// value), the resolution of mesh's value and the rounding of floating
// point. Where one refuses a value the other reads within a rounding of
// limit, the largest value (0: none), floating point cannot tell who is
// right.
func fuzzUnits(f *testing.F, kind string, seeds []string, numbers []float64, goParse func(lua.LValue) (float64, error),
	tolerance func(v lua.LValue, value float64) float64, limit float64) {
	for i, s := range seeds {
		f.Add(s, numbers[i%len(numbers)])
	}
	u := newUnitsNode(f)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		for _, v := range []lua.LValue{lua.LString(s), lua.LNumber(x)} {
			goValue, err := goParse(v)
			value, msg := u.call(t, kind, v)
			n, ok := value.(lua.LNumber)
			if limit > 0 && (err != nil) == ok && math.Abs(max(float64(n), goValue)-limit) <= 1e-12*limit {
				continue
			}
			if err != nil && value != lua.LNil || err == nil && !(ok && math.Abs(float64(n)-goValue) <= tolerance(v, goValue)) {
				t.Fatalf("%s %s: mesh reads %v (%v), units %v (%v)", kind, luaLiteral(v), goValue, err, value, msg)
			}
		}
	})
}

// FuzzDuration reads durations with mesh's parser and the units module.
// Mesh's are whole nanoseconds, rounded down in each term of a string
// ("1.5ns2.5ns" is 3ns); near the longest duration (2^63 ns) floating
// point cannot tell whether a string is just within it or just past.
func FuzzDuration(f *testing.F) {
	const longest = float64(1<<63) / 1e9
	// Each of these once read otherwise in one than in the other.
	seeds := []string{"0", "250ms", "1h30m", " 1.5s ", "300µs", ".5s", "2", "2 s", "-1s", "", "1.2.3s", "1e3s",
		"+0", "-0s", "+1s", "10000000h", " 1s\u00a0", "1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s"}
	numbers := []float64{2.5, -1, 1e30, 9223372036.854776, math.Inf(1), math.NaN()}
	fuzzUnits(f, "duration", seeds, numbers, func(v lua.LValue) (float64, error) {
		d, err := luakit.ParseDuration(v)
		return d.Seconds(), err
	}, func(v lua.LValue, value float64) float64 {
		return 1e-9*float64(len(lua.LVAsString(v))+1) + 1e-15*value
	}, longest)
}

// FuzzRate reads rates with mesh's parser and the units module. Mesh's
// are whole bits per second, rounded down.
func FuzzRate(f *testing.F) {
	// Each of these once read otherwise in one than in the other.
	seeds := []string{"10Mbit", "512kbit", "1Gbps", "1.5mbit", "10 Mbit", "1000", "1e6", "0x10", "fast", "10Mb", "",
		"+5", "-0", "0x1p4", "e5", "1e400", "99999999999999999999", "\u212abit", "1e19gbit"}
	numbers := []float64{1e6, -5, 1e30, 1 << 64, math.Inf(1), math.NaN()}
	fuzzUnits(f, "rate", seeds, numbers, func(v lua.LValue) (float64, error) {
		r, err := luakit.ParseRate(v)
		return float64(r), err
	}, func(_ lua.LValue, value float64) float64 { return 1 + 1e-15*value }, 0)
}
