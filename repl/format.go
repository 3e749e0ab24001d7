package repl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Format renders v for the REPL: strings quoted, tables as constructors
// (two levels deep, 30 entries each), objects with __tostring by it.
func Format(L *lua.LState, v lua.LValue) string { return FormatDepth(L, v, 2) }

// FormatDepth is Format showing tables levels deep: show(t, levels).
func FormatDepth(L *lua.LState, v lua.LValue, levels int) string {
	var b strings.Builder
	f := formatter{L: L, b: &b, levels: levels, seen: map[*lua.LTable]bool{}}
	f.format(v, 0)
	return b.String()
}

// formatter renders one value.
type formatter struct {
	L      *lua.LState
	b      *strings.Builder
	levels int // how deep tables are shown
	seen   map[*lua.LTable]bool
}

func (f *formatter) format(v lua.LValue, depth int) {
	L, b, seen := f.L, f.b, f.seen
	switch v := v.(type) {
	case lua.LString:
		b.WriteString(strconv.Quote(string(v)))
	case *lua.LTable:
		if L.GetMetaField(v, "__tostring") != lua.LNil {
			b.WriteString(L.ToStringMeta(v).String())
			return
		}
		if seen[v] || depth >= f.levels {
			fmt.Fprintf(b, "{...}")
			return
		}
		seen[v] = true
		defer delete(seen, v)
		f.table(v, depth)
	default:
		b.WriteString(L.ToStringMeta(v).String())
	}
}

func (f *formatter) table(t *lua.LTable, depth int) {
	const limit = 30
	b := f.b
	n := t.Len()
	var keys []lua.LValue
	t.ForEach(func(k, _ lua.LValue) {
		if num, ok := k.(lua.LNumber); ok && float64(num) == float64(int(num)) && int(num) >= 1 && int(num) <= n {
			return
		}
		keys = append(keys, k)
	})
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	b.WriteString("{")
	count := 0
	sep := func() {
		if count > 0 {
			b.WriteString(", ")
		}
		count++
	}
	for i := 1; i <= n && count < limit; i++ {
		sep()
		f.format(t.RawGetInt(i), depth+1)
	}
	for _, k := range keys {
		if count >= limit {
			break
		}
		sep()
		if s, ok := k.(lua.LString); ok && isName(string(s)) {
			b.WriteString(string(s))
		} else {
			b.WriteString("[")
			f.format(k, depth+1)
			b.WriteString("]")
		}
		b.WriteString(" = ")
		f.format(t.RawGet(k), depth+1)
	}
	if n+len(keys) > count {
		fmt.Fprintf(b, ", ... (%d more)", n+len(keys)-count)
	}
	b.WriteString("}")
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
