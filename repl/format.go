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
func Format(L *lua.LState, v lua.LValue) string {
	var b strings.Builder
	format(L, &b, v, 0, map[*lua.LTable]bool{})
	return b.String()
}

func format(L *lua.LState, b *strings.Builder, v lua.LValue, depth int, seen map[*lua.LTable]bool) {
	switch v := v.(type) {
	case lua.LString:
		b.WriteString(strconv.Quote(string(v)))
	case *lua.LTable:
		if L.GetMetaField(v, "__tostring") != lua.LNil {
			b.WriteString(L.ToStringMeta(v).String())
			return
		}
		if seen[v] || depth >= 2 {
			fmt.Fprintf(b, "{...}")
			return
		}
		seen[v] = true
		defer delete(seen, v)
		formatTable(L, b, v, depth, seen)
	default:
		b.WriteString(L.ToStringMeta(v).String())
	}
}

func formatTable(L *lua.LState, b *strings.Builder, t *lua.LTable, depth int, seen map[*lua.LTable]bool) {
	const limit = 30
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
		format(L, b, t.RawGetInt(i), depth+1, seen)
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
			format(L, b, k, depth+1, seen)
			b.WriteString("]")
		}
		b.WriteString(" = ")
		format(L, b, t.RawGet(k), depth+1, seen)
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
