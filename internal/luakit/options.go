package luakit

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/suggest"
	"github.com/meshlua/meshlua/runtime"
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
		if err := KeyError(where, k, known); err != nil {
			L.RaiseError("%s", err)
		}
	})
	return o
}

// KeyError returns nil if k is one of known, and otherwise the error that
// CheckOptions raises for it, naming the nearest known key.
func KeyError(where string, k lua.LValue, known []string) error {
	name, ok := k.(lua.LString)
	if !ok {
		return fmt.Errorf("%s: option keys must be names, got %s", where, k.Type())
	}
	for _, kn := range known {
		if string(name) == kn {
			return nil
		}
	}
	return fmt.Errorf("%s: unknown option %q%s (options: %s)", where, string(name),
		didYouMean(string(name), known), strings.Join(sorted(known), ", "))
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// didYouMean returns ` (did you mean "x"?)` for the nearest known name,
// if it is within two edits.
func didYouMean(name string, known []string) string {
	if best := suggest.Nearest(name, known, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
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
	o.L.RaiseError("%s", OptionError(o.Where, key, err))
}

// OptionError is the error about one option that Fail raises.
func OptionError(where, key string, err error) error {
	return fmt.Errorf("%s: option %s: %w", where, key, err)
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

// ToMAC reads a MAC address string, "02:00:00:00:00:01". A string read
// again (a relay sends to the f.dst it read, the same Lua string for every
// frame: MACString's) is not parsed again: parsedMACs knows it by where
// its bytes are.
func ToMAC(v lua.LValue) (runtime.MAC, error) {
	s, ok := v.(lua.LString)
	if !ok {
		return runtime.MAC{}, fmt.Errorf("want a MAC address string, got %s", v.Type())
	}
	data := unsafe.StringData(string(s))
	slot := &parsedMACs[uintptr(unsafe.Pointer(data))>>4%uintptr(len(parsedMACs))]
	if e := slot.Load(); e != nil && unsafe.StringData(e.s) == data && len(e.s) == len(s) {
		return e.mac, nil // the same bytes, which never change
	}
	mac, err := runtime.ParseMAC(string(s))
	if err == nil {
		slot.Store(&parsedMAC{s: string(s), mac: mac})
	}
	return mac, err
}

// parsedMACs caches the addresses of strings ToMAC parsed lately, 256
// slots by where the string's bytes are. An entry holds its string, so
// its bytes are not reused for another while it is there; entries never
// change, so any goroutine may read and fill the cache.
var parsedMACs [256]atomic.Pointer[parsedMAC]

type parsedMAC struct {
	s   string
	mac runtime.MAC
}
