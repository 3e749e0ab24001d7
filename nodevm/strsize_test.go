package nodevm

import (
	"fmt"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestFormatSizeBoundsTheResult checks that formatSize is never below the
// length of what string.format builds.
func TestFormatSizeBoundsTheResult(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	tbl := L.NewTable()
	tbl.RawSetInt(1, lua.LString(strings.Repeat("é\x01", 50)))
	tbl.RawSetString("key", lua.LNumber(1e300))
	tbl.RawSetInt(5, tbl)
	long := lua.LString(strings.Repeat("\x00\xff\u2028é", 100))
	values := []lua.LValue{long, lua.LNumber(-1.5e308), lua.LNumber(42), lua.LString("12"), tbl, lua.LTrue, lua.LNil,
		L.NewFunction(func(*lua.LState) int { return 0 })}
	formats := []string{
		"%s", "%q", "%+q", "%#q", "%x", "% x", "% #X", "%d", "%i", "%c", "%U", "%#U", "%o", "%#b", "%e", "%.30f",
		"%f", "%g", "%G", "%v", "%+v", "%#v", "%T", "%p", "%t", "%z", "%100s", "%-10.5s", "%*d", "%.*f", "%[2]s",
		"%[1]*d", "%[9]s", "%[x]s", "%[", "%", "%%", "%!", "%5.", "abc", "%s%s%s", "%d %d %d %d",
	}
	for _, f := range formats {
		for _, a := range values {
			for _, b := range values[:3] {
				args := []lua.LValue{a, b}
				goArgs := []any{a, b}
				if got, bound := len(fmt.Sprintf(f, goArgs...)), formatSize(f, args); int64(got) > bound {
					t.Errorf("string.format(%q, %s, %s): %d bytes, bound %d", f, a.Type(), b.Type(), got, bound)
				}
			}
		}
	}
}
