package luaargs

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// check runs args.check over given with spec, both Lua expressions, and
// returns the result as "name=value" pairs, or the error.
func runCheck(t *testing.T, given, spec string) (string, error) {
	t.Helper()
	L := lua.NewState()
	defer L.Close()
	m := L.NewTable()
	luakit.SetFuncs(L, m, Funcs())
	L.SetGlobal("args", m)
	err := L.DoString(`
local v = args.check("p args", ` + given + `, ` + spec + `)
local keys = {}
for k in pairs(v) do keys[#keys + 1] = k end
table.sort(keys)
for i, k in ipairs(keys) do keys[i] = k .. "=" .. tostring(v[k]) end
result = table.concat(keys, " ")`)
	return L.GetGlobal("result").String(), err
}

func TestCheckReadsEveryKind(t *testing.T) {
	got, err := runCheck(t, `{d = "1m30s", r = "2Mbit", w = 3, s = "x", b = false, n = -1.5}`,
		`{d = {"duration"}, r = {"rate"}, w = {"whole", 1, min = 1, max = 5}, s = {"string"}, b = {"boolean", true},
		  n = {"number"}, t = {"table"}, dflt = {"duration", "250ms"}, any = {"any", 7}}`)
	want := "any=7 b=false d=90 dflt=0.25 n=-1.5 r=2000000 s=x w=3"
	if err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func TestCheckRefuses(t *testing.T) {
	for _, c := range []struct{ given, spec, want string }{
		{`{colour = 1}`, `{y = {"number"}}`, `p args: unknown option "colour" (options: y)`},
		{`{w = 2.5}`, `{w = {"whole"}}`, `option w: want a whole number, got 2.5`},
		{`{w = 9}`, `{w = {"whole", 1, min = 1, max = 5}}`, `option w: want a whole number from 1 to 5, got 9`},
		{`{d = 0}`, `{d = {"duration", 1, above = 0}}`, `option d: want a duration above 0`},
		{`{d = "fast"}`, `{d = {"duration"}}`, `option d: bad duration "fast"`},
		{`{s = 3}`, `{s = {"string"}}`, `option s: want a string, got 3`},
		{`{}`, `{ip = {"string", required = true}}`, `option ip: required: want a string`},
		{`"oops"`, `{}`, `p args: the arguments must be a table, got string`},
		{`{}`, `{x = {"colour"}}`, `args.check: spec.x: unknown kind "colour"`},
	} {
		_, err := runCheck(t, c.given, c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("given %s, spec %s: error %v, want %q", c.given, c.spec, err, c.want)
		}
	}
}
