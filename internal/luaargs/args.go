// Package luaargs is the args module of node programs and filters: one
// check of the arguments a stdlib program or filter takes, with the same
// errors as mesh.link's options (an unknown name with "did you mean", a
// bad value naming the argument), durations and rates read as the
// command line and mesh.link read them.
package luaargs

import (
	"fmt"
	"math"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// Funcs are the functions of the args module: args.check.
func Funcs() []luakit.NamedFunc {
	return []luakit.NamedFunc{{Name: "check", Fn: check}}
}

// check is args.check(where, given, spec) -> values: given (a program's
// node.args or a filter's options: a table or nil) checked against spec,
// {name = {kind, default, min =, max =, above =, required =}, ...}, and
// returned with every name of spec set (defaults filled in, durations in
// seconds, rates in bits per second). kind is "number", "whole",
// "duration", "rate", "string", "boolean", "table", "function" or "any".
// An error names where, the argument and what was wanted.
func check(L *lua.LState) int {
	where := L.CheckString(1)
	var given *lua.LTable
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		given = v
	default:
		L.RaiseError("%s: the arguments must be a table, got %s", where, v.Type())
	}
	spec := L.CheckTable(3)
	var names []string
	spec.ForEach(func(k, _ lua.LValue) { names = append(names, k.String()) })
	sort.Strings(names)
	o := luakit.CheckOptions(L, where, given, names...)
	out := L.CreateTable(0, len(names))
	for _, name := range names {
		r, err := readRule(spec.RawGetString(name))
		if err != nil {
			L.RaiseError("args.check: spec.%s: %v", name, err)
		}
		v := o.Get(name)
		if v == lua.LNil {
			if r.required {
				o.Fail(name, fmt.Errorf("required: want %s", r.want()))
			}
			v = r.def
		}
		if v == lua.LNil {
			continue
		}
		got, err := r.convert(v)
		if err != nil {
			o.Fail(name, err)
		}
		out.RawSetString(name, got)
	}
	L.Push(out)
	return 1
}

// rule is what spec says of one argument.
type rule struct {
	kind            string
	def             lua.LValue
	min, max, above lua.LValue // bounds of numbers, whole numbers and durations
	required        bool
}

var kinds = map[string]string{
	"number":   "a number",
	"whole":    "a whole number",
	"duration": "a duration",
	"rate":     "a rate",
	"string":   "a string",
	"boolean":  "true or false",
	"table":    "a table",
	"function": "a function",
	"any":      "a value",
}

func readRule(v lua.LValue) (*rule, error) {
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("want {kind, default}, got %s", v.Type())
	}
	r := &rule{kind: t.RawGetInt(1).String(), def: t.RawGetInt(2), min: t.RawGetString("min"),
		max: t.RawGetString("max"), above: t.RawGetString("above"), required: lua.LVAsBool(t.RawGetString("required"))}
	if _, ok := kinds[r.kind]; !ok {
		return nil, fmt.Errorf("unknown kind %q", r.kind)
	}
	return r, nil
}

// examples follow what a duration or rate may be written as.
var examples = map[string]string{
	"duration": ` (seconds, or a string such as "250ms" or "2s")`,
	"rate":     ` (bits per second, or a string such as "10Mbit")`,
}

// want says what the argument must be, with its bounds.
func (r *rule) want() string {
	s := kinds[r.kind]
	if r.above != lua.LNil {
		s += fmt.Sprintf(" above %v", r.above)
	}
	switch {
	case r.min != lua.LNil && r.max != lua.LNil:
		s += fmt.Sprintf(" from %v to %v", r.min, r.max)
	case r.min != lua.LNil:
		s += fmt.Sprintf(" >= %v", r.min)
	case r.max != lua.LNil:
		s += fmt.Sprintf(" <= %v", r.max)
	}
	return s + examples[r.kind]
}

// convert checks v and returns it as the program gets it.
func (r *rule) convert(v lua.LValue) (lua.LValue, error) {
	bad := func(err error) (lua.LValue, error) {
		if err != nil {
			return nil, err // the parser's own, which says what it takes
		}
		return nil, fmt.Errorf("want %s, got %s", r.want(), describe(v))
	}
	switch r.kind {
	case "number", "whole":
		n, ok := v.(lua.LNumber)
		if !ok || math.IsNaN(float64(n)) || r.kind == "whole" && n != lua.LNumber(math.Trunc(float64(n))) || !r.inBounds(n) {
			return bad(nil)
		}
		return n, nil
	case "duration":
		d, err := luakit.ParseDuration(v)
		if err != nil {
			return bad(err)
		}
		if s := luakit.Seconds(d); !r.inBounds(s) {
			return bad(nil)
		}
		return luakit.Seconds(d), nil
	case "rate":
		bits, err := luakit.ParseRate(v)
		if err != nil {
			return bad(err)
		}
		return lua.LNumber(bits), nil
	case "string", "boolean", "table", "function":
		if v.Type().String() != r.kind {
			return bad(nil)
		}
	}
	return v, nil
}

func (r *rule) inBounds(n lua.LNumber) bool {
	if b, ok := r.above.(lua.LNumber); ok && n <= b {
		return false
	}
	if b, ok := r.min.(lua.LNumber); ok && n < b {
		return false
	}
	if b, ok := r.max.(lua.LNumber); ok && n > b {
		return false
	}
	return true
}

// describe is v as an error shows it: a string quoted, others as Lua
// prints them.
func describe(v lua.LValue) string {
	if s, ok := v.(lua.LString); ok {
		return fmt.Sprintf("%q", string(s))
	}
	return v.String()
}
