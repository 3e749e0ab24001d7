package luakit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/meshlua/meshlua/runtime"
	lua "github.com/yuin/gopher-lua"
)

// Options reads a table of named options, each key once, and rejects keys it
// does not know with an error naming the key and the nearest known one.
type Options struct {
	L     *lua.LState
	Where string // the function, for messages: "mesh.link"
	t     *lua.LTable
}

// CheckOptions raises an error unless every key of t is one of known.
func CheckOptions(L *lua.LState, where string, t *lua.LTable, known ...string) *Options {
	o := &Options{L: L, Where: where, t: t}
	if t == nil {
		return o
	}
	t.ForEach(func(k, _ lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok {
			L.RaiseError("%s: option keys must be names, got %s", where, k.Type())
		}
		for _, kn := range known {
			if string(name) == kn {
				return
			}
		}
		L.RaiseError("%s: unknown option %q%s (options: %s)", where, string(name),
			suggest(string(name), known), strings.Join(sorted(known), ", "))
	})
	return o
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// suggest returns ` (did you mean "x"?)` for the nearest known name, if near.
func suggest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Get returns the option's value, or nil if absent.
func (o *Options) Get(key string) lua.LValue {
	if o.t == nil {
		return lua.LNil
	}
	return o.t.RawGetString(key)
}

// Fail raises an error about one option.
func (o *Options) Fail(key string, err error) {
	o.L.RaiseError("%s: option %s: %v", o.Where, key, err)
}

// NamedFunc is a Go function and its Lua name.
type NamedFunc struct {
	Name string
	Fn   lua.LGFunction
}

// SetFuncs sets fns in t in order, so pairs over t is the same every run.
func SetFuncs(L *lua.LState, t *lua.LTable, fns []NamedFunc) {
	for _, f := range fns {
		t.RawSetString(f.Name, L.NewFunction(f.Fn))
	}
}

// MAC reads a MAC address option.
func (o *Options) MAC(key string, v lua.LValue) runtime.MAC {
	s, ok := v.(lua.LString)
	if !ok {
		o.Fail(key, fmt.Errorf("want a MAC address string, got %s", v.Type()))
	}
	if m, ok := ParseMAC(string(s)); ok {
		return m
	}
	m, err := runtime.ParseMAC(string(s))
	if err != nil {
		o.Fail(key, err)
	}
	return m
}
